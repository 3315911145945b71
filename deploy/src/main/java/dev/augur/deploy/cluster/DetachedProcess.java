package dev.augur.deploy.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the standalone cluster (broker, JobManager, TaskManager) that outlives the command that started it: known
 * by its pid and main class only, so {@code ./augur cluster status} and {@code down} find it from another invocation.
 * A pid is only trusted while the process behind it still runs {@link #mainClass} (pids are reused).
 *
 * @param role what the process is, e.g. {@code taskmanager-2}
 * @param pid the operating system's process id
 * @param mainClass the Java main class it was started with
 * @param logFile where its standard output, standard error and log go
 */
public record DetachedProcess(String role, long pid, String mainClass, Path logFile) {

    /**
     * Starts {@code java <jvmOptions> -cp <classpath> <mainClass> <args>} with its output appended to {@code logFile}
     * and its input from /dev/null; it keeps running when this JVM exits.
     */
    public static DetachedProcess start(String role, String classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Path logFile) {
        List<String> cmd = dev.augur.deploy.process.JvmProcess.javaCommand(classpath, jvmOptions, mainClass, args);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new DetachedProcess(role, p.pid(), mainClass, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + role + " (" + mainClass + ")", e);
        }
    }

    /** The running process, if {@link #pid} is alive and still runs {@link #mainClass}. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> arguments(h).contains(mainClass));
    }

    /** The process's arguments: from /proc on Linux (ProcessHandle.Info truncates long command lines), else Info. */
    private static List<String> arguments(ProcessHandle h) {
        Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return List.of(new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8)
                        .split("\0"));
            }
        } catch (IOException gone) {
            return List.of();
        }
        return h.info().arguments().map(List::of).orElse(List.of());
    }

    public boolean isAlive() {
        return handle().isPresent();
    }

    /** SIGKILL, as a crash would: no shutdown hook runs. Returns once the process is gone. */
    public void kill9() {
        handle().ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
    }

    /** SIGTERM, waits up to {@code graceSeconds}, then SIGKILL. Returns once the process is gone. */
    public void stop(int graceSeconds) {
        handle().ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(graceSeconds, TimeUnit.SECONDS);
            } catch (Exception slow) {
                h.destroyForcibly();
                h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            }
        });
    }

    /** The last {@code n} lines of the log file, for error messages. */
    public String logTail(int n) {
        return dev.augur.deploy.process.JvmProcess.tail(logFile, n);
    }
}
