package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.operators.config.JobConfig;
import dev.augur.operators.neural.NeuralModels;
import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling out a new neural model on a real broker: the job runs with the bundled model, stops with a savepoint, and
 * restarts from it with another model file. The AR state (and each series' context window) carries over, the new
 * model's candidates come at the first eligible origin after the restart, and every forecast names the model version
 * behind it; nothing is lost or duplicated across the swap.
 */
class NeuralHotSwapIT {
    static final long STEP = 3_600_000;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final int SERIES = 2;
    static final int FIRST = 300;
    static final int TOTAL = 400;
    static KafkaClusterTestKit kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    static void produce(TopicCatalogue cat, int from, int to) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        // one batch in flight, so a retried batch is not overtaken (KAFKA-14359, ingest/README-ingest.md)
        p.put("max.in.flight.requests.per.connection", "1");
        AvroCodec<Observation> codec = AvroCodec.of(Observation.class);
        Random r = new Random(5);
        double[] e = new double[SERIES];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < to; i++) {
                for (int s = 0; s < SERIES; s++) {
                    e[s] = 0.6 * e[s] + r.nextGaussian();
                    if (i < from) {
                        continue; // the same random stream whichever part is produced
                    }
                    double v = 10 * (s + 1) + 3 * Math.sin(2 * Math.PI * i / 24.0) + e[s];
                    Observation o = Observation.newBuilder().setSeries("s" + s)
                            .setEventTime(Instant.ofEpochMilli(T0 + i * STEP)).setValue(v).build();
                    producer.send(new ProducerRecord<>(cat.name(Topic.OBSERVATIONS),
                            o.getSeries().getBytes(StandardCharsets.UTF_8), codec.encode(o)));
                }
            }
            producer.flush();
        }
    }

    static Configuration jobConf(TopicCatalogue cat, String model, boolean bounded) {
        Configuration c = new Configuration();
        c.setString("bootstrap-servers", kafka.bootstrapServers());
        c.setString("topic-prefix", cat.prefix());
        c.setString("group-id", cat.prefix() + "job");
        c.setString("transactional-id-prefix", cat.prefix() + "tx");
        c.setString("checkpoint.interval", "500 ms");
        c.setString("source.bounded", Boolean.toString(bounded));
        c.setString("parallelism", "1");
        c.setString("diagnostics.every", "50");
        c.setString("restart-strategy.type", "none");
        c.setString("neural.enabled", "true");
        c.setString("neural.model", model);
        c.setString("neural.every", "4");
        return c;
    }

    static JobClient start(Configuration c) throws Exception {
        JobConfig config = JobConfig.from(c);
        StreamExecutionEnvironment env = AugurJob.environment(c, config);
        AugurJob.wire(env, config);
        return env.executeAsync("hot-swap");
    }

    /** Committed records of a topic, decoded, in offset order. */
    static <T extends org.apache.avro.specific.SpecificRecordBase> List<T> read(TopicCatalogue cat, Topic t,
            Class<T> type) {
        return TestKafka.readCommitted(kafka.bootstrapServers(), cat.name(t), type);
    }

    @Test
    void aNewModelFileRestoredFromASavepointKeepsTheArStateAndStampsItsVersion(@TempDir Path dir) throws Exception {
        TopicCatalogue cat = TopicCatalogue.withPrefix("swap.");
        TestKafka.createTopics(kafka.bootstrapServers(), cat);
        Path modelB = dir.resolve("tiny-seed7.onnx");
        try (InputStream in = NeuralHotSwapIT.class.getResourceAsStream("/neural/tiny-seed7.onnx")) {
            Files.copy(in, modelB, StandardCopyOption.REPLACE_EXISTING);
        }
        String versionA = NeuralModels.describe("bundled", 12).version();
        String versionB = NeuralModels.describe(modelB.toString(), 12).version();
        assertNotEquals(versionA, versionB);

        // phase 1: the bundled model, until every forecast the first part allows is committed
        produce(cat, 0, FIRST);
        JobClient first = start(jobConf(cat, "bundled", false));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (read(cat, Topic.FORECASTS, Forecast.class).size() < SERIES * (FIRST - 2)) {
            assertTrue(System.nanoTime() < deadline, "phase 1 forecasts did not arrive within 3 minutes");
            Thread.sleep(500);
        }
        String savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);

        // phase 2: a new model file, restored from the savepoint, over the rest of the feed
        produce(cat, FIRST, TOTAL);
        Configuration second = jobConf(cat, modelB.toString(), false);
        second.setString("execution.state-recovery.path", savepoint);
        JobClient swapped = start(second);
        // the restored source keeps running (its splits come from the savepoint, without end offsets): wait for
        // every forecast the feed allows (origins 1 to TOTAL - 2; the last waits for a later watermark), then stop
        int expected = SERIES * (TOTAL - 2);
        List<Forecast> forecasts = read(cat, Topic.FORECASTS, Forecast.class);
        deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (forecasts.size() < expected) {
            assertTrue(System.nanoTime() < deadline, "phase 2 forecasts did not arrive within 3 minutes: "
                    + forecasts.size() + " of " + expected);
            Thread.sleep(500);
            forecasts = read(cat, Topic.FORECASTS, Forecast.class);
        }
        Thread.sleep(2_000); // two more checkpoints: anything duplicated would be committed by now
        swapped.cancel().get(1, TimeUnit.MINUTES);
        forecasts = read(cat, Topic.FORECASTS, Forecast.class);

        // nothing lost or repeated across the swap: one forecast per series and origin after the first
        assertEquals(expected, forecasts.size());
        assertEquals(expected, forecasts.stream().map(f -> f.getSeries() + f.getOriginTime()).distinct().count());
        // every forecast names the model behind it: the bundled model's version before the swap, the new one's after
        long lastA = forecasts.stream().filter(f -> f.getModelVersion().endsWith(versionA))
                .mapToLong(f -> f.getOriginTime().toEpochMilli()).max().orElseThrow();
        long firstB = forecasts.stream().filter(f -> f.getModelVersion().endsWith(versionB))
                .mapToLong(f -> f.getOriginTime().toEpochMilli()).min().orElseThrow();
        for (Forecast f : forecasts) {
            String v = f.getModelVersion();
            assertTrue(v.equals("1;ar-rls=2") || v.equals("1;ar-rls=2;neural-diffusion=" + versionA)
                    || v.equals("1;ar-rls=2;neural-diffusion=" + versionB), v);
        }
        assertTrue(lastA < firstB, "the swap is one cut in event time");
        // the bundled model served to the end of the first part (requests every fourth observation)...
        assertTrue(lastA >= T0 + (FIRST - 5) * STEP, "last origin of the bundled model: " + Instant.ofEpochMilli(lastA));
        // ...and the context windows survived the restart: the new model forecasts at the next request, not 216
        // observations later when a fresh window would be full
        assertTrue(firstB <= lastA + 4 * STEP, "first origin of the new model: " + Instant.ofEpochMilli(firstB));
        // the AR models continued: their diagnostics count every observation since the start
        List<ModelDiagnostics> ar = read(cat, Topic.DIAGNOSTICS, ModelDiagnostics.class).stream()
                .filter(d -> d.getModel().equals("ar-rls") && d.getSubject().equals("s0")).toList();
        assertEquals(List.of(50L, 100L, 150L, 200L, 250L, 300L, 350L),
                ar.stream().map(ModelDiagnostics::getObservations).toList());
    }
}
