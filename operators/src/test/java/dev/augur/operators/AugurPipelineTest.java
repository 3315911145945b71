package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import dev.augur.schemas.records.Observation;
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

    static Observation obs(String series, int i, double v) {
        return Observation.newBuilder().setSeries(series).setGroup("g").setEventTime(T0.plusMillis(i * STEP))
                .setValue(v).build();
    }

    static JobConfig config() {
        Configuration c = new Configuration();
        c.setString("bootstrap-servers", "unused:9092");
        c.setString("forecast.horizon", "6");
        c.setString("ar.order", "3");
        return JobConfig.from(c);
    }

    @Test
    void forecastsScoresAndDeadLetters() throws Exception {
        Random rnd = new Random(7);
        List<IncomingRecord> in = new ArrayList<>();
        int n = 200;
        double ya = 0;
        for (int i = 0; i < n; i++) {
            ya = 0.7 * ya + rnd.nextGaussian();
            double va = 10 + ya + (i == 150 ? 25 : 0);
            in.add(IncomingRecord.of(obs("a", i, va)));
            in.add(IncomingRecord.of(obs("b", i, Math.sin(i / 5.0) + 0.1 * rnd.nextGaussian())));
        }
        in.add(IncomingRecord.of(obs("a", n - 1, 1.0)));      // duplicate time
        in.add(IncomingRecord.of(obs("b", 10, 1.0)));         // time going backwards
        IncomingRecord garbage = new IncomingRecord();
        garbage.errorType = "BAD_HEADER";
        garbage.errorMessage = "expected Avro single-object encoding";
        garbage.original = new byte[] {1, 2};
        garbage.topic = "augur.observations";
        garbage.partition = 0;
        garbage.offset = 99;
        garbage.kafkaTimestamp = T0.toEpochMilli();
        in.add(garbage);

        Configuration conf = new Configuration();
        conf.setString("pipeline.generic-types", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<IncomingRecord> source = env.fromData(in, TypeInformation.of(IncomingRecord.class))
                .setParallelism(1)
                .assignTimestampsAndWatermarks(AugurJob.watermarks(config()));
        AugurPipeline.Outputs out = AugurPipeline.build(source, config());
        CloseableIterator<Forecast> fIt = out.forecasts().collectAsync();
        CloseableIterator<AnomalyScore> aIt = out.anomalies().collectAsync();
        CloseableIterator<DeadLetter> dIt = out.deadLetters().collectAsync();
        env.execute("pipeline-test");
        List<Forecast> forecasts = drain(fIt);
        List<AnomalyScore> scores = drain(aIt);
        List<DeadLetter> dead = drain(dIt);

        // one forecast per observation after the first, one score per observation after the first
        Map<String, Long> fBySeries = forecasts.stream().collect(Collectors.groupingBy(Forecast::getSeries,
                Collectors.counting()));
        assertEquals(Map.of("a", (long) n - 1, "b", (long) n - 1), fBySeries);
        assertEquals(2 * (n - 1), scores.size());

        for (Forecast f : forecasts) {
            assertEquals(6, f.getSteps().size());
            assertEquals(STEP, f.getStepMillis());
            for (ForecastStep s : f.getSteps()) {
                assertEquals(f.getOriginTime().plusMillis(s.getHorizon() * STEP), s.getTargetTime());
                List<Double> q = s.getQuantiles();
                for (int i = 1; i < q.size(); i++) {
                    assertTrue(q.get(i) >= q.get(i - 1), "quantiles must not decrease: " + q);
                }
                assertTrue(Double.isFinite(s.getMean()));
            }
        }
        // the injected spike is the most anomalous arrival of series a, and clearly so
        AnomalyScore spike = scores.stream()
                .filter(s -> s.getSeries().equals("a") && !s.getWarmingUp())
                .max((x, y) -> Double.compare(x.getScore(), y.getScore())).orElseThrow();
        assertEquals(T0.plusMillis(150 * STEP), spike.getTime());
        assertTrue(spike.getScore() > 0.999, "spike score " + spike.getScore());
        assertTrue(spike.getObserved() > spike.getUpper());
        // calibration sanity on the stationary part: about 90% of later arrivals inside the 90% interval
        List<AnomalyScore> settled = scores.stream().filter(s -> !s.getWarmingUp() && s.getSeries().equals("a"))
                .toList();
        double inside = settled.stream().filter(s -> s.getObserved() >= s.getLower() && s.getObserved()
                <= s.getUpper()).count() / (double) settled.size();
        assertTrue(inside > 0.8 && inside < 0.97, "90% interval coverage " + inside);

        Map<String, Long> reasons = dead.stream().collect(Collectors.groupingBy(DeadLetter::getErrorType,
                Collectors.counting()));
        assertEquals(Map.of("DUPLICATE", 1L, "OUT_OF_ORDER", 1L, "BAD_HEADER", 1L), reasons);
        DeadLetter bad = dead.stream().filter(d -> d.getErrorType().equals("BAD_HEADER")).findFirst().orElseThrow();
        assertEquals("job.decode", bad.getStage());
        assertEquals(99L, bad.getSourceOffset());
        DeadLetter dup = dead.stream().filter(d -> d.getErrorType().equals("DUPLICATE")).findFirst().orElseThrow();
        assertEquals("job.ar", dup.getStage());
        assertNull(dup.getSourceTopic());
        assertTrue(dup.getErrorMessage().startsWith("expected event time after"), dup.getErrorMessage());
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
