package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.CoverageEntry;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole pipeline on a Flink MiniCluster, fed from memory instead of Kafka (same build function as the job). */
class AugurPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    static final long STEP = 60_000;
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final int N = 200;

    static Observation obs(String series, int i, double v) {
        return Observation.newBuilder().setSeries(series).setGroup("g").setEventTime(T0.plusMillis(i * STEP))
                .setValue(v).build();
    }

    static JobConfig config() {
        Configuration c = new Configuration();
        c.setString("bootstrap-servers", "unused:9092");
        c.setString("forecast.horizon", "6");
        c.setString("ar.order", "3");
        c.setString("diagnostics.every", "50");
        return JobConfig.from(c);
    }

    record Result(List<Forecast> forecasts, List<AnomalyScore> scores, List<ModelDiagnostics> diagnostics,
            List<Observation> late, List<DeadLetter> dead) {
    }

    static Result run(List<IncomingRecord> in) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("pipeline.generic-types", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // One upstream channel per keyed subtask, so what counts as late does not depend on how fast parallel
        // channels deliver their watermarks (records far behind the watermark are late, records within the bound
        // never are, whatever the parallelism; in between it depends on timing, as in any Flink job).
        env.setParallelism(1);
        DataStream<IncomingRecord> source = env.fromData(in, TypeInformation.of(IncomingRecord.class))
                .assignTimestampsAndWatermarks(PunctuatedWatermarks.strategy(Duration.ofSeconds(5)));
        AugurPipeline.Outputs out = AugurPipeline.build(source, config());
        CloseableIterator<Forecast> f = out.forecasts().collectAsync();
        CloseableIterator<AnomalyScore> a = out.anomalies().collectAsync();
        CloseableIterator<ModelDiagnostics> g = out.diagnostics().collectAsync();
        CloseableIterator<Observation> l = out.late().collectAsync();
        CloseableIterator<DeadLetter> d = out.deadLetters().collectAsync();
        env.execute("pipeline-test");
        return new Result(drain(f), drain(a), drain(g), drain(l), drain(d));
    }

    @Test
    void forecastsScoresDiagnosticsLateAndDeadLetters() throws Exception {
        Random rnd = new Random(7);
        List<IncomingRecord> in = new ArrayList<>();
        double ya = 0;
        int cCount = 0;
        for (int i = 0; i < N; i++) {
            ya = 0.7 * ya + rnd.nextGaussian();
            Observation a = obs("a", i, 10 + ya + (i == 150 ? 25 : 0));
            in.add(IncomingRecord.of(a));
            if (i == 20) {
                in.add(IncomingRecord.of(a)); // exact duplicate: applied once, silently
            }
            in.add(IncomingRecord.of(obs("b", i, Math.sin(i / 5.0) + 0.1 * rnd.nextGaussian())));
            if (i < 50 || i > 52) { // a gap of three steps in series c: imputed
                in.add(IncomingRecord.of(obs("c", i, Math.cos(i / 7.0) + 0.1 * rnd.nextGaussian())));
                cCount++;
            }
        }
        in.add(IncomingRecord.of(obs("a", N - 1, 1.0)));      // same time, another value: conflict
        in.add(IncomingRecord.of(obs("b", 10, 1.0)));         // far behind the watermark: late
        IncomingRecord garbage = new IncomingRecord();
        garbage.errorType = "BAD_HEADER";
        garbage.errorMessage = "expected Avro single-object encoding";
        garbage.original = new byte[] {1, 2};
        garbage.topic = "augur.observations";
        garbage.partition = 0;
        garbage.offset = 99;
        garbage.kafkaTimestamp = T0.plusMillis(N * STEP).toEpochMilli();
        in.add(garbage);

        Result r = run(in);

        Map<String, Long> fBySeries = r.forecasts().stream().collect(Collectors.groupingBy(Forecast::getSeries,
                Collectors.counting()));
        // c misses steps 50-52: the group VAR imputes them and still forecasts c from those origins
        assertEquals(Map.of("a", (long) N - 1, "b", (long) N - 1, "c", (long) N - 1), fBySeries);
        Map<String, Long> aBySeries = r.scores().stream().filter(s -> !s.getModel().equals("var-rls"))
                .collect(Collectors.groupingBy(AnomalyScore::getSeries, Collectors.counting()));
        assertEquals(Map.of("a", (long) N, "b", (long) N, "c", (long) cCount), aBySeries);

        // the group score: one per learned bucket after warm-up, shares of the three members summing to 1, and at
        // the spike of a, a high score that a drives
        List<AnomalyScore> group = r.scores().stream().filter(s -> s.getModel().equals("var-rls")).toList();
        assertTrue(group.size() > N / 2, "group scores: " + group.size());
        for (AnomalyScore g : group) {
            assertEquals("g", g.getSeries());
            assertEquals(3, g.getContributions().size());
            assertEquals(1.0, g.getContributions().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        }
        AnomalyScore atSpike = group.stream().filter(g -> g.getTime().equals(T0.plusMillis(150 * STEP)))
                .findFirst().orElseThrow();
        assertTrue(atSpike.getScore() > 0.999, "group score at the spike " + atSpike.getScore());
        assertTrue(atSpike.getContributions().get("a") > 0.8, "a drives it: " + atSpike.getContributions());

        for (Forecast f : r.forecasts()) {
            assertEquals("ensemble", f.getModel());
            assertEquals(STEP, f.getStepMillis());
            assertEquals(6, f.getSteps().size());
            for (ForecastStep s : f.getSteps()) {
                assertEquals(f.getOriginTime().plusMillis(s.getHorizon() * STEP), s.getTargetTime());
                List<Double> q = s.getQuantiles();
                for (int i = 1; i < q.size(); i++) {
                    assertTrue(q.get(i) >= q.get(i - 1), "quantiles must not decrease: " + q);
                }
                assertTrue(Double.isFinite(s.getMean()));
            }
        }
        // per-series output follows event time, whatever the arrival order
        for (String s : List.of("a", "b", "c", "g")) {
            List<Instant> times = r.scores().stream().filter(x -> x.getSeries().equals(s)).map(AnomalyScore::getTime)
                    .toList();
            for (int i = 1; i < times.size(); i++) {
                assertTrue(times.get(i).isAfter(times.get(i - 1)), s + " scores out of order at " + i);
            }
        }
        // the injected spike is the most anomalous settled arrival of series a, and clearly so
        AnomalyScore spike = r.scores().stream()
                .filter(s -> s.getSeries().equals("a") && !s.getWarmingUp() && !s.getModel().equals("var-rls"))
                .max((x, y) -> Double.compare(x.getScore(), y.getScore())).orElseThrow();
        assertEquals(T0.plusMillis(150 * STEP), spike.getTime());
        assertTrue(spike.getScore() > 0.999, "spike score " + spike.getScore());
        assertTrue(spike.getObserved() > spike.getUpper());
        // calibration on the stationary series: about 90% of settled arrivals inside the 90% interval
        List<AnomalyScore> settled = r.scores().stream().filter(s -> !s.getWarmingUp() && s.getSeries().equals("a"))
                .toList();
        double inside = settled.stream().filter(s -> s.getObserved() >= s.getLower()
                && s.getObserved() <= s.getUpper()).count() / (double) settled.size();
        assertTrue(inside > 0.8 && inside < 0.97, "90% interval coverage " + inside);

        assertEquals(List.of(obs("b", 10, 1.0)), r.late());
        Map<String, Long> reasons = r.dead().stream().collect(Collectors.groupingBy(DeadLetter::getErrorType,
                Collectors.counting()));
        assertEquals(Map.of("DUPLICATE_CONFLICT", 1L, "BAD_HEADER", 1L), reasons);
        DeadLetter bad = r.dead().stream().filter(d -> d.getErrorType().equals("BAD_HEADER")).findFirst()
                .orElseThrow();
        assertEquals("job.decode", bad.getStage());
        assertEquals(99L, bad.getSourceOffset());
        DeadLetter dup = r.dead().stream().filter(d -> d.getErrorType().equals("DUPLICATE_CONFLICT")).findFirst()
                .orElseThrow();
        assertEquals("job.ar", dup.getStage());
        assertNull(dup.getSourceTopic());
        assertTrue(dup.getErrorMessage().startsWith("expected at most one value per (series, time)"),
                dup.getErrorMessage());

        List<ModelDiagnostics> aDiag = r.diagnostics().stream().filter(d -> d.getSubject().equals("a")).toList();
        assertEquals(4, aDiag.stream().filter(d -> d.getModel().equals("ar-rls")).count());
        ModelDiagnostics ens = aDiag.stream().filter(d -> d.getModel().equals("ensemble"))
                .max((x, y) -> Long.compare(x.getObservations(), y.getObservations())).orElseThrow();
        assertEquals(List.of(0.5, 0.8, 0.9), ens.getCoverage().stream().map(CoverageEntry::getLevel).toList());
        for (CoverageEntry c : ens.getCoverage()) {
            assertTrue(c.getCount() > 100);
            assertTrue(Math.abs(c.getAchieved() - c.getLevel()) < 0.1, "coverage " + c);
        }
        ModelDiagnostics ar = aDiag.stream().filter(d -> d.getModel().equals("ar-rls")).findFirst().orElseThrow();
        assertEquals(4, ar.getCoefficients().size());
        assertFalse(ar.getCoefficients().stream().anyMatch(x -> !Double.isFinite(x)));

        ModelDiagnostics var = r.diagnostics().stream().filter(d -> d.getSubject().equals("g")).findFirst()
                .orElseThrow();
        assertEquals(List.of("a", "b", "c"), var.getMembers());
        assertEquals(3 * (1 + 3 * 2), var.getCoefficients().size(), "k x (1 + k p) coefficients");
        for (String m : List.of("sigma_u", "orth_irf.h0", "orth_irf.h6", "fevd.h6", "granger.pvalues")) {
            assertEquals(3, var.getMatrices().get(m).getRows(), m);
        }
        // FEVD rows are shares: each sums to 1
        List<Double> fevd = var.getMatrices().get("fevd.h6").getValues();
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, fevd.get(3 * i) + fevd.get(3 * i + 1) + fevd.get(3 * i + 2), 1e-9);
        }
        // ensemble forecasts pool the AR and VAR candidates once both are in
        ModelDiagnostics lastEnsemble = aDiag.stream().filter(d -> d.getModel().equals("ensemble"))
                .max((x, y) -> Long.compare(x.getObservations(), y.getObservations())).orElseThrow();
        assertEquals(List.of("ar-rls", "var-rls"), lastEnsemble.getMembers());
        List<Double> w = lastEnsemble.getCoefficients();
        assertEquals(1.0, w.get(0) + w.get(1), 1e-12);
        assertTrue(Math.abs(w.get(0) - 0.5) > 1e-3, "weights follow each model's CRPS: " + w);
    }

    @Test
    void resultsDoNotDependOnArrivalOrderWithinTheBound() throws Exception {
        Random rnd = new Random(3);
        List<IncomingRecord> ordered = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ordered.add(IncomingRecord.of(obs("x", i, Math.sin(i / 4.0) + 0.2 * rnd.nextGaussian())));
        }
        // swap neighbours (60 s apart), well within a 2-minute out-of-orderness bound
        List<IncomingRecord> shuffled = new ArrayList<>(ordered);
        for (int i = 0; i + 1 < shuffled.size(); i += 2) {
            IncomingRecord tmp = shuffled.get(i);
            shuffled.set(i, shuffled.get(i + 1));
            shuffled.set(i + 1, tmp);
        }
        Result a = runWithBound(ordered, Duration.ofMinutes(2));
        Result b = runWithBound(shuffled, Duration.ofMinutes(2));
        assertEquals(a.forecasts(), b.forecasts());
        assertEquals(a.scores(), b.scores());
        assertTrue(a.late().isEmpty() && b.late().isEmpty());
    }

    static Result runWithBound(List<IncomingRecord> in, Duration bound) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("pipeline.generic-types", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        DataStream<IncomingRecord> source = env.fromData(in, TypeInformation.of(IncomingRecord.class))
                .assignTimestampsAndWatermarks(PunctuatedWatermarks.strategy(bound));
        AugurPipeline.Outputs out = AugurPipeline.build(source, config());
        CloseableIterator<Forecast> f = out.forecasts().collectAsync();
        CloseableIterator<AnomalyScore> a = out.anomalies().collectAsync();
        CloseableIterator<Observation> l = out.late().collectAsync();
        env.execute("order-test");
        return new Result(drain(f), drain(a), List.of(), drain(l), List.of());
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> l = new ArrayList<>();
        while (it.hasNext()) {
            l.add(it.next());
        }
        it.close();
        return l;
    }
}
