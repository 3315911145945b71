package dev.augur.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.deploy.broker.EmbeddedKafkaBroker;
import dev.augur.deploy.broker.TopicProvisioner;
import dev.augur.deploy.process.JvmProcess;
import dev.augur.deploy.process.ModuleClasspath;
import dev.augur.schemas.topics.TopicCatalogue;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real multi-process cluster on one machine, from the Maven artifacts (no distribution tarball): a KRaft Kafka broker
 * ({@code kafka.Kafka}), a Flink JobManager ({@code StandaloneSessionClusterEntrypoint}) with the web UI, and
 * TaskManagers ({@code TaskManagerRunner}), each its own JVM, each bound to {@link ClusterOptions#host()} (127.0.0.1
 * by default). The processes outlive the command that started them; {@link ClusterState} in the work directory lets a
 * later command find them. The JVM memory flags come from Flink's own {@code BashJavaUtils}, as Flink's start scripts
 * get them.
 */
public final class StandaloneCluster {
    public static final String KAFKA_MAIN = "kafka.Kafka";
    public static final String JOBMANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    public static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    static final String FLINK_MODULE = "deploy/flink-cluster";

    private final Path home;
    private final ClusterState state;
    private final FlinkRest rest;

    private StandaloneCluster(Path home, ClusterState state) {
        this.home = home;
        this.state = state;
        this.rest = new FlinkRest(state.restUrl());
    }

    /** The cluster recorded in {@code workDir}. */
    public static StandaloneCluster attach(Path home, Path workDir) {
        ClusterState s = ClusterState.load(workDir).orElseThrow(() -> new IllegalStateException(
                "expected a cluster in " + workDir + " (" + ClusterState.FILE + ") but found none: run ./augur cluster"
                        + " up first"));
        return new StandaloneCluster(home, s);
    }

    public ClusterState state() {
        return state;
    }

    public FlinkRest rest() {
        return rest;
    }

    /**
     * Starts the broker, creates the catalogue's topics, starts the JobManager and the TaskManagers and waits until
     * every TaskManager has registered. Fails if a cluster of this work directory still runs; on failure stops
     * whatever it started.
     */
    public static StandaloneCluster up(ClusterOptions o, PrintStream out) throws IOException, InterruptedException {
        Path work = o.workDir().toAbsolutePath();
        var previous = ClusterState.load(work);
        if (previous.isPresent()) {
            List<String> alive = previous.get().processes().stream().filter(DetachedProcess::isAlive)
                    .map(p -> p.role() + " (pid " + p.pid() + ")").toList();
            if (!alive.isEmpty()) {
                throw new IllegalStateException("expected no cluster running in " + work + " but found " + alive
                        + ": ./augur cluster down first");
            }
        }
        long t0 = System.nanoTime();
        int[] ports = distinctFreePorts(4);
        ClusterState s = ClusterState.create(work, o.host(), ports[0], ports[1], ports[2], ports[3]);
        s.setSetting("taskmanagers", Integer.toString(o.taskManagers()));
        s.setSetting("slots", Integer.toString(o.slots()));
        s.setSetting("topic-prefix", o.topicPrefix());
        s.setSetting("partitions", Integer.toString(o.partitions()));
        StandaloneCluster c = new StandaloneCluster(o.home(), s);
        try {
            out.printf("starting the Kafka broker (KRaft) on %s ...%n", s.bootstrapServers());
            c.startBroker();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers()))) {
                List<String> created = TopicProvisioner.createMissing(admin, TopicCatalogue.withPrefix(
                        o.topicPrefix(), o.partitions()), (short) 1);
                out.printf("  broker up after %.1f s; created %d topics with prefix '%s', %d partitions%n",
                        seconds(t0), created.size(), o.topicPrefix(), o.partitions());
            }
            c.writeFlinkConfig(o);
            out.printf("starting the Flink JobManager (REST and web UI on %s) ...%n", s.restUrl());
            c.startJobManager();
            for (int i = 1; i <= o.taskManagers(); i++) {
                c.startTaskManager(i);
            }
            out.printf("  started %d TaskManagers with %d slots each; waiting for them to register ...%n",
                    o.taskManagers(), o.slots());
            c.awaitTaskManagers(o.taskManagers(), Duration.ofSeconds(120));
            out.printf("cluster up after %.1f s: Kafka %s, Flink web UI %s, logs in %s%n", seconds(t0),
                    s.bootstrapServers(), s.restUrl(), work.resolve("logs"));
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            out.println("start-up failed; stopping what was started: " + e.getMessage());
            c.down(null);
            throw e;
        }
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static int[] distinctFreePorts(int n) throws IOException {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int p;
            do {
                p = EmbeddedKafkaBroker.freePort();
            } while (contains(out, i, p));
            out[i] = p;
        }
        return out;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    Path logFile(String role) {
        return state.workDir().resolve("logs").resolve(role + ".log");
    }

    Path flinkConfDir() {
        return state.workDir().resolve("flink/conf");
    }

    public Path checkpointDir() {
        return state.workDir().resolve("checkpoints");
    }

    public Path savepointDir() {
        return state.workDir().resolve("savepoints");
    }

    private void startBroker() throws IOException, InterruptedException {
        Path dir = state.workDir().resolve("kafka");
        Path data = dir.resolve("data");
        // a new cluster gets a new broker: the previous run's data (kept by down for a look) goes now
        deleteRecursively(data);
        Files.createDirectories(dir);
        Properties props = EmbeddedKafkaBroker.serverProperties(state.brokerPort(), state.controllerPort(), data);
        String host = state.host();
        props.setProperty("controller.quorum.bootstrap.servers", host + ":" + state.controllerPort());
        props.setProperty("listeners", "PLAINTEXT://" + host + ":" + state.brokerPort() + ",CONTROLLER://" + host + ":"
                + state.controllerPort());
        props.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + state.brokerPort());
        StringBuilder sb = new StringBuilder();
        for (String k : props.stringPropertyNames()) {
            sb.append(k).append('=').append(props.getProperty(k)).append('\n');
        }
        Path config = dir.resolve("server.properties");
        Files.writeString(config, sb.toString());
        String cp = ModuleClasspath.of(home, "deploy");
        Path log = logFile("broker");
        List<String> jvm = List.of("-Xmx512m", "-Dlog4j2.configurationFile=" + home.resolve(
                "deploy/conf/log4j2-file.properties"), "-Daugur.log.file=" + log);
        Path formatLog = logFile("broker-format");
        Files.createDirectories(formatLog.getParent());
        Process format = new ProcessBuilder(JvmProcess.javaCommand(cp, List.of("-Xmx256m"), "kafka.tools.StorageTool",
                List.of("format", "-t", org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", config.toString(),
                        "--standalone"))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(formatLog.toFile())).start();
        int rc = format.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("formatting the KRaft storage in " + data + " failed (exit " + rc
                    + "):\n" + JvmProcess.tail(formatLog, 20));
        }
        DetachedProcess broker = DetachedProcess.start("broker", cp, jvm, KAFKA_MAIN, List.of(config.toString()),
                log);
        state.put(broker);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, state.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (!broker.isAlive()) {
                        throw new IllegalStateException("the broker exited during start-up; last log lines ("
                                + log + "):\n" + broker.logTail(30));
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("expected the broker on " + state.bootstrapServers()
                                + " within 60 s but it did not answer; log: " + log);
                    }
                    Thread.sleep(300);
                }
            }
        }
    }

    /** Flink's {@code config.yaml}: every address the host, checkpoints and savepoints in the work directory. */
    void writeFlinkConfig(ClusterOptions o) throws IOException {
        Path work = state.workDir();
        Map<String, String> c = new LinkedHashMap<>();
        String host = state.host();
        c.put("jobmanager.rpc.address", host);
        c.put("jobmanager.rpc.port", Integer.toString(state.rpcPort()));
        c.put("jobmanager.bind-host", host);
        c.put("taskmanager.bind-host", host);
        c.put("taskmanager.host", host);
        c.put("rest.address", host);
        c.put("rest.bind-address", host);
        c.put("rest.port", Integer.toString(state.restPort()));
        // the job jar carries ONNX Runtime and is about 170 MB; the default limit is 100 MB
        c.put("rest.server.max-content-length", Integer.toString(512 * 1024 * 1024));
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(o.slots()));
        c.put("parallelism.default", "2");
        c.put("jobmanager.memory.process.size", "1280m");
        c.put("taskmanager.memory.process.size", "1536m");
        c.put("state.backend.type", "rocksdb");
        c.put("execution.checkpointing.dir", checkpointDir().toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", savepointDir().toUri().toString());
        // a retained checkpoint is what a job restarts from after the JobManager itself was lost (no HA service)
        c.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        c.put("execution.checkpointing.num-retained", "3");
        // a killed TaskManager is noticed within seconds, not the default 50 s
        c.put("heartbeat.interval", "1000");
        c.put("heartbeat.timeout", "10000");
        c.put("taskmanager.load-balance.mode", "slots");
        c.put("web.upload.dir", work.resolve("flink/web-upload").toString());
        c.put("web.tmpdir", work.resolve("flink/web").toString());
        c.put("io.tmp.dirs", work.resolve("flink/tmp").toString());
        c.put("state.backend.rocksdb.log.dir", work.resolve("flink/rocksdb-logs").toString());
        c.put("env.java.opts.taskmanager", "-Xss4m");
        Files.createDirectories(flinkConfDir());
        Files.createDirectories(work.resolve("flink/tmp"));
        Files.createDirectories(work.resolve("flink/rocksdb-logs"));
        Files.createDirectories(checkpointDir());
        Files.createDirectories(savepointDir());
        StringBuilder sb = new StringBuilder("# written by ./augur cluster up\n");
        c.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        Files.writeString(flinkConfDir().resolve("config.yaml"), sb.toString());
    }

    /** JVM flags (first) and dynamic properties (second) from {@code BashJavaUtils}, as Flink's scripts do. */
    List<List<String>> resourceParams(String command) throws IOException, InterruptedException {
        String cp = ModuleClasspath.dependenciesOf(home, FLINK_MODULE);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                BASH_JAVA_UTILS, command, "--configDir", flinkConfDir().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        List<String> results = output.lines().filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length()).trim()).toList();
        if (rc != 0 || results.size() < 2) {
            throw new IllegalStateException("expected two " + RESULT_PREFIX + " lines from BashJavaUtils " + command
                    + " but found exit " + rc + " and:\n" + output);
        }
        List<String> jvm = Arrays.asList(results.get(results.size() - 2).split("\\s+"));
        List<String> dyn = Arrays.asList(results.get(results.size() - 1).split("\\s+"));
        return List.of(jvm, dyn);
    }

    private List<String> flinkJvm(List<String> memory, Path log) {
        List<String> jvm = new ArrayList<>(memory);
        jvm.add("-Xss4m");
        jvm.addAll(JvmProcess.FLINK_JVM_OPTIONS);
        jvm.add("-Dlog4j2.configurationFile=" + home.resolve("deploy/conf/log4j2-file.properties"));
        jvm.add("-Daugur.log.file=" + log);
        jvm.add("-Dlog.file=" + log); // the web UI's log view
        return jvm;
    }

    /** Starts (or restarts) the JobManager and waits for its REST endpoint. */
    public DetachedProcess startJobManager() throws IOException, InterruptedException {
        List<List<String>> params = resourceParams("GET_JM_RESOURCE_PARAMS");
        Path log = logFile("jobmanager");
        List<String> args = new ArrayList<>(List.of("--configDir", flinkConfDir().toString()));
        args.addAll(params.get(1));
        DetachedProcess jm = DetachedProcess.start("jobmanager", ModuleClasspath.dependenciesOf(home, FLINK_MODULE),
                flinkJvm(params.get(0), log), JOBMANAGER_MAIN, args, log);
        state.put(jm);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!rest.isUp()) {
            if (!jm.isAlive()) {
                throw new IllegalStateException("the JobManager exited during start-up; last log lines (" + log
                        + "):\n" + jm.logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("expected the JobManager's REST endpoint at " + rest.baseUrl()
                        + " within 90 s but it did not answer; log: " + log);
            }
            Thread.sleep(250);
        }
        return jm;
    }

    /** Starts (or restarts) TaskManager number {@code n} (1-based). Does not wait for it to register. */
    public DetachedProcess startTaskManager(int n) throws IOException, InterruptedException {
        List<List<String>> params = resourceParams("GET_TM_RESOURCE_PARAMS");
        String role = "taskmanager-" + n;
        Path log = logFile(role);
        List<String> args = new ArrayList<>(List.of("--configDir", flinkConfDir().toString()));
        args.addAll(params.get(1));
        // a fresh id per start: a restarted TaskManager is a new one to the JobManager
        String resourceId = role + "-" + System.currentTimeMillis();
        args.addAll(List.of("-D", "taskmanager.resource-id=" + resourceId));
        state.setSetting("resource-id." + role, resourceId);
        DetachedProcess tm = DetachedProcess.start(role, ModuleClasspath.dependenciesOf(home, FLINK_MODULE),
                flinkJvm(params.get(0), log), TASKMANAGER_MAIN, args, log);
        state.put(tm);
        return tm;
    }

    /** The resource id of the latest start of TaskManager {@code role}. */
    public String resourceId(String role) {
        return state.setting("resource-id." + role, "");
    }

    /** Waits until the latest start of TaskManager {@code role} has registered with the JobManager. */
    public void awaitRegistered(String role, Duration timeout) throws InterruptedException {
        String id = resourceId(role);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (JsonNode tm : rest.get("/taskmanagers").path("taskmanagers")) {
                    if (tm.path("id").asText().equals(id)) {
                        return;
                    }
                }
            } catch (RuntimeException notYet) {
                // the JobManager may be restarting
            }
            DetachedProcess p = state.process(role).orElseThrow();
            if (!p.isAlive()) {
                throw new IllegalStateException(role + " exited; last log lines (" + p.logFile() + "):\n"
                        + p.logTail(40));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("expected " + role + " (" + id + ") registered within " + timeout
                + " but it was not");
    }

    /** Waits until {@code n} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                seen = rest.get("/overview").path("taskmanagers").asInt(-1);
                if (seen >= n) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the JobManager may be restarting
            }
            for (DetachedProcess p : state.processes()) {
                if (p.role().startsWith("taskmanager") && !p.isAlive()) {
                    throw new IllegalStateException(p.role() + " exited; last log lines (" + p.logFile() + "):\n"
                            + p.logTail(40));
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("expected " + n + " TaskManagers registered within " + timeout
                + " but found " + seen);
    }

    /** One line per process (alive or not) and the JobManager's view: TaskManagers, slots, jobs. */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        for (DetachedProcess p : state.processes()) {
            lines.add(String.format("%-14s pid %-8d %-8s log %s", p.role(), p.pid(), p.isAlive() ? "running"
                    : "stopped", p.logFile()));
        }
        lines.add("kafka          " + state.bootstrapServers());
        if (rest.isUp()) {
            JsonNode o = rest.get("/overview");
            lines.add("flink          " + state.restUrl() + "  taskmanagers " + o.path("taskmanagers").asInt()
                    + ", slots " + o.path("slots-available").asInt() + " free of " + o.path("slots-total").asInt()
                    + ", jobs running " + o.path("jobs-running").asInt());
            for (JsonNode j : rest.get("/jobs/overview").path("jobs")) {
                lines.add("job            " + j.path("jid").asText() + " " + j.path("name").asText() + " "
                        + j.path("state").asText() + "  " + rest.jobUrl(j.path("jid").asText()));
            }
        } else {
            lines.add("flink          " + state.restUrl() + " not answering");
        }
        return lines;
    }

    /**
     * Stops every process of the cluster (TaskManagers, JobManager, then the broker: SIGTERM, then SIGKILL after a
     * grace period), forgets the state and deletes Flink's temporary files. Logs, checkpoints, savepoints and the
     * broker's data stay in the work directory (the next {@code up} starts a fresh broker).
     *
     * @return the processes that are still alive afterwards (empty when all went)
     */
    public List<String> down(PrintStream out) {
        List<DetachedProcess> all = new ArrayList<>(state.processes());
        java.util.Collections.reverse(all);
        for (DetachedProcess p : all) {
            if (p.isAlive()) {
                if (out != null) {
                    out.println("stopping " + p.role() + " (pid " + p.pid() + ")");
                }
                p.stop(p.role().equals("broker") ? 30 : 15);
            }
        }
        List<String> left = all.stream().filter(DetachedProcess::isAlive).map(p -> p.role() + " (pid " + p.pid()
                + ")").toList();
        if (left.isEmpty()) {
            state.delete();
            // blob caches (a copy of the job jar per job and TaskManager) and working directories of killed
            // TaskManagers: gigabytes after a chaos run, and nothing a later cluster can use
            deleteRecursively(state.workDir().resolve("flink/tmp"));
            deleteRecursively(state.workDir().resolve("flink/web-upload"));
        }
        return left;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
