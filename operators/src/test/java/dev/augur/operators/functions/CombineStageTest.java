package dev.augur.operators.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.stream.StageRecord;
import dev.augur.operators.config.JobConfig;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The combine stage in Flink's operator test harness: calibration, bounds, snapshot and restore, golden state. */
class CombineStageTest {
    static final long STEP = 60_000;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final int H = 3;

    static KeyedOneInputStreamOperatorTestHarness<String, StageRecord, Forecast> harness(JobConfig c)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CombineStage(c)),
                r -> r.series, Types.STRING);
    }

    static JobConfig config(String... kv) {
        String[] base = {"forecast.horizon", Integer.toString(H), "diagnostics.every", "0", "group.enabled", "false"};
        String[] all = Arrays.copyOf(base, base.length + kv.length);
        System.arraycopy(kv, 0, all, base.length, kv.length);
        return SeriesStageTest.config(all);
    }

    /**
     * A stream as the AR stage would send it: at each step an arrival, then a candidate from that origin whose
     * predictive is N(0, sd^2) for every horizon while the truth is N(0, truthSd^2).
     */
    static List<StageRecord> stream(int n, double sd, double truthSd, long seed) {
        Random r = new Random(seed);
        List<StageRecord> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = T0 + i * STEP;
            l.add(StageRecord.arrival("s", "g", t, truthSd * r.nextGaussian(), false));
            double[] means = new double[H];
            double[] vars = new double[H];
            Arrays.fill(vars, sd * sd);
            l.add(StageRecord.candidate("s", "g", t, "test-model", "1", STEP, means, vars, Double.POSITIVE_INFINITY,
                    false, 0));
        }
        return l;
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, StageRecord, Forecast> h, List<StageRecord> in)
            throws Exception {
        for (StageRecord r : in) {
            h.processElement(r, r.time);
            h.processWatermark(r.time);
        }
    }

    static List<AnomalyScore> scores(KeyedOneInputStreamOperatorTestHarness<String, StageRecord, Forecast> h) {
        return h.getSideOutput(OutputTags.ANOMALIES).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void calibratesTooNarrowCandidatesToNominalCoverage() throws Exception {
        var h = harness(config());
        h.open();
        feed(h, stream(6000, 0.4, 1.0, 1));
        List<AnomalyScore> s = scores(h);
        List<AnomalyScore> late = s.subList(1000, s.size());
        double inside = late.stream().filter(a -> a.getObserved() >= a.getLower() && a.getObserved() <= a.getUpper())
                .count() / (double) late.size();
        assertEquals(0.9, inside, 0.02, "calibrated 90% coverage (the raw 90% interval covers about 51%)");
        // the forecasts' 95% quantiles widened to match: the median over the last 1000 is near 1.645
        List<Forecast> f = h.extractOutputValues();
        int hi = f.get(0).getLevels().indexOf(0.95);
        double[] q95 = f.subList(f.size() - 1000, f.size()).stream()
                .mapToDouble(x -> x.getSteps().get(0).getQuantiles().get(hi)).sorted().toArray();
        double median = q95[q95.length / 2];
        assertTrue(median > 1.45 && median < 1.85, "median calibrated 95% quantile of N(0,1) outcomes: " + median);
        // scores use the calibrated distribution: about 10% of arrivals score >= 0.9
        double high = late.stream().filter(a -> a.getScore() >= 0.9).count() / (double) late.size();
        assertEquals(0.1, high, 0.03);
        h.close();
    }

    /** The stream of {@link #stream} for series {@code series} in group {@code group} (null: no group). */
    static List<StageRecord> streamOf(String series, String group, int n, long seed) {
        List<StageRecord> l = new ArrayList<>();
        for (StageRecord r : stream(n, 0.8, 1.0, seed)) {
            l.add(r.isArrival() ? StageRecord.arrival(series, group, r.time, r.value, r.warmingUp)
                    : StageRecord.candidate(series, group, r.time, r.model, r.modelVersion, r.stepMillis, r.means,
                            r.variances, r.dof, false, 0));
        }
        return l;
    }

    /**
     * With groups on, the combine stage waits one group step plus the group wait after an origin for its VAR
     * candidate, but not for a series that never had a group: it is acted on as its record comes (nothing else can
     * join its origin), each origin once (also when its expiry timer, every hour of event time here, falls on an
     * origin), with the same forecasts and scores as the timer-driven stage (groups off, a 1 ms delay). A grouped
     * series still waits. Both modes (heap: apply on arrival; RocksDB: the inbox).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"hashmap", "rocksdb"})
    void ungroupedSeriesDoNotWaitForTheGroupStep(String backend) throws Exception {
        int n = 200;
        List<StageRecord> in = new ArrayList<>();
        List<StageRecord> u = streamOf("u", null, n, 11);
        List<StageRecord> g = streamOf("g", "g1", n, 11);
        for (int i = 0; i < u.size(); i++) {
            in.add(u.get(i));
            in.add(g.get(i));
        }
        var groupsOn = harness(config("state.backend.type", backend, "group.enabled", "true", "group.step", "1 min",
                "group.wait", "0 s"));
        groupsOn.open();
        var groupsOff = harness(config("state.backend.type", backend, "combine.delay", "1 ms"));
        groupsOff.open();
        for (int i = 0; i < in.size(); i++) {
            StageRecord r = in.get(i);
            groupsOn.processElement(r, r.time);
            if (r.series.equals("u")) {
                groupsOff.processElement(r, r.time);
            }
            if (i % 4 == 3) {
                // all four records of time r.time are in: the watermark passes it
                groupsOn.processWatermark(r.time);
                groupsOff.processWatermark(r.time);
                long origins = (r.time - T0) / STEP + 1;
                assertEquals(origins, countFor(groupsOn.extractOutputValues(), "u"), "ungrouped: every origin up "
                        + "to the watermark forecast, once (" + backend + ")");
                assertEquals(origins - 1, countFor(groupsOn.extractOutputValues(), "g"), "grouped: the latest "
                        + "origin waits one group step (" + backend + ")");
            }
        }
        groupsOn.processWatermark(Long.MAX_VALUE);
        groupsOff.processWatermark(Long.MAX_VALUE);
        List<Forecast> on = groupsOn.extractOutputValues();
        assertEquals(n, countFor(on, "g"));
        assertEquals(groupsOff.extractOutputValues(), on.stream().filter(f -> f.getSeries().equals("u")).toList());
        assertEquals(scores(groupsOff), scores(groupsOn).stream().filter(a -> a.getSeries().equals("u")).toList());
        groupsOn.close();
        groupsOff.close();
    }

    /**
     * A series that leaves its group and one that joins a group: every origin forecast once, on both backends' modes,
     * with the same forecasts and scores per series as the stage that acts on every origin by its timer
     * ({@code combine.delay} 1 ms); each score labelled with its own observation's group.
     */
    @Test
    void seriesLeavingAndJoiningGroupsAreForecastOncePerOrigin() throws Exception {
        int n = 120;
        List<StageRecord> in = new ArrayList<>();
        List<StageRecord> leaves = streamOf("leaves", "g1", n, 21);
        List<StageRecord> joins = streamOf("joins", null, n, 22);
        for (int i = 0; i < leaves.size(); i++) {
            StageRecord a = leaves.get(i);
            StageRecord b = joins.get(i);
            boolean late = a.time >= T0 + 40 * STEP;
            in.add(late ? relabel(a, null) : a);
            in.add(late ? relabel(b, "g2") : b);
        }
        List<List<Forecast>> forecasts = new ArrayList<>();
        List<List<AnomalyScore>> anomalies = new ArrayList<>();
        String[][] configs = {{"hashmap", "0 s"}, {"rocksdb", "0 s"}, {"hashmap", "1 ms"}};
        for (String[] c : configs) {
            var h = harness(config("state.backend.type", c[0], "group.enabled", "true", "group.step", "1 min",
                    "group.wait", "0 s", "combine.delay", c[1]));
            h.open();
            for (int i = 0; i < in.size(); i++) {
                StageRecord r = in.get(i);
                h.processElement(r, r.time);
                if (i % 4 == 3) {
                    h.processWatermark(r.time);
                }
            }
            h.processWatermark(Long.MAX_VALUE);
            List<Forecast> f = h.extractOutputValues();
            for (String series : new String[] {"leaves", "joins"}) {
                List<Forecast> own = f.stream().filter(x -> x.getSeries().equals(series)).toList();
                assertEquals(n, own.size(), series + " " + Arrays.toString(c));
                assertEquals(n, own.stream().map(Forecast::getOriginTime).distinct().count(),
                        series + ": each origin once");
            }
            forecasts.add(f.stream().sorted(java.util.Comparator.comparing(Forecast::getSeries)).toList());
            anomalies.add(scores(h).stream().sorted(java.util.Comparator.comparing(AnomalyScore::getSeries)).toList());
            h.close();
        }
        assertTrue(forecasts.get(2).equals(forecasts.get(0)), "forecasts: acting on arrival (heap) vs timers");
        assertTrue(forecasts.get(2).equals(forecasts.get(1)), "forecasts: acting on arrival (RocksDB) vs timers");
        assertTrue(anomalies.get(0).equals(anomalies.get(1)), "anomaly scores: heap vs RocksDB");
        // each score carries the group of its own observation, whenever it is made (on arrival, or by the timer after
        // later records of the series came with another group)
        assertTrue(anomalies.get(2).equals(anomalies.get(0)), "anomaly scores: acting on arrival vs timers");
        for (AnomalyScore a : anomalies.get(0)) {
            boolean late = a.getTime().toEpochMilli() >= T0 + 40 * STEP;
            String expected = a.getSeries().equals("leaves") ? (late ? null : "g1") : (late ? "g2" : null);
            assertEquals(expected, a.getGroup(), a.getSeries() + " at " + a.getTime());
        }
    }

    /**
     * State and timers of a stage that acted on every origin by its timer (an earlier build; here a 1 ms delay), with
     * arrivals waiting behind a lagging watermark, restored into a stage that acts on arrival: the waiting arrivals are
     * acted on first when the next record comes, their timers then do nothing, and the output equals an uninterrupted
     * timer-driven run's, each origin once.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"hashmap", "rocksdb"})
    void timerStateOfAnEarlierBuildContinuesOnArrival(String backend) throws Exception {
        List<StageRecord> in = streamOf("u", null, 200, 31);
        JobConfig timers = config("state.backend.type", backend, "combine.delay", "1 ms");
        Output expected = lagging(timers, in);
        Output got = laggingWithRestore(timers, config("state.backend.type", backend), in, 201);
        assertEquals(200, expected.forecasts().size());
        assertTrue(expected.forecasts().equals(got.forecasts()),
                "forecasts after restoring a timer-driven state into one acting on arrival");
        assertTrue(expected.scores().equals(got.scores()),
                "anomaly scores after restoring a timer-driven state into one acting on arrival");
    }

    /**
     * {@code combine.delay} changed across a restore, raised and lowered, with arrivals of a grouped series (every
     * origin on its timer) waiting at the snapshot behind a lagging watermark: their timers were set under the old
     * delay. Every arrival is still scored and every origin forecast once, exactly as in an uninterrupted run with the
     * first delay; none is left waiting in the state.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"hashmap, 3 min, 1 ms", "hashmap, 1 ms, 10 min",
        "rocksdb, 3 min, 1 ms", "rocksdb, 1 ms, 10 min"})
    void changingTheCombineDelayAcrossARestoreLosesNothing(String backend, String before, String after)
            throws Exception {
        List<StageRecord> in = streamOf("g", "g1", 200, 51);
        JobConfig first = config("state.backend.type", backend, "combine.delay", before);
        Output expected = lagging(first, in);
        Output got = laggingWithRestore(first, config("state.backend.type", backend, "combine.delay", after), in,
                201);
        assertEquals(200, expected.forecasts().size());
        assertEquals(200, expected.scores().size());
        assertEquals(200, got.forecasts().size(), "forecasts after the restore with combine.delay " + after);
        assertEquals(200, got.scores().size(), "anomaly scores after the restore with combine.delay " + after);
        assertTrue(expected.forecasts().equals(got.forecasts()), "forecasts equal to the uninterrupted run's");
        assertTrue(expected.scores().equals(got.scores()), "anomaly scores equal to the uninterrupted run's");
    }

    /**
     * As {@link #changingTheCombineDelayAcrossARestoreLosesNothing}, with every seventh arrival missing (a member the
     * VAR stage imputed: its origin has a candidate but no arrival), so that origins with only candidates wait at the
     * snapshot: each is still forecast once after the restore, as in the uninterrupted run.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"hashmap, 3 min, 1 ms", "hashmap, 1 ms, 10 min",
        "rocksdb, 3 min, 1 ms", "rocksdb, 1 ms, 10 min"})
    void changingTheCombineDelayAcrossARestoreForecastsOriginsWithoutArrivals(String backend, String before,
            String after) throws Exception {
        List<StageRecord> in = streamOf("g", "g1", 200, 52).stream()
                .filter(r -> !(r.isArrival() && (r.time - T0) / STEP % 7 == 3)).toList();
        JobConfig first = config("state.backend.type", backend, "combine.delay", before);
        Output expected = lagging(first, in);
        assertEquals(200, expected.forecasts().size());
        assertEquals(200 - 29, expected.scores().size());
        for (int cut : new int[] {170, 171, 172, 173, 174, 175, 176}) {
            Output got = laggingWithRestore(first, config("state.backend.type", backend, "combine.delay", after), in,
                    cut);
            assertEquals(200, got.forecasts().size(), "forecasts after a restore at record " + cut
                    + " with combine.delay " + after);
            assertTrue(expected.forecasts().equals(got.forecasts()), "forecasts equal to the uninterrupted run's, cut "
                    + cut);
            assertTrue(expected.scores().equals(got.scores()), "anomaly scores equal to the uninterrupted run's, cut "
                    + cut);
        }
    }

    /** The forecasts and anomaly scores of a run. */
    record Output(List<Forecast> forecasts, List<AnomalyScore> scores) {
    }

    /** Output of a stage with config c fed {@code in} behind a lagging watermark ({@link #feedLagging}), then all due. */
    private static Output lagging(JobConfig c, List<StageRecord> in) throws Exception {
        var h = harness(c);
        h.open();
        feedLagging(h, in);
        h.processWatermark(Long.MAX_VALUE);
        Output out = new Output(h.extractOutputValues(), scores(h));
        h.close();
        return out;
    }

    /**
     * As {@link #lagging}, with a snapshot after the first {@code cut} records restored into a stage with config
     * {@code after}, which gets the rest: the output of both.
     */
    private static Output laggingWithRestore(JobConfig before, JobConfig after, List<StageRecord> in, int cut)
            throws Exception {
        var first = harness(before);
        first.open();
        feedLagging(first, in.subList(0, cut));
        OperatorSubtaskState snap = first.snapshot(1, 1);
        List<Forecast> f = new ArrayList<>(first.extractOutputValues());
        List<AnomalyScore> a = new ArrayList<>(scores(first));
        first.close();
        var second = harness(after);
        second.initializeState(snap);
        second.open();
        feedLagging(second, in.subList(cut, in.size()));
        second.processWatermark(Long.MAX_VALUE);
        f.addAll(second.extractOutputValues());
        a.addAll(scores(second));
        second.close();
        return new Output(f, a);
    }

    /**
     * A series comes back after a gap longer than {@code state.ttl} (1 h here) while the watermark still lags behind
     * the expiry time: its record is held (on the heap already applied to the state) when the expiry timer fires, and
     * must still be scored and forecast by its own timer, not cleared with the expired state.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"hashmap", "rocksdb"})
    void aRecordHeldWhenTheStateExpiresIsNotLost(String backend) throws Exception {
        var h = harness(config("state.backend.type", backend));
        h.open();
        List<StageRecord> in = stream(10, 0.8, 1.0, 41);
        feed(h, in);
        long back = T0 + 9 * STEP + 2 * 3_600_000L;
        StageRecord arrival = StageRecord.arrival("s", "g", back, 0.3, false);
        h.processElement(arrival, back);
        h.processElement(StageRecord.candidate("s", "g", back, "test-model", "1", STEP, new double[H],
                new double[] {1, 1, 1}, Double.POSITIVE_INFINITY, false, 0), back);
        h.processWatermark(back);
        List<AnomalyScore> s = scores(h);
        assertEquals(11, s.size(), "every arrival scored, the one after the gap too");
        assertEquals(back, s.get(10).getTime().toEpochMilli());
        assertEquals(11, h.extractOutputValues().size(), "every origin forecast, the one after the gap too");
        h.close();
    }

    /** Feeds records with the watermark three steps behind them, so arrivals wait for their timers. */
    private static void feedLagging(KeyedOneInputStreamOperatorTestHarness<String, StageRecord, Forecast> h,
            List<StageRecord> in) throws Exception {
        for (StageRecord r : in) {
            h.processElement(r, r.time);
            h.processWatermark(r.time - 3 * STEP);
        }
    }

    private static StageRecord relabel(StageRecord r, String group) {
        return r.isArrival() ? StageRecord.arrival(r.series, group, r.time, r.value, r.warmingUp)
                : StageRecord.candidate(r.series, group, r.time, r.model, r.modelVersion, r.stepMillis, r.means,
                        r.variances, r.dof, false, 0);
    }

    private static long countFor(List<Forecast> f, String series) {
        return f.stream().filter(x -> x.getSeries().equals(series)).count();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"hashmap", "rocksdb"})
    void heldOriginsStayBounded(String backend) throws Exception {
        // the stage's mode follows the configured backend (rocksdb: records wait in the inbox); the harness keeps
        // its state on the heap either way, where the entries can be counted
        var h = harness(config("combine.max-pending", Integer.toString(H), "state.backend.type", backend));
        h.open();
        // candidates only, never an arrival and no watermark: nothing retires them, the ring must cap them
        long[] sizes = new long[2];
        for (int i = 0; i < 500; i++) {
            long t = T0 + i * STEP * 10;
            StageRecord c = StageRecord.candidate("s", "g", t, "m", "1", STEP, new double[H], new double[] {1, 1, 1},
                    Double.POSITIVE_INFINITY, false, 0);
            h.processElement(c, t);
            if (i == 99) {
                sizes[0] = h.snapshot(1, 1).getStateSize();
            }
        }
        sizes[1] = h.snapshot(2, 2).getStateSize();
        assertEquals(backend.equals("rocksdb") ? 4 : 1, h.numKeyedStateEntries(), "per series the combine state "
                + "(and with RocksDB its inbox, the inbox size and the map of ring slots); no entry per origin");
        // the held candidates are capped; what still grows is one pending event-time timer per origin (16 bytes or
        // less each), which fires and goes as soon as the watermark moves
        assertTrue(sizes[1] - sizes[0] <= 400 * 16, "state size after 100 and 500 origins: "
                + Arrays.toString(sizes));
        h.close();
    }

    @Test
    void snapshotAndRestoreContinueExactlyLikeAnUninterruptedRun() throws Exception {
        List<StageRecord> in = stream(300, 0.8, 1.0, 3);
        var straight = harness(config());
        straight.open();
        feed(straight, in);
        List<Forecast> expectedF = straight.extractOutputValues();
        List<AnomalyScore> expectedA = scores(straight);
        straight.close();

        var first = harness(config());
        first.open();
        feed(first, in.subList(0, 301));
        OperatorSubtaskState snap = first.snapshot(1, 1);
        List<Forecast> f = new ArrayList<>(first.extractOutputValues());
        List<AnomalyScore> a = new ArrayList<>(scores(first));
        first.close();
        var second = harness(config());
        second.initializeState(snap);
        second.open();
        feed(second, in.subList(301, in.size()));
        f.addAll(second.extractOutputValues());
        a.addAll(scores(second));
        second.close();
        assertEquals(expectedF, f);
        assertEquals(expectedA, a);
    }

    @Test
    void goldenStateOfAnEarlierBuildStillRestores() throws Exception {
        List<StageRecord> in = stream(200, 0.8, 1.0, 4);
        var writer = harness(config());
        writer.open();
        feed(writer, in.subList(0, 200));
        OperatorSubtaskState golden = StageHarness.goldenOrWrite("combine-stage-v1.snapshot", writer.snapshot(1, 1));
        writer.close();
        assertRunsOnAfterRestore(golden, in, 200, 100);
    }

    /**
     * The forecasts of a stage restored from {@code golden} and fed {@code in} from record {@code cut} on: {@code n}
     * of them, the last n of an uninterrupted run over all of {@code in}.
     */
    private static void assertRunsOnAfterRestore(OperatorSubtaskState golden, List<StageRecord> in, int cut, int n)
            throws Exception {
        var straight = harness(config());
        straight.open();
        feed(straight, in);
        List<Forecast> all = straight.extractOutputValues();
        straight.close();

        var restored = harness(config());
        restored.initializeState(golden);
        restored.open();
        feed(restored, in.subList(cut, in.size()));
        List<Forecast> tail = restored.extractOutputValues();
        restored.close();
        assertEquals(n, tail.size());
        assertEquals(all.subList(all.size() - tail.size(), all.size()), tail);
    }

    /**
     * Heap snapshots written by each layout of {@link dev.augur.operators.state.CombineStateSerializer} (the first 200 of
     * 300 steps of two models) restore, and the stage runs on as if never stopped: the dense layout 1 with CombineState
     * version 2 (session 6), and layout 2 with version 3 (session 7: scored intervals in zero runs, groups of waiting
     * arrivals, origins acted on).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"combine-stage-dense-layout.snapshot",
        "combine-stage-v3.snapshot"})
    void goldenHeapStateOfTheSerializerLayoutsRestores(String file) throws Exception {
        List<StageRecord> in = twoModels(300, 7);
        OperatorSubtaskState golden = StageHarness.goldenOrWrite(file, written(in.subList(0, 600)));
        // two forecasts per origin: a series without a group acts on its first candidate, then on the second
        assertRunsOnAfterRestore(golden, in, 600, 200);
    }

    /**
     * Per step an arrival and the candidates of two models with non-zero means (three records a step), the second
     * model's with Student-t errors.
     */
    static List<StageRecord> twoModels(int n, long seed) {
        Random r = new Random(seed);
        List<StageRecord> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = T0 + i * STEP;
            l.add(StageRecord.arrival("s", "g", t, 1 + Math.sin(i / 5.0) + 0.3 * r.nextGaussian(), false));
            for (int m = 0; m < 2; m++) {
                double[] means = new double[H];
                double[] vars = new double[H];
                for (int k = 0; k < H; k++) {
                    means[k] = 1 + Math.sin((i + k + 1) / 5.0) + 0.1 * (m + 1) * r.nextGaussian();
                    vars[k] = 0.05 * (m + 1) * (k + 1);
                }
                l.add(StageRecord.candidate("s", "g", t, "model-" + m, "1", STEP, means, vars,
                        m == 0 ? Double.POSITIVE_INFINITY : 7, false, 0));
            }
        }
        return l;
    }

    /** A heap snapshot of the stage after {@code in}, or null when the golden file exists (it is not needed). */
    private OperatorSubtaskState written(List<StageRecord> in) throws Exception {
        if (!Boolean.getBoolean("augur.writeGoldenSnapshots")) {
            return null;
        }
        var writer = harness(config());
        writer.open();
        feed(writer, in);
        OperatorSubtaskState s = writer.snapshot(1, 1);
        writer.close();
        return s;
    }

    /**
     * A RocksDB snapshot written by the build before {@link dev.augur.operators.state.CombineStateSerializer} (the
     * state in Flink's POJO serializer, CombineState version 2; the first 100 steps of this stream): Flink migrates
     * it value by value on restore, and the stage runs on as if never stopped. Then a snapshot written by the new
     * serializer restores too. (A heap checkpoint cannot be restored on RocksDB, hence a golden file of its own.)
     */
    @Test
    void goldenRocksDbStateOfAnEarlierBuildMigrates() throws Exception {
        List<StageRecord> in = stream(300, 0.8, 1.0, 4);
        var straight = harness(config());
        straight.open();
        feed(straight, in);
        List<Forecast> all = straight.extractOutputValues();
        straight.close();

        var restored = harness(config());
        restored.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
        restored.initializeState(StageHarness.goldenOrWrite("combine-stage-v2-rocksdb.snapshot", null));
        restored.open();
        feed(restored, in.subList(200, 500));
        OperatorSubtaskState again = restored.snapshot(2, 2);
        List<Forecast> tail = new ArrayList<>(restored.extractOutputValues());
        restored.close();

        var second = harness(config());
        second.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
        second.initializeState(again);
        second.open();
        feed(second, in.subList(500, in.size()));
        tail.addAll(second.extractOutputValues());
        second.close();
        assertEquals(200, tail.size());
        assertEquals(all.subList(all.size() - tail.size(), all.size()), tail);
    }

    /**
     * On the heap the stage applies each record on arrival; on RocksDB records wait in the inbox until their time is
     * acted on (and the state is split into a core and one map entry per origin slot). Same output either way, also
     * when candidates of later origins arrive before earlier times are acted on (each record's watermark lags a step)
     * and when a model's candidate arrives after its origin was acted on.
     */
    @Test
    void inboxOnRocksDbAndApplyOnArrivalOnHeapGiveTheSameOutput() throws Exception {
        List<StageRecord> in = new ArrayList<>(stream(300, 0.8, 1.0, 5));
        // a second model whose candidates come two steps after their origin, once that origin was acted on: into ring
        // slots already stored
        Random rnd = new Random(6);
        for (int i = 2; i < 300; i += 1) {
            double[] means = new double[H];
            double[] vars = new double[H];
            for (int k = 0; k < H; k++) {
                means[k] = 0.1 * rnd.nextGaussian();
                vars[k] = 1.2;
            }
            in.add(3 * i - 2, StageRecord.candidate("s", "g", T0 + (i - 2) * STEP, "late-model", "1", STEP, means,
                    vars, 9, false, 0));
        }
        List<List<Forecast>> forecasts = new ArrayList<>();
        List<List<AnomalyScore>> anomalies = new ArrayList<>();
        for (String backend : new String[] {"hashmap", "rocksdb"}) {
            var h = harness(config("state.backend.type", backend));
            if (backend.equals("rocksdb")) {
                h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
            }
            h.open();
            for (StageRecord r : in) {
                h.processElement(r, r.time);
                h.processWatermark(r.time - STEP);
            }
            h.processWatermark(Long.MAX_VALUE);
            // the final watermark fires every expiry timer: nothing of the series is left, ring slots included
            var states = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator())
                    .getKeyedStateBackend();
            for (String name : new String[] {"combine", "combine-ring", "combine-inbox", "combine-inbox-size"}) {
                try (var keys = states.getKeys(name, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
                    assertEquals(0, keys.count(), backend + ": keys left in state " + name);
                }
            }
            forecasts.add(h.extractOutputValues());
            anomalies.add(scores(h));
            h.close();
        }
        // every origin forecast once, and again when the late model's candidate joins it
        assertEquals(598, forecasts.get(0).size());
        assertEquals(forecasts.get(0), forecasts.get(1));
        assertEquals(anomalies.get(0), anomalies.get(1));
    }

    /**
     * A state stored split (RocksDB mode) and then read by the heap mode (as after moving a savepoint from RocksDB to
     * the heap backend): the heap mode assembles the whole state, drops the slot entries, and runs on as if never
     * stopped. Both runs here keep their state in RocksDB, so only the stage's mode changes.
     */
    @Test
    void splitStateIsAssembledByTheHeapMode() throws Exception {
        List<StageRecord> in = stream(200, 0.8, 1.0, 7);
        var straight = harness(config());
        straight.open();
        feed(straight, in);
        List<Forecast> all = straight.extractOutputValues();
        straight.close();

        var split = harness(config("state.backend.type", "rocksdb"));
        split.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
        split.open();
        feed(split, in.subList(0, 200));
        OperatorSubtaskState snapshot = split.snapshot(1, 1);
        List<Forecast> out = new ArrayList<>(split.extractOutputValues());
        split.close();

        var whole = harness(config("state.backend.type", "hashmap"));
        whole.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
        whole.initializeState(snapshot);
        whole.open();
        feed(whole, in.subList(200, in.size()));
        out.addAll(whole.extractOutputValues());
        var states = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) whole.getOperator())
                .getKeyedStateBackend();
        try (var keys = states.getKeys("combine-ring", org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            assertEquals(0, keys.count(), "slot entries left once the heap mode took the state over");
        }
        whole.close();
        assertEquals(all, out);
    }
}
