package dev.augur.deploy.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code ./augur cluster up} started, kept in {@code <work dir>/cluster.properties} so that {@code status},
 * {@code down}, {@code deploy} and {@code chaos} find the cluster from another invocation: the host, the ports, and
 * per process its role, pid and main class. Written atomically after every change.
 */
public final class ClusterState {
    static final String FILE = "cluster.properties";

    private final Path workDir;
    private final Properties p;

    private ClusterState(Path workDir, Properties p) {
        this.workDir = workDir;
        this.p = p;
    }

    /** A new, empty state for a cluster in {@code workDir}. */
    static ClusterState create(Path workDir, String host, int brokerPort, int controllerPort, int rpcPort,
            int restPort) {
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("broker.port", Integer.toString(brokerPort));
        p.setProperty("controller.port", Integer.toString(controllerPort));
        p.setProperty("jobmanager.rpc.port", Integer.toString(rpcPort));
        p.setProperty("rest.port", Integer.toString(restPort));
        return new ClusterState(workDir, p);
    }

    /** The state of the cluster in {@code workDir}, if one was started there. */
    public static Optional<ClusterState> load(Path workDir) {
        Path f = workDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster state " + f, e);
        }
        return Optional.of(new ClusterState(workDir, p));
    }

    public Path workDir() {
        return workDir;
    }

    public String host() {
        return p.getProperty("host");
    }

    public int brokerPort() {
        return Integer.parseInt(p.getProperty("broker.port"));
    }

    public int controllerPort() {
        return Integer.parseInt(p.getProperty("controller.port"));
    }

    public int rpcPort() {
        return Integer.parseInt(p.getProperty("jobmanager.rpc.port"));
    }

    public int restPort() {
        return Integer.parseInt(p.getProperty("rest.port"));
    }

    public String bootstrapServers() {
        return host() + ":" + brokerPort();
    }

    public String restUrl() {
        return "http://" + host() + ":" + restPort();
    }

    /** A free-form setting of the cluster (slots, topic prefix, uploaded jar), or {@code def}. */
    public synchronized String setting(String key, String def) {
        return p.getProperty("setting." + key, def);
    }

    synchronized void setSetting(String key, String value) {
        p.setProperty("setting." + key, value);
        save();
    }

    /** Records (or replaces) the process of {@code role} and saves. */
    synchronized void put(DetachedProcess proc) {
        p.setProperty("process." + proc.role() + ".pid", Long.toString(proc.pid()));
        p.setProperty("process." + proc.role() + ".main", proc.mainClass());
        p.setProperty("process." + proc.role() + ".log", proc.logFile().toString());
        save();
    }

    /** The process recorded for {@code role}, alive or not. */
    public synchronized Optional<DetachedProcess> process(String role) {
        String pid = p.getProperty("process." + role + ".pid");
        if (pid == null) {
            return Optional.empty();
        }
        return Optional.of(new DetachedProcess(role, Long.parseLong(pid), p.getProperty("process." + role + ".main"),
                Path.of(p.getProperty("process." + role + ".log"))));
    }

    /** Every recorded process, broker first, then the JobManager, then the TaskManagers by number. */
    public synchronized List<DetachedProcess> processes() {
        List<String> roles = new ArrayList<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("process.") && k.endsWith(".pid")) {
                roles.add(k.substring("process.".length(), k.length() - ".pid".length()));
            }
        }
        roles.sort((a, b) -> Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b))
                : a.compareTo(b));
        List<DetachedProcess> out = new ArrayList<>();
        for (String r : roles) {
            process(r).ifPresent(out::add);
        }
        return out;
    }

    private static int rank(String role) {
        return role.equals("broker") ? 0 : role.equals("jobmanager") ? 1 : 2;
    }

    synchronized void save() {
        try {
            Files.createDirectories(workDir);
            Path tmp = workDir.resolve(FILE + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "Augur standalone cluster (./augur cluster); do not edit while it runs");
            }
            Files.move(tmp, workDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cluster state in " + workDir, e);
        }
    }

    /** Forgets the cluster (after {@code down}). */
    void delete() {
        try {
            Files.deleteIfExists(workDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the cluster state in " + workDir, e);
        }
    }
}
