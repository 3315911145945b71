package dev.augur.deploy.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.augur.schemas.topics.TopicCatalogue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rescaling on the real cluster: while a live feed runs, the job runs at parallelism 2, is stopped with a savepoint,
 * continues from it at parallelism 1, is stopped with a savepoint again and continues at parallelism 4 (keyed state
 * moves between subtasks by key group). Its committed forecasts and anomaly scores are then compared, record for
 * record, with a run over the same input without rescaling.
 *
 * @param parallelisms the parallelism of each stage, first to last
 * @param stageSeconds how long each stage but the last runs before its savepoint
 */
public record RescaleScenario(Path home, Path work, int series, int stepsPerSecond, List<Integer> parallelisms,
        int stageSeconds, long seed) {

    /** One stop-with-savepoint. */
    public record Rescale(int from, int to, String savepoint, long stopMillis) {
    }

    public record Result(List<Rescale> rescales, int steps, int forecasts, int anomalyScores,
            CommittedOutput.Comparison comparison) {
    }

    static RescaleScenario fromOptions(Path home, Path work, Map<String, String> o) {
        return new RescaleScenario(home, work, Options.intIn(o, "series", 8, 2, 1000),
                Options.intIn(o, "rate-steps", 10, 1, 1000), List.of(2, 1, 4),
                Options.intIn(o, "stage-seconds", 8, 1, 3600), Options.longIn(o, "seed", 7, 0, Long.MAX_VALUE));
    }

    int run(PrintStream out) throws Exception {
        Result r = execute(out);
        ObjectNode o = new ObjectMapper().createObjectNode();
        var a = o.putArray("rescales");
        for (Rescale x : r.rescales()) {
            a.addObject().put("from", x.from()).put("to", x.to()).put("savepoint", x.savepoint())
                    .put("stop_ms", x.stopMillis());
        }
        r.comparison().putInto(o, r.steps(), r.forecasts(), r.anomalyScores());
        out.println(o);
        return r.comparison().identical() ? 0 : 1;
    }

    public Result execute(PrintStream out) throws Exception {
        try (ScenarioSupport s = ScenarioSupport.open(home, work, out)) {
            int slots = Integer.parseInt(s.cluster.state().setting("slots", "2"))
                    * Integer.parseInt(s.cluster.state().setting("taskmanagers", "2"));
            int most = parallelisms.stream().mapToInt(Integer::intValue).max().orElseThrow();
            if (most > slots) {
                throw new IllegalStateException("expected at least " + most + " task slots for parallelism " + most
                        + " but the cluster has " + slots);
            }
            ObservationFeed feed = new ObservationFeed(series, s.partitions, stepsPerSecond * 1800, seed);
            TopicCatalogue topics = s.topics("rescale");
            List<Rescale> rescales = new ArrayList<>();
            String jobId = s.submit(topics, parallelisms.get(0), null);
            s.log("job %s runs at parallelism %d on %s*", jobId, parallelisms.get(0), topics.prefix());
            ObservationFeed.Live live = feed.live(s.bootstrap(), topics, stepsPerSecond);
            int steps;
            try {
                for (int i = 1; i < parallelisms.size(); i++) {
                    s.awaitCheckpoint(jobId, -1, Duration.ofSeconds(60));
                    Thread.sleep(stageSeconds * 1000L);
                    long t0 = System.nanoTime();
                    String savepoint = s.rest().stopWithSavepoint(jobId, s.cluster.savepointDir().toUri().toString(),
                            Duration.ofSeconds(120));
                    long stopMs = (System.nanoTime() - t0) / 1_000_000;
                    rescales.add(new Rescale(parallelisms.get(i - 1), parallelisms.get(i), savepoint, stopMs));
                    jobId = s.submit(topics, parallelisms.get(i), savepoint);
                    s.log("stopped with savepoint %s in %d ms at feed step %d; continuing at parallelism %d as job %s",
                            savepoint, stopMs, live.steps(), parallelisms.get(i), jobId);
                }
                s.awaitCheckpoint(jobId, -1, Duration.ofSeconds(60));
                Thread.sleep(stageSeconds * 1000L);
            } finally {
                steps = live.stop();
            }
            s.log("feed stopped after %d steps; waiting for the job to catch up ...", steps);
            ScenarioSupport.Outcome o = s.finishAndCompare(jobId, topics, feed, steps, "the rescaled run");
            return new Result(rescales, steps, o.forecasts(), o.anomalyScores(), o.comparison());
        }
    }
}
