package dev.augur.deploy.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM running one of Augur's apps (the Flink job, the ingest app, a feed), with its output in a log file.
 * The Kafka Streams apps and the Flink job must not share a JVM (their RocksDB jars clash), so the local stack runs
 * each in its own process, as a real deployment would. {@link #close()} asks the process to stop (SIGTERM, so
 * shutdown hooks run), waits, then kills it and its descendants.
 */
public final class JvmProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JvmProcess.class);

    /** Java 17 module openings that Flink needs (as in Flink's own start scripts). */
    public static final List<String> FLINK_JVM_OPTIONS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.management/sun.management=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED");

    private final String name;
    private final Process process;
    private final Path logFile;

    private JvmProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java <jvmOptions> -cp <classpath> <mainClass> <args>} with stdout and stderr appended to
     * {@code logFile}; logging inside the child goes to the same file via {@code logConfig} (log4j2).
     */
    public static JvmProcess start(String name, String classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Path logFile, Path logConfig) {
        List<String> jvm = new ArrayList<>(jvmOptions);
        if (logConfig != null) {
            jvm.add("-Dlog4j2.configurationFile=" + logConfig.toAbsolutePath());
            jvm.add("-Daugur.log.file=" + logFile.toAbsolutePath());
        }
        List<String> cmd = javaCommand(classpath, jvm, mainClass, args);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            LOG.info("started {} (pid {}): {} {}", name, p.pid(), mainClass, String.join(" ",
                    dev.augur.schemas.config.Secrets.maskArgs(args)));
            return new JvmProcess(name, p, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + mainClass + ")", e);
        }
    }

    /**
     * Runs {@code java <jvmOptions> -cp <classpath> <mainClass> <args>} in the foreground with this process's standard
     * output and error, and returns its exit code. Logging inside the child goes to {@code logFile} when a log
     * configuration is given.
     */
    public static int runInForeground(String classpath, List<String> jvmOptions, String mainClass, List<String> args,
            Path logFile, Path logConfig) throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(jvmOptions);
        if (logConfig != null) {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            jvm.add("-Dlog4j2.configurationFile=" + logConfig.toAbsolutePath());
            jvm.add("-Daugur.log.file=" + logFile.toAbsolutePath());
        }
        List<String> cmd = javaCommand(classpath, jvm, mainClass, args);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        try {
            return p.waitFor();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** {@code <this JVM's java> <jvmOptions> -cp <classpath> <mainClass> <args>}. */
    public static List<String> javaCommand(String classpath, List<String> jvmOptions, String mainClass,
            List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Exit code, or -1 while running. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits for the process to exit by itself. */
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    /** The last {@code n} lines of the log file, for error messages. */
    public String logTail(int n) {
        return tail(logFile, n);
    }

    /** The last {@code n} lines of {@code file}, or a note saying why it cannot be read. */
    public static String tail(Path file, int n) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                LOG.warn("{} (pid {}) did not stop within 20 s; killing it", name, process.pid());
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle d : descendants) {
            d.destroyForcibly();
        }
        LOG.info("stopped {} (pid {})", name, process.pid());
    }
}
