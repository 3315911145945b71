package dev.augur.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.augur.deploy.process.JvmProcess;
import dev.augur.deploy.stack.LocalStack;
import dev.augur.deploy.stack.StackOptions;
import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * End to end on real parts: an embedded KRaft broker, the ingest app (Kafka Streams) and the Flink job (local
 * MiniCluster) in their own JVMs, exactly as {@code ./augur demo} runs them. JSON lines go to the raw topic; forecasts,
 * anomaly scores and dead letters are read back with {@code read_committed} and decoded with the published schemas.
 */
class EndToEndIT {
    static final long STEP = 60_000;
    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    static final int N = 40;

    /** Waits until {@code topic} holds {@code n} committed records. */
    static void awaitCommitted(LocalStack stack, String topic, int n) throws InterruptedException {
        Map<String, Object> cc = new HashMap<>(stack.adminConfig());
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cc.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cc.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cc)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < stack.catalogue().partitions(Topic.OBSERVATIONS); p++) {
                parts.add(new TopicPartition(topic, p));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (seen < n && System.nanoTime() < deadline) {
                seen += c.poll(Duration.ofMillis(500)).count();
            }
            assertEquals(n, seen, "observations committed by ingest");
        }
    }

    @Test
    void jsonLinesBecomeForecastsScoresAndDeadLetters() throws Exception {
        Path home = Path.of(System.getProperty("augur.home", "..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("augur-e2e-");
        String prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        StackOptions options = new StackOptions(home, work, null, prefix, 2, (short) 1, Duration.ofMillis(500),
                List.of());
        List<JvmProcess> started = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(options)) {
            started.add(stack.startIngest());
            started.add(stack.startJob(List.of("--forecast.horizon", "5", "--ar.order", "2")));

            Map<String, Object> pc = new HashMap<>(stack.adminConfig());
            pc.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            // one batch in flight, so a retried batch is not overtaken (KAFKA-14359, ingest/README-ingest.md)
            pc.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
            Random rnd = new Random(11);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pc)) {
                String raw = stack.catalogue().name(Topic.RAW);
                double level = 0;
                for (int i = 0; i < N; i++) {
                    level = 0.5 * level + rnd.nextGaussian();
                    for (String s : List.of("pump-1", "pump-2")) {
                        String line = String.format("{\"series\":\"%s\",\"group\":\"site\",\"time\":%d,"
                                + "\"value\":%.6f}", s, T0 + i * STEP, 5 + level + (s.equals("pump-2") ? 3 : 0));
                        producer.send(new ProducerRecord<>(raw, s.getBytes(StandardCharsets.UTF_8),
                                line.getBytes(StandardCharsets.UTF_8)));
                    }
                }
                producer.send(new ProducerRecord<>(raw, null, "this is not json".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(raw, null,
                        "{\"series\":\"pump-1\",\"value\":1.0}".getBytes(StandardCharsets.UTF_8)));
                producer.flush();
                // once ingest has committed every observation, bytes that are not an Observation go straight to the
                // job's input topic, and a heartbeat an hour later on every partition moves the watermark past the
                // last pump readings (the job applies observations in event-time order once the watermark passes)
                String observations = stack.catalogue().name(Topic.OBSERVATIONS);
                awaitCommitted(stack, observations, 2 * N);
                producer.send(new ProducerRecord<>(observations, "pump-9".getBytes(StandardCharsets.UTF_8),
                        new byte[] {0x42, 0x42, 0x42}));
                AvroCodec<Observation> oc = AvroCodec.of(Observation.class);
                for (int p = 0; p < stack.catalogue().partitions(Topic.OBSERVATIONS); p++) {
                    Observation hb = Observation.newBuilder().setSeries("heartbeat-" + p)
                            .setEventTime(Instant.ofEpochMilli(T0 + N * STEP + 3_600_000L)).setValue(0).build();
                    producer.send(new ProducerRecord<>(observations, p, hb.getSeries().getBytes(
                            StandardCharsets.UTF_8), oc.encode(hb)));
                }
                producer.flush();
            }

            Map<String, Object> cc = new HashMap<>(stack.adminConfig());
            cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            cc.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            cc.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            List<Forecast> forecasts = new ArrayList<>();
            List<AnomalyScore> scores = new ArrayList<>();
            List<DeadLetter> dead = new ArrayList<>();
            AvroCodec<Forecast> fc = AvroCodec.of(Forecast.class);
            AvroCodec<AnomalyScore> ac = AvroCodec.of(AnomalyScore.class);
            AvroCodec<DeadLetter> dc = AvroCodec.of(DeadLetter.class);
            int expected = 2 * (N - 1);
            int expectedScores = 2 * N;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cc)) {
                List<TopicPartition> parts = new ArrayList<>();
                for (Topic t : List.of(Topic.FORECASTS, Topic.ANOMALIES, Topic.DEAD_LETTER)) {
                    for (int p = 0; p < stack.catalogue().partitions(t); p++) {
                        parts.add(new TopicPartition(stack.catalogue().name(t), p));
                    }
                }
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
                long settleUntil = Long.MAX_VALUE;
                while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.topic().endsWith(Topic.FORECASTS.suffix())) {
                            forecasts.add(fc.decode(r.value()));
                        } else if (r.topic().endsWith(Topic.ANOMALIES.suffix())) {
                            scores.add(ac.decode(r.value()));
                        } else {
                            dead.add(dc.decode(r.value()));
                        }
                    }
                    for (JvmProcess p : started) {
                        if (!p.isAlive()) {
                            fail(p.name() + " died (exit " + p.exitCode() + "):\n" + p.logTail(60));
                        }
                    }
                    if (settleUntil == Long.MAX_VALUE && forecasts.size() >= expected
                            && scores.size() >= expectedScores && dead.size() >= 3) {
                        settleUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // catch duplicates
                    }
                }
            }
            for (JvmProcess p : started) {
                for (String socket : ListeningSockets.of(p.pid())) {
                    assertTrue(socket.startsWith("127.0.0.1:"), p.name() + " listens on " + socket
                            + " (expected 127.0.0.1 only)");
                }
            }
            String diag = "forecasts=" + forecasts.size() + " scores=" + scores.size() + " dead=" + dead + "\njob log:\n"
                    + started.get(1).logTail(40) + "\ningest log:\n" + started.get(0).logTail(40);
            assertEquals(expected, forecasts.size(), diag);
            assertEquals(expectedScores, scores.size(), diag);

            Map<String, Long> perSeries = forecasts.stream().collect(Collectors.groupingBy(Forecast::getSeries,
                    Collectors.counting()));
            assertEquals(Map.of("pump-1", (long) N - 1, "pump-2", (long) N - 1), perSeries);
            for (Forecast f : forecasts) {
                assertEquals("ensemble", f.getModel());
                assertEquals(STEP, f.getStepMillis());
                assertEquals(5, f.getSteps().size());
                assertTrue(f.getLevels().containsAll(List.of(0.05, 0.1, 0.5, 0.9, 0.95)), f.getLevels().toString());
                for (ForecastStep s : f.getSteps()) {
                    assertEquals(f.getOriginTime().toEpochMilli() + s.getHorizon() * STEP,
                            s.getTargetTime().toEpochMilli());
                    assertEquals(f.getLevels().size(), s.getQuantiles().size());
                }
            }
            for (AnomalyScore a : scores) {
                assertTrue(a.getScore() >= 0 && a.getScore() <= 1, "score in [0,1]: " + a);
                assertEquals("site", a.getGroup());
            }
            // distinct (series, time): nothing duplicated by the exactly-once path
            assertEquals(expectedScores, scores.stream().map(a -> a.getSeries() + "@" + a.getTime()).distinct()
                    .count());

            Map<String, String> reasons = dead.stream().collect(Collectors.toMap(DeadLetter::getErrorType,
                    DeadLetter::getStage, (x, y) -> x + "," + y));
            assertEquals(Map.of("UNPARSEABLE", "ingest.validate", "MISSING_FIELD", "ingest.validate",
                    "BAD_HEADER", "job.decode"), reasons, diag);
            DeadLetter unparseable = dead.stream().filter(d -> d.getErrorType().equals("UNPARSEABLE")).findFirst()
                    .orElseThrow();
            assertEquals("this is not json", StandardCharsets.UTF_8.decode(unparseable.getOriginal()).toString());
            assertFalse(unparseable.getErrorMessage().isBlank());
        }
        for (JvmProcess p : started) {
            assertFalse(p.isAlive(), p.name() + " still running after the stack closed");
        }
    }
}
