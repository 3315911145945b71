package dev.augur.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.deploy.broker.TopicProvisioner;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What the fault-injection and rescaling scenarios share: a cluster (the one running in the work directory, or one
 * they start and stop themselves), fresh topics per run, job submission, checkpoint progress, and the failure-free
 * reference run their output is compared with.
 */
final class ScenarioSupport implements AutoCloseable {
    final Path home;
    final StandaloneCluster cluster;
    final boolean ownsCluster;
    final int partitions;
    final String runId = UUID.randomUUID().toString().substring(0, 6);
    private final PrintStream out;
    /** Stops a cluster this scenario started when the JVM is stopped early (Ctrl-C). */
    private final Thread stopOnExit;

    private ScenarioSupport(Path home, StandaloneCluster cluster, boolean ownsCluster, int partitions,
            PrintStream out) {
        this.home = home;
        this.cluster = cluster;
        this.ownsCluster = ownsCluster;
        this.partitions = partitions;
        this.out = out;
        this.stopOnExit = ownsCluster ? new Thread(() -> cluster.down(out), "augur-cluster-down") : null;
        if (stopOnExit != null) {
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        }
    }

    /** Attaches to the cluster of {@code work} if it runs, else starts one there (stopped again by close). */
    static ScenarioSupport open(Path home, Path work, PrintStream out) throws Exception {
        var state = ClusterState.load(work);
        boolean running = state.isPresent() && state.get().processes().stream().allMatch(DetachedProcess::isAlive);
        StandaloneCluster c = running ? StandaloneCluster.attach(home, work)
                : StandaloneCluster.up(new ClusterOptions(home, work, "127.0.0.1", 2, 2, 4,
                        TopicCatalogue.DEFAULT_PREFIX), out);
        if (running) {
            out.println("using the cluster running in " + work);
        }
        int partitions = Integer.parseInt(c.state().setting("partitions", "4"));
        return new ScenarioSupport(home, c, !running, partitions, out);
    }

    FlinkRest rest() {
        return cluster.rest();
    }

    String bootstrap() {
        return cluster.state().bootstrapServers();
    }

    /** A fresh topic set for one run. */
    TopicCatalogue topics(String name) throws InterruptedException {
        TopicCatalogue t = TopicCatalogue.withPrefix(name + "-" + runId + ".", partitions);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            TopicProvisioner.createMissing(admin, t, (short) 1);
            // producing before every partition has a leader makes the idempotent producer retry into sequence errors
            awaitLeaders(admin, t.name(Topic.OBSERVATIONS));
        }
        return t;
    }

    private void awaitLeaders(Admin admin, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                var d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
                if (d.partitions().size() == partitions && d.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException | TimeoutException notYet) {
                // metadata not there yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("expected a leader for every partition of " + topic
                        + " within 60 s but some had none");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Job settings of every scenario run and its reference. {@code combine.max-pending} is raised from 512 because a
     * run that catches up on a backlog (the reference, or the job after the JobManager was lost) may hold more
     * origins per series than that while the watermark lags, and the oldest beyond the bound are dropped: that would
     * make the output depend on timing, which is what these comparisons must not hide or invent.
     */
    static final List<String> JOB_ARGS = List.of("--diagnostics.every", "50", "--forecast.horizon", "6",
            "--watermark.idleness", "30 s", "--combine.max-pending", "100000");

    String submit(TopicCatalogue topics, int parallelism, String savepoint) throws InterruptedException {
        return submit(topics, parallelism, savepoint, List.of());
    }

    String submit(TopicCatalogue topics, int parallelism, String savepoint, List<String> more)
            throws InterruptedException {
        List<String> args = new java.util.ArrayList<>(JOB_ARGS);
        args.addAll(more);
        String id = new JobSubmission(topics.prefix(), parallelism, savepoint, args).submit(cluster, home);
        ClusterCommand.awaitRunning(rest(), id, Duration.ofSeconds(120));
        return id;
    }

    /** Id of the latest completed checkpoint, or -1. */
    static long latestCompletedId(JsonNode cp) {
        JsonNode c = cp.path("latest").path("completed");
        return c.isObject() ? c.path("id").asLong(-1) : -1;
    }

    static long latestCompletedAck(JsonNode cp) {
        JsonNode c = cp.path("latest").path("completed");
        return c.isObject() ? c.path("latest_ack_timestamp").asLong(-1) : -1;
    }

    static long restoredCount(JsonNode cp) {
        return cp.path("counts").path("restored").asLong(0);
    }

    static long restoredId(JsonNode cp) {
        JsonNode r = cp.path("latest").path("restored");
        return r.isObject() ? r.path("id").asLong(-1) : -1;
    }

    /** Waits until the job completes a checkpoint newer than {@code afterId}; returns its id. */
    long awaitCheckpoint(String jobId, long afterId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                long id = latestCompletedId(rest().checkpoints(jobId));
                if (id > afterId) {
                    return id;
                }
            } catch (RuntimeException notYet) {
                // the JobManager may be restarting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("expected job " + jobId + " to complete a checkpoint after " + afterId
                + " within " + timeout + " but it did not (state " + rest().jobState(jobId) + ")");
    }

    /**
     * Waits until the job has restored a checkpoint after a failure at {@code killedAtMillis} (restore count above
     * {@code restoresBefore}) and completed a new checkpoint after it; returns the milliseconds from the failure to
     * that checkpoint: committed output flows again.
     */
    long awaitRecovery(String jobId, long restoresBefore, long killedAtMillis, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode cp = rest().checkpoints(jobId);
                last = cp.path("counts").toString();
                if (restoredCount(cp) > restoresBefore && latestCompletedId(cp) > restoredId(cp)
                        && latestCompletedAck(cp) > killedAtMillis) {
                    return latestCompletedAck(cp) - killedAtMillis;
                }
            } catch (RuntimeException notYet) {
                last = notYet.getMessage();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("expected job " + jobId + " to restore and complete a checkpoint within "
                + timeout + " of the failure but found " + last);
    }

    /** Throws when a cluster process died by itself (not one a scenario killed on purpose). */
    void checkProcesses() {
        for (DetachedProcess p : cluster.state().processes()) {
            if (!p.isAlive()) {
                throw new IllegalStateException(p.role() + " (pid " + p.pid() + ") is not running; last log lines ("
                        + p.logFile() + "):\n" + p.logTail(30));
            }
        }
    }

    /**
     * Runs the job without any failure over the same {@code steps} steps on fresh topics; returns its output. The
     * input is all there at the start, so this run takes the heap state backend: with RocksDB a backlog is slow (the
     * combine stage (de)serialises every pending candidate of a series on each access), and a difference between
     * the backends would show up as a mismatch, not hide one.
     */
    CommittedOutput referenceRun(ObservationFeed feed, int steps) throws InterruptedException {
        TopicCatalogue t = topics("reference");
        feed.produceAll(bootstrap(), t, steps);
        out.printf("reference run (no failures, heap state) over the same %d steps on %s* ...%n", steps, t.prefix());
        String id = submit(t, 2, null, List.of("--state.backend.type", "hashmap"));
        CommittedOutput o = new CommittedOutput(bootstrap(), t, partitions);
        try {
            o.awaitComplete(feed.series(), steps, Duration.ofSeconds(180), Duration.ofSeconds(3),
                    this::checkProcesses);
        } finally {
            rest().cancel(id);
        }
        return o;
    }

    /** The committed output of a scenario's run, compared with the reference run. */
    record Outcome(int forecasts, int anomalyScores, CommittedOutput.Comparison comparison) {
    }

    /**
     * Waits until the job on {@code topics} has caught up with {@code steps} steps, cancels it, runs the reference and
     * compares the two, record for record.
     *
     * @param what how the log names the run, e.g. "the run under faults"
     */
    Outcome finishAndCompare(String jobId, TopicCatalogue topics, ObservationFeed feed, int steps, String what)
            throws InterruptedException {
        CommittedOutput run = new CommittedOutput(bootstrap(), topics, partitions);
        CommittedOutput reference;
        try {
            run.awaitComplete(feed.series(), steps, Duration.ofSeconds(180), Duration.ofSeconds(3),
                    this::checkProcesses);
            rest().cancel(jobId);
            reference = referenceRun(feed, steps);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        try (run; reference) {
            CommittedOutput.Comparison c = CommittedOutput.compare(reference, run);
            log("compared %d reference records with %s: %d lost, %d duplicated, %d keys out of order%s",
                    c.compared(), what, c.lost(), c.duplicated(), c.outOfOrder(),
                    c.examples().isEmpty() ? "" : "; " + c.examples());
            return new Outcome(run.total(Topic.FORECASTS), run.total(Topic.ANOMALIES), c);
        }
    }

    void log(String fmt, Object... args) {
        out.printf(fmt + "%n", args);
    }

    @Override
    public void close() {
        if (ownsCluster) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException exiting) {
                return; // the hook stops the cluster
            }
            List<String> left = cluster.down(out);
            if (!left.isEmpty()) {
                out.println("error: still running after down: " + left);
            }
        }
    }
}
