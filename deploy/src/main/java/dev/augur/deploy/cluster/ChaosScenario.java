package dev.augur.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.augur.schemas.topics.TopicCatalogue;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fault injection on the real cluster: while a live feed runs, {@code kill -9} a TaskManager that runs tasks of the
 * job, at a random moment, {@code tmKills} times (each time a new TaskManager process replaces it), then the
 * JobManager once (a new JobManager is started and the job is resubmitted from its latest retained checkpoint, as a
 * standalone cluster without an HA service recovers). Afterwards every committed forecast and anomaly score, read with
 * {@code read_committed}, is compared with a failure-free run over the same input, record for record.
 *
 * @param series series in the feed
 * @param stepsPerSecond feed rate (each step is one observation per series)
 * @param tmKills TaskManager failures to inject
 * @param seed seed of the random moments and of the feed
 */
public record ChaosScenario(Path home, Path work, int series, int stepsPerSecond, int tmKills, long seed) {
    private static final Pattern TM_ID = Pattern.compile("(taskmanager-\\d+)-\\d+");

    /** One injected failure and how long the job took to complete a checkpoint again. */
    public record Failure(String kind, String process, long pid, long recoveryMillis) {
    }

    /** The outcome: the failures, the record counts and the comparison with the reference run. */
    public record Result(List<Failure> failures, int steps, int forecasts, int anomalyScores,
            CommittedOutput.Comparison comparison) {
    }

    static ChaosScenario fromOptions(Path home, Path work, Map<String, String> o) {
        return new ChaosScenario(home, work, Options.intIn(o, "series", 8, 2, 1000),
                Options.intIn(o, "rate-steps", 10, 1, 1000), Options.intIn(o, "tm-kills", 5, 0, 100),
                Options.longIn(o, "seed", System.nanoTime() % 100_000, 0, Long.MAX_VALUE));
    }

    int run(PrintStream out) throws Exception {
        Result r = execute(out);
        out.println(summary(r));
        return r.comparison().identical() ? 0 : 1;
    }

    public Result execute(PrintStream out) throws Exception {
        Random random = new Random(seed);
        List<Failure> failures = new ArrayList<>();
        try (ScenarioSupport s = ScenarioSupport.open(home, work, out)) {
            ObservationFeed feed = new ObservationFeed(series, s.partitions, stepsPerSecond * 1800, seed);
            TopicCatalogue topics = s.topics("chaos");
            String jobId = s.submit(topics, 2, null);
            s.log("job %s runs at parallelism 2 on %s* (%s); seed %d", jobId, topics.prefix(), s.rest().jobUrl(jobId),
                    seed);
            ObservationFeed.Live live = feed.live(s.bootstrap(), topics, stepsPerSecond);
            int steps;
            try {
                s.awaitCheckpoint(jobId, -1, Duration.ofSeconds(60));
                for (int k = 1; k <= tmKills; k++) {
                    Thread.sleep(1000 + random.nextInt(3000));
                    failures.add(killTaskManager(s, jobId, random, k));
                }
                Thread.sleep(1000 + random.nextInt(3000));
                var jm = killJobManager(s, jobId, topics);
                jobId = jm.jobId;
                failures.add(jm.failure);
            } finally {
                steps = live.stop();
            }
            s.log("feed stopped after %d steps (%d observations); waiting for the job to catch up ...", steps,
                    steps * series);
            ScenarioSupport.Outcome o = s.finishAndCompare(jobId, topics, feed, steps, "the run under faults");
            return new Result(failures, steps, o.forecasts(), o.anomalyScores(), o.comparison());
        }
    }

    private Failure killTaskManager(ScenarioSupport s, String jobId, Random random, int k)
            throws Exception {
        List<String> busy = new ArrayList<>();
        for (JsonNode tm : s.rest().get("/taskmanagers").path("taskmanagers")) {
            Matcher m = TM_ID.matcher(tm.path("id").asText());
            if (m.matches() && tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt()
                    && tm.path("id").asText().equals(s.cluster.resourceId(m.group(1)))) {
                busy.add(m.group(1));
            }
        }
        if (busy.isEmpty()) {
            throw new IllegalStateException("expected a TaskManager running tasks of job " + jobId + " but found none");
        }
        busy.sort(Comparator.naturalOrder());
        String role = busy.get(random.nextInt(busy.size()));
        DetachedProcess victim = s.cluster.state().process(role).orElseThrow();
        long restoresBefore = ScenarioSupport.restoredCount(s.rest().checkpoints(jobId));
        long killedAt = System.currentTimeMillis();
        victim.kill9();
        s.log("failure %d: kill -9 %s (pid %d); starting a new TaskManager", k, role, victim.pid());
        int n = Integer.parseInt(role.substring("taskmanager-".length()));
        s.cluster.startTaskManager(n);
        long ms = s.awaitRecovery(jobId, restoresBefore, killedAt, Duration.ofSeconds(120));
        s.cluster.awaitRegistered(role, Duration.ofSeconds(60));
        s.log("  recovered in %.1f s (restored the latest checkpoint and completed a new one)", ms / 1000.0);
        return new Failure("taskmanager", role, victim.pid(), ms);
    }

    private record JobManagerFailure(String jobId, Failure failure) {
    }

    private JobManagerFailure killJobManager(ScenarioSupport s, String jobId, TopicCatalogue topics)
            throws Exception {
        DetachedProcess jm = s.cluster.state().process("jobmanager").orElseThrow();
        long killedAt = System.currentTimeMillis();
        jm.kill9();
        s.log("failure %d: kill -9 jobmanager (pid %d); starting a new JobManager", tmKills + 1, jm.pid());
        s.cluster.startJobManager();
        String checkpoint = latestRetainedCheckpoint(s.cluster.checkpointDir().resolve(jobId));
        s.log("  JobManager back; resubmitting from the latest retained checkpoint %s", checkpoint);
        for (int i = 1; i <= Integer.parseInt(s.cluster.state().setting("taskmanagers", "2")); i++) {
            s.cluster.awaitRegistered("taskmanager-" + i, Duration.ofSeconds(90));
        }
        String newJob = s.submit(topics, 2, checkpoint);
        s.awaitCheckpoint(newJob, -1, Duration.ofSeconds(120));
        long ms = ScenarioSupport.latestCompletedAck(s.rest().checkpoints(newJob)) - killedAt;
        s.log("  recovered in %.1f s as job %s (%s)", ms / 1000.0, newJob, s.rest().jobUrl(newJob));
        return new JobManagerFailure(newJob, new Failure("jobmanager", "jobmanager", jm.pid(), ms));
    }

    /** The newest {@code chk-N} with a {@code _metadata} file under a job's checkpoint directory. */
    static String latestRetainedCheckpoint(Path jobDir) {
        try (Stream<Path> s = Files.isDirectory(jobDir) ? Files.list(jobDir) : Stream.empty()) {
            return s.filter(p -> p.getFileName().toString().matches("chk-\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .map(p -> p.toUri().toString())
                    .orElseThrow(() -> new IllegalStateException("expected a retained checkpoint (chk-N/_metadata) "
                            + "in " + jobDir + " but found none"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + jobDir, e);
        }
    }

    static String summary(Result r) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        ArrayNode f = o.putArray("failures");
        for (Failure x : r.failures()) {
            f.addObject().put("kind", x.kind()).put("process", x.process()).put("pid", x.pid())
                    .put("recovery_ms", x.recoveryMillis());
        }
        r.comparison().putInto(o, r.steps(), r.forecasts(), r.anomalyScores());
        return o.toString();
    }
}
