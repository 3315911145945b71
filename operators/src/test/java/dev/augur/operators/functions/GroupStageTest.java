package dev.augur.operators.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.augur.models.stream.StageRecord;
import dev.augur.operators.config.JobConfig;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Matrix;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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

/** The VAR stage in Flink's operator test harness, and on ETTh1's seven channels as one group. */
class GroupStageTest {
    static final long STEP = 60_000;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    static KeyedOneInputStreamOperatorTestHarness<String, Observation, StageRecord> harness(JobConfig c)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new GroupStage(c)),
                Observation::getGroup, Types.STRING);
    }

    static JobConfig config(String... kv) {
        String[] base = {"forecast.horizon", "4", "var.order", "2", "diagnostics.every", "50"};
        String[] all = Arrays.copyOf(base, base.length + kv.length);
        System.arraycopy(kv, 0, all, base.length, kv.length);
        return SeriesStageTest.config(all);
    }

    /** Three coupled series: y1 drives y2 with a lag, y3 independent. */
    static List<Observation> coupled(int n, long seed, int dropFrom, int dropTo) {
        Random r = new Random(seed);
        List<Observation> l = new ArrayList<>();
        double a = 0;
        double b = 0;
        double c = 0;
        for (int i = 0; i < n; i++) {
            double na = 0.5 * a + r.nextGaussian();
            double nb = 0.3 * b + 0.6 * a + r.nextGaussian();
            double nc = 0.4 * c + r.nextGaussian();
            a = na;
            b = nb;
            c = nc;
            long t = T0 + i * STEP;
            l.add(obs("x", t, a));
            if (i < dropFrom || i > dropTo) {
                l.add(obs("y", t, b));
            }
            l.add(obs("z", t, c));
        }
        return l;
    }

    static Observation obs(String s, long t, double v) {
        return Observation.newBuilder().setSeries(s).setGroup("site").setEventTime(Instant.ofEpochMilli(t)).setValue(v)
                .build();
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, Observation, StageRecord> h, List<Observation> in)
            throws Exception {
        for (Observation o : in) {
            h.processElement(o, o.getEventTime().toEpochMilli());
            h.processWatermark(o.getEventTime().toEpochMilli() - 1);
        }
    }

    static List<ModelDiagnostics> diagnostics(KeyedOneInputStreamOperatorTestHarness<String, Observation, ?> h) {
        return h.getSideOutput(OutputTags.DIAGNOSTICS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void learnsTheCouplingImputesMissingMembersAndReportsGrangerCausality() throws Exception {
        var h = harness(config());
        h.open();
        feed(h, coupled(600, 1, 300, 302));
        List<StageRecord> out = h.extractOutputValues();
        // candidates for every member, including y while it was missing (imputed, flagged)
        List<StageRecord> yImputed = out.stream().filter(r -> r.series.equals("y") && r.imputed == 1).toList();
        assertEquals(3, yImputed.size());
        ModelDiagnostics d = diagnostics(h).get(diagnostics(h).size() - 1);
        assertEquals(List.of("x", "y", "z"), d.getMembers());
        Matrix g = d.getMatrices().get("granger.pvalues");
        // p-value that x Granger-causes y (row y = 1, column x = 0) is tiny; that z causes x is not
        assertTrue(g.getValues().get(3) < 1e-6, "x -> y p-value " + g.getValues().get(3));
        assertTrue(g.getValues().get(2) > 0.001, "z -> x p-value " + g.getValues().get(2));
        // the orthogonalised response of y to a shock in x at lag 1 is clearly positive
        Matrix irf1 = d.getMatrices().get("orth_irf.h1");
        assertTrue(irf1.getValues().get(3) > 0.3, "irf y<-x at h1: " + irf1.getValues().get(3));
        h.close();
    }

    @Test
    void aGroupWithSpatialWeightsIsModelledByASpaceTimeArAndReportsItsVarForm() throws Exception {
        // a chain x~y~z: each site sees the mean of its neighbours
        var h = harness(config("groups", "site=x,y,z", "group.weights", "site=x~y,y~z"));
        h.open();
        feed(h, coupled(400, 3, 200, 201));
        List<StageRecord> out = h.extractOutputValues();
        assertTrue(out.size() > 900, "expected candidates for all three members, found " + out.size());
        assertTrue(out.stream().allMatch(r -> r.model.equals("star-rls")), "expected only space-time AR candidates");
        assertEquals(2, out.stream().filter(r -> r.series.equals("y") && r.imputed == 1).count());
        List<AnomalyScore> scores = h.getSideOutput(OutputTags.ANOMALIES).stream().map(StreamRecord::getValue)
                .toList();
        assertTrue(scores.size() > 300 && scores.stream().allMatch(a -> a.getModel().equals("star-rls")));
        ModelDiagnostics d = diagnostics(h).get(diagnostics(h).size() - 1);
        assertEquals("star-rls", d.getModel());
        assertEquals(List.of("x", "y", "z"), d.getMembers());
        // VAR form A_1 = phi_1 I + psi_1 W: x's own lag on the diagonal, z -> x absent (not neighbours in the chain)
        List<Double> coef = d.getCoefficients();
        int perEquation = 1 + 3 * 2;
        assertEquals(3 * perEquation, coef.size());
        assertEquals(0.0, coef.get(3), 0.0); // equation x, lag 1, column z
        assertTrue(d.getMatrices().containsKey("orth_irf.h1") && d.getMatrices().containsKey("fevd.h4"));
        assertTrue(!d.getMatrices().containsKey("granger.pvalues"), "no Granger tests without the covariance P");
        h.close();
    }

    @Test
    void aGroupLargerThanTheSparseThresholdIsModelledByASparseVar() throws Exception {
        var h = harness(config("group.sparse-above", "2"));
        h.open();
        feed(h, coupled(400, 4, -1, -1));
        List<StageRecord> out = h.extractOutputValues();
        assertTrue(out.size() > 900, "expected candidates for all three members, found " + out.size());
        assertTrue(out.stream().allMatch(r -> r.model.equals("var-lasso")), "expected only sparse VAR candidates");
        ModelDiagnostics d = diagnostics(h).get(diagnostics(h).size() - 1);
        assertEquals("var-lasso", d.getModel());
        // the lasso keeps the real coupling: y's equation loads on x at lag 1
        List<Double> coef = d.getCoefficients();
        int perEquation = 1 + 3 * 2;
        assertTrue(coef.get(perEquation + 1) > 0.3, "y <- x(t-1): " + coef.get(perEquation + 1));
        assertTrue(d.getMatrices().containsKey("orth_irf.h1"));
        h.close();
    }

    @Test
    void snapshotAndRestoreContinueExactlyLikeAnUninterruptedRun() throws Exception {
        List<Observation> in = coupled(300, 2, -1, -1);
        var straight = harness(config());
        straight.open();
        feed(straight, in);
        List<String> expected = SeriesStageTest.digest(straight.extractOutputValues());
        straight.close();
        var first = harness(config());
        first.open();
        feed(first, in.subList(0, 450));
        OperatorSubtaskState snap = first.snapshot(1, 1);
        List<StageRecord> out = new ArrayList<>(first.extractOutputValues());
        first.close();
        var second = harness(config());
        second.initializeState(snap);
        second.open();
        feed(second, in.subList(450, in.size()));
        out.addAll(second.extractOutputValues());
        second.close();
        assertEquals(expected, SeriesStageTest.digest(out));
    }

    @Test
    void goldenStateOfAnEarlierBuildStillRestores() throws Exception {
        List<Observation> in = coupled(240, 3, -1, -1);
        var writer = harness(config());
        writer.open();
        feed(writer, in.subList(0, 450));
        OperatorSubtaskState golden = StageHarness.goldenOrWrite("group-stage-v1.snapshot", writer.snapshot(1, 1));
        writer.close();
        var straight = harness(config());
        straight.open();
        feed(straight, in);
        List<String> all = SeriesStageTest.digest(straight.extractOutputValues());
        straight.close();
        var restored = harness(config());
        restored.initializeState(golden);
        restored.open();
        feed(restored, in.subList(450, in.size()));
        List<String> tail = SeriesStageTest.digest(restored.extractOutputValues());
        restored.close();
        assertTrue(tail.size() > 100);
        assertEquals(all.subList(all.size() - tail.size(), all.size()), tail);
    }

    @Test
    void unknownGroupsAreDeadLetteredWhenOnlyConfiguredGroupsAreAllowed() throws Exception {
        var h = harness(config("groups", "plant=a,b", "groups.configured-only", "true"));
        h.open();
        h.processElement(obs("x", T0, 1), T0);
        assertEquals("UNKNOWN_GROUP", h.getSideOutput(OutputTags.DEAD_LETTERS).peek().getValue().getErrorType());
        h.close();
    }

    /**
     * ETTh1 (transformer load and oil temperature, 7 channels, hourly) as one group: the VAR produces impulse
     * responses, FEVD and Granger p-values. The data is CC BY-ND and not in the repository: it is read from
     * ../shared/data/ett/ETTh1.csv (or -Daugur.data=DIR) and the test is skipped, saying so, when it is absent.
     */
    @Test
    void etth1SevenChannelsAsOneGroup() throws Exception {
        Path file = Path.of(System.getProperty("augur.data", "../../shared/data")).resolve("ett/ETTh1.csv");
        assumeTrue(Files.isRegularFile(file), "ETTh1 not found at " + file.toAbsolutePath() + "; skipping");
        List<Observation> in = new ArrayList<>();
        String[] header;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            header = r.readLine().split(",");
            String line;
            int rows = 0;
            while ((line = r.readLine()) != null && rows++ < 3000) {
                String[] f = line.split(",");
                long t = LocalDateTime.parse(f[0].replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
                for (int c = 1; c < f.length; c++) {
                    in.add(Observation.newBuilder().setSeries("ETTh1." + header[c]).setGroup("ETTh1")
                            .setEventTime(Instant.ofEpochMilli(t)).setValue(Double.parseDouble(f[c])).build());
                }
            }
        }
        var h = harness(config("group.step", "1 h", "var.order", "4", "forecast.horizon", "24",
                "diagnostics.every", "500", "var.forgetting", "1"));
        h.open();
        feed(h, in);
        List<ModelDiagnostics> d = diagnostics(h);
        assertTrue(!d.isEmpty(), "diagnostics were emitted");
        ModelDiagnostics last = d.get(d.size() - 1);
        assertEquals(7, last.getMembers().size());
        for (int p = 0; p <= 24; p++) {
            Matrix irf = last.getMatrices().get("orth_irf.h" + p);
            assertEquals(7, irf.getRows());
            assertTrue(irf.getValues().stream().allMatch(Double::isFinite), "finite IRF at " + p);
        }
        Matrix fevd = last.getMatrices().get("fevd.h24");
        for (int i = 0; i < 7; i++) {
            double sum = 0;
            for (int j = 0; j < 7; j++) {
                sum += fevd.getValues().get(7 * i + j);
            }
            assertEquals(1.0, sum, 1e-9);
        }
        List<AnomalyScore> scores = h.getSideOutput(OutputTags.ANOMALIES).stream().map(StreamRecord::getValue)
                .toList();
        assertTrue(scores.size() > 2500, "group scores " + scores.size());
        h.close();
    }
}
