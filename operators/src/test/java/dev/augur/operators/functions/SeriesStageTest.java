package dev.augur.operators.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.stream.StageRecord;
import dev.augur.operators.config.JobConfig;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The AR stage in Flink's operator test harness: ordering, gaps, TTL, snapshot and restore, golden state. */
class SeriesStageTest {
    static final long STEP = 60_000;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    static JobConfig config(String... kv) {
        Configuration c = new Configuration();
        c.setString("bootstrap-servers", "unused:9092");
        c.setString("forecast.horizon", "4");
        c.setString("ar.order", "2");
        c.setString("state.ttl", "1 h");
        for (int i = 0; i < kv.length; i += 2) {
            c.setString(kv[i], kv[i + 1]);
        }
        return JobConfig.from(c);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Observation, StageRecord> harness(JobConfig c)
            throws Exception {
        // not yet opened: call initializeState (optional) and open
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SeriesStage(c)),
                Observation::getSeries, Types.STRING);
    }

    static Observation obs(String s, long i, double v) {
        return Observation.newBuilder().setSeries(s).setEventTime(Instant.ofEpochMilli(T0 + i * STEP)).setValue(v)
                .build();
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, Observation, StageRecord> h, List<Observation> in)
            throws Exception {
        for (Observation o : in) {
            h.processElement(o, o.getEventTime().toEpochMilli());
            h.processWatermark(o.getEventTime().toEpochMilli() - 1);
        }
    }

    /** A final watermark past the last time, as at the end of a bounded input (TTL timers do not fire yet). */
    static void finish(KeyedOneInputStreamOperatorTestHarness<String, Observation, StageRecord> h, List<Observation> in)
            throws Exception {
        h.processWatermark(in.get(in.size() - 1).getEventTime().toEpochMilli());
    }

    static List<Observation> series(int n, long seed) {
        Random r = new Random(seed);
        List<Observation> l = new ArrayList<>();
        double y = 0;
        for (int i = 0; i < n; i++) {
            y = 0.6 * y + r.nextGaussian();
            l.add(obs(i % 2 == 0 ? "p" : "q", i / 2, y));
        }
        return l;
    }

    /** A comparable digest of stage output records. */
    static List<String> digest(List<StageRecord> out) {
        List<String> d = new ArrayList<>();
        for (StageRecord r : out) {
            // an arrival with its candidate digests as the two records it holds
            if (r.isArrival()) {
                d.add(StageRecord.ARRIVAL + "|" + r.series + "|" + r.time + "|" + r.value + "|");
            }
            if (r.isCandidate()) {
                d.add(StageRecord.CANDIDATE + "|" + r.series + "|" + r.time + "|0.0|" + java.util.Arrays.toString(
                        r.means) + java.util.Arrays.toString(r.variances) + r.dof);
            }
        }
        return d;
    }

    @Test
    void appliesInEventTimeOrderOnceTheWatermarkPasses() throws Exception {
        var h = harness(config());
        h.open();
        h.processElement(obs("p", 2, 2.0), T0 + 2 * STEP);
        h.processElement(obs("p", 1, 1.0), T0 + STEP);
        h.processElement(obs("p", 0, 0.5), T0);
        assertEquals(0, h.extractOutputValues().size(), "nothing is applied before the watermark");
        h.processWatermark(T0 + 2 * STEP);
        List<StageRecord> out = h.extractOutputValues();
        List<Long> arrivals = out.stream().filter(r -> r.isArrival()).map(r -> r.time).toList();
        assertEquals(List.of(T0, T0 + STEP, T0 + 2 * STEP), arrivals);
        assertEquals(2, out.stream().filter(r -> r.isCandidate()).count());
        h.close();
    }

    @Test
    void lateDuplicateConflictingAndNonFiniteInputNeverTouchState() throws Exception {
        var h = harness(config());
        h.open();
        feed(h, List.of(obs("p", 0, 1), obs("p", 1, 2), obs("p", 2, 3)));
        int before = h.extractOutputValues().size();
        h.processElement(obs("p", 1, 9), T0 + STEP);                      // behind the watermark: late
        h.processElement(obs("p", 5, 4), T0 + 5 * STEP);
        h.processElement(obs("p", 5, 4), T0 + 5 * STEP);                  // exact duplicate: dropped
        h.processElement(obs("p", 5, 7), T0 + 5 * STEP);                  // conflicting: dead letter
        h.processElement(obs("p", 6, Double.NaN), T0 + 6 * STEP);         // non-finite: dead letter
        Observation future = Observation.newBuilder().setSeries("p").setEventTime(Instant.parse(
                "2300-01-01T00:00:00Z")).setValue(1).build();
        h.processElement(future, future.getEventTime().toEpochMilli());   // out of range: dead letter
        h.processWatermark(T0 + 10 * STEP);
        assertEquals(1, h.getSideOutput(OutputTags.LATE).size());
        List<String> reasons = h.getSideOutput(OutputTags.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue).map(DeadLetter::getErrorType).toList();
        assertEquals(List.of("DUPLICATE_CONFLICT", "NON_FINITE", "BAD_TIMESTAMP"), reasons);
        List<StageRecord> after = h.extractOutputValues().subList(before, h.extractOutputValues().size());
        List<Double> arrivals = after.stream().filter(r -> r.isArrival()).map(r -> r.value).toList();
        assertEquals(List.of(3.0, 4.0), arrivals, "p2 (held until the watermark passed it), then p5 once");
        StageRecord cand = after.stream().filter(r -> r.isCandidate() && r.time == T0 + 5 * STEP)
                .findFirst().orElseThrow();
        assertEquals(2, cand.imputed, "the two missing steps 3 and 4 were imputed");
        h.close();
    }

    @Test
    void idleSeriesStateExpiresAfterTheTtl() throws Exception {
        var h = harness(config());
        h.open();
        feed(h, List.of(obs("p", 0, 1), obs("p", 1, 2)));
        assertTrue(h.numKeyedStateEntries() > 0);
        h.processWatermark(T0 + STEP + 3_600_000L);
        assertEquals(0, h.numKeyedStateEntries());
        h.close();
    }

    @Test
    void snapshotAndRestoreContinueExactlyLikeAnUninterruptedRun() throws Exception {
        List<Observation> in = series(200, 5);
        var straight = harness(config());
        straight.open();
        feed(straight, in);
        finish(straight, in);
        List<String> expected = digest(straight.extractOutputValues());
        straight.close();

        var first = harness(config());
        first.open();
        feed(first, in.subList(0, 120));
        OperatorSubtaskState snap = first.snapshot(1, 1);
        List<StageRecord> out = new ArrayList<>(first.extractOutputValues());
        first.close();
        var second = harness(config());
        second.initializeState(snap);
        second.open();
        feed(second, in.subList(120, in.size()));
        finish(second, in);
        out.addAll(second.extractOutputValues());
        second.close();
        assertEquals(expected, digest(out));
    }

    @Test
    void goldenStateOfAnEarlierBuildStillRestores() throws Exception {
        List<Observation> in = series(160, 9);
        List<String>[] runs = straightAndRestored("series-stage-v1.snapshot", in, 100);
        List<String> all = runs[0];
        List<String> tail = runs[1];
        // per series, the restored run continues exactly as the uninterrupted one (how records of different keys with
        // the same timestamp interleave follows the timer queue's layout, which the v1 state's timers change)
        assertEquals(bySeries(all.subList(all.size() - tail.size(), all.size())), bySeries(tail));
        // the two observations buffered in the golden state (time 49 of p and q), then the 60 fed after it
        assertEquals(62, tail.stream().filter(s -> s.startsWith("0|")).count());
    }

    /**
     * Snapshots written by {@link dev.augur.operators.state.SeriesStateSerializer} at SeriesState versions 3 (session 6)
     * and 4 (session 7) restore (the first 100 observations of two series, p in group "gp"; two observations waiting):
     * each series runs on as the uninterrupted run does, groups included (version 4 keeps a group per waiting
     * observation; a version 3 state's waiting ones take the series' group).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"series-stage-v3.snapshot", "series-stage-v4.snapshot"})
    void goldenSerializerStatesRestore(String file) throws Exception {
        List<Observation> in = series(160, 17).stream()
                .map(o -> o.getSeries().equals("p") ? Observation.newBuilder(o).setGroup("gp").build() : o).toList();
        List<String>[] runs = straightAndRestored(file, in, 100);
        List<String> all = runs[0];
        List<String> tail = runs[1];
        assertEquals(bySeries(all.subList(all.size() - tail.size(), all.size())), bySeries(tail));
        assertEquals(62, tail.stream().filter(s -> s.startsWith("0|")).count());
        assertTrue(tail.stream().filter(s -> s.startsWith("0|p|")).allMatch(s -> s.endsWith("|gp")));
    }

    /**
     * The digests ({@link #digestWithGroup}) of an uninterrupted run over {@code in} and of a run restored from golden
     * snapshot {@code file} (written, when missing and asked for, after the first {@code cut} observations) over the
     * rest.
     */
    @SuppressWarnings("unchecked")
    private static List<String>[] straightAndRestored(String file, List<Observation> in, int cut) throws Exception {
        var writer = harness(config());
        writer.open();
        feed(writer, in.subList(0, cut));
        OperatorSubtaskState golden = StageHarness.goldenOrWrite(file, writer.snapshot(1, 1));
        writer.close();

        var straight = harness(config());
        straight.open();
        feed(straight, in);
        finish(straight, in);
        List<String> all = digestWithGroup(straight.extractOutputValues());
        straight.close();

        var restored = harness(config());
        restored.initializeState(golden);
        restored.open();
        feed(restored, in.subList(cut, in.size()));
        finish(restored, in);
        List<String> tail = digestWithGroup(restored.extractOutputValues());
        restored.close();
        return new List[] {all, tail};
    }

    /**
     * Observations of series p in group "a" up to time 9 and in group "b" from time 10, the watermark three steps
     * behind: each arrival and candidate carries the group of its own observation, not that of the latest received.
     */
    @Test
    void recordsCarryTheGroupOfTheirOwnObservation() throws Exception {
        var h = harness(config());
        h.open();
        Random r = new Random(4);
        for (int i = 0; i < 20; i++) {
            Observation o = Observation.newBuilder(obs("p", i, r.nextGaussian())).setGroup(i < 10 ? "a" : "b").build();
            h.processElement(o, o.getEventTime().toEpochMilli());
            h.processWatermark(o.getEventTime().toEpochMilli() - 3 * STEP);
        }
        h.processWatermark(T0 + 19 * STEP);
        List<StageRecord> out = h.extractOutputValues();
        assertEquals(20, out.stream().filter(StageRecord::isArrival).count());
        for (StageRecord rec : out) {
            String expected = rec.time < T0 + 10 * STEP ? "a" : "b";
            assertEquals(expected, rec.group, "record at step " + (rec.time - T0) / STEP);
        }
        h.close();
    }

    /** {@link #digest} with each record's group appended. */
    static List<String> digestWithGroup(List<StageRecord> out) {
        List<String> d = new ArrayList<>();
        for (StageRecord r : out) {
            if (r.isArrival()) {
                d.add(StageRecord.ARRIVAL + "|" + r.series + "|" + r.time + "|" + r.value + "|" + r.group);
            }
            if (r.isCandidate()) {
                d.add(StageRecord.CANDIDATE + "|" + r.series + "|" + r.time + "|" + java.util.Arrays.toString(r.means)
                        + java.util.Arrays.toString(r.variances) + r.dof + "|" + r.group);
            }
        }
        return d;
    }

    /** Digests grouped by series (the second field), keeping each series' order. */
    static List<String> bySeries(List<String> digests) {
        List<String> l = new ArrayList<>(digests);
        l.sort(java.util.Comparator.comparing(d -> d.split("\\|")[1]));
        return l;
    }
}
