package dev.augur.alerting;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@link AlertingApp} in its own JVM, as the launcher runs it: {@code java -cp target/classes:<runtime
 * classpath> dev.augur.alerting.AlertingApp ...}, output to a log file. {@link #stop()} sends SIGTERM so the shutdown
 * hook runs.
 */
final class AppProcess implements AutoCloseable {
    private static final Pattern DASHBOARD = Pattern.compile("Dashboard at (http://\\S+/)");

    private final Process process;
    private final Path log;

    private AppProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static AppProcess start(List<String> args, Path log) throws IOException {
        Path runClasspath = Path.of("target", "run-classpath.txt");
        if (!Files.exists(runClasspath)) {
            throw new IllegalStateException("expected " + runClasspath.toAbsolutePath() + " (written by the "
                    + "build-classpath execution at prepare-package); run the ITs with mvn verify");
        }
        String cp = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(runClasspath).trim();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(AlertingApp.class.getName());
        cmd.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new AppProcess(p, log);
    }

    /** Waits for the {@code Dashboard at http://HOST:PORT/} line and returns the URL. */
    String awaitDashboardUrl(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = DASHBOARD.matcher(log());
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                throw new AssertionError("the app exited with " + process.exitValue() + " before serving:\n"
                        + tail(60));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no 'Dashboard at' line within " + timeout + ":\n" + tail(60));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * SIGTERM, then waits up to 60 s.
     *
     * @return the exit status (143 after a SIGTERM whose shutdown hook completed)
     */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the app did not stop within 60 s of SIGTERM:\n" + tail(40));
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
