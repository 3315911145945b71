package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once and determinism on real parts: a KRaft broker and the job on a local Flink cluster with checkpoints and
 * transactional Kafka sinks. The same observations are processed twice, once cleanly and once with a task failure
 * injected mid-stream after a checkpoint (Flink restores the last checkpoint and replays from its offsets); reading
 * every output topic with {@code read_committed}, the two runs give the same records, key by key, byte for byte.
 */
class ExactlyOnceIT {
    static final long STEP = 60_000;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final int SERIES = 6;
    static final int POINTS = 250;
    static KafkaClusterTestKit kafka;
    static final AvroCodec<DeadLetter> DEAD = AvroCodec.of(DeadLetter.class);

    /** Fails once, at its first record after {@link #FAIL_AFTER} records once a checkpoint has completed. */
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger SEEN = new AtomicInteger();
    static final int FAIL_AFTER = POINTS * SERIES / 2;

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

    static final class FailOnce extends RichMapFunction<IncomingRecord, IncomingRecord> implements CheckpointListener {
        private final boolean inject;
        private transient volatile boolean checkpointed;

        FailOnce(boolean inject) {
            this.inject = inject;
        }

        @Override
        public void open(OpenContext ctx) {
            checkpointed = false;
        }

        @Override
        public IncomingRecord map(IncomingRecord r) throws Exception {
            Thread.sleep(3); // spread the input over several checkpoints
            int seen = inject ? SEEN.incrementAndGet() : 0;
            if (inject && checkpointed && seen > FAIL_AFTER && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    void createTopics(TopicCatalogue cat) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<NewTopic> l = new ArrayList<>();
            for (Topic t : Topic.values()) {
                l.add(new NewTopic(cat.name(t), 2, (short) 1));
            }
            admin.createTopics(l).all().get(30, TimeUnit.SECONDS);
        }
    }

    void produce(TopicCatalogue cat) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        // one batch in flight, so a retried batch is not overtaken (KAFKA-14359, ingest/README-ingest.md)
        p.put("max.in.flight.requests.per.connection", "1");
        AvroCodec<Observation> codec = AvroCodec.of(Observation.class);
        Random r = new Random(17);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            double[] y = new double[SERIES];
            for (int i = 0; i < POINTS; i++) {
                for (int s = 0; s < SERIES; s++) {
                    y[s] = 0.8 * y[s] + r.nextGaussian() + (i == 200 && s == 2 ? 15 : 0);
                    Observation o = Observation.newBuilder().setSeries("s" + s).setGroup("g" + (s % 2))
                            .setEventTime(Instant.ofEpochMilli(T0 + i * STEP)).setValue(y[s]).build();
                    // Kafka timestamps are wall-clock (event time is in the record): 2024 timestamps would fall
                    // outside the topic's retention and be deleted under the job's feet
                    producer.send(new ProducerRecord<>(cat.name(Topic.OBSERVATIONS),
                            o.getSeries().getBytes(StandardCharsets.UTF_8), codec.encode(o)));
                }
                if (i == 100) { // bad bytes and a far-late record in the middle
                    producer.send(new ProducerRecord<>(cat.name(Topic.OBSERVATIONS), 0, null, new byte[] {9},
                            new byte[] {9}));
                }
            }
            producer.flush();
        }
    }

    void runJob(TopicCatalogue cat, boolean inject) throws Exception {
        Configuration c = new Configuration();
        c.setString("bootstrap-servers", kafka.bootstrapServers());
        c.setString("topic-prefix", cat.prefix());
        c.setString("group-id", cat.prefix() + "job");
        c.setString("transactional-id-prefix", cat.prefix() + "tx");
        c.setString("checkpoint.interval", "300 ms");
        c.setString("source.bounded", "true");
        c.setString("parallelism", "2");
        c.setString("diagnostics.every", "50");
        c.setString("restart-strategy.type", "fixed-delay");
        c.setString("restart-strategy.fixed-delay.attempts", "3");
        c.setString("restart-strategy.fixed-delay.delay", "200 ms");
        JobConfig config = JobConfig.from(c);
        StreamExecutionEnvironment env = AugurJob.environment(c, config);
        DataStream<IncomingRecord> in = AugurJob.kafkaInput(env, config).map(new FailOnce(inject)).name("fail-once");
        AugurJob.sinkToKafka(AugurPipeline.build(in, config), config);
        env.execute("exactly-once-" + (inject ? "failure" : "clean"));
    }

    /** Every committed record of every output topic: topic -> key -> values in offset order (base64). */
    Map<String, Map<String, List<String>>> readAll(TopicCatalogue cat) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("isolation.level", "read_committed");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (Topic t : List.of(Topic.FORECASTS, Topic.ANOMALIES, Topic.DIAGNOSTICS, Topic.LATE, Topic.DEAD_LETTER)) {
                parts.add(new TopicPartition(cat.name(t), 0));
                parts.add(new TopicPartition(cat.name(t), 1));
                out.put(t.suffix(), new TreeMap<>());
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String topic = r.topic().substring(cat.prefix().length());
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    byte[] v = r.value();
                    if (topic.equals(Topic.DEAD_LETTER.suffix())) {
                        // names its source topic (drop the run's prefix) and carries the source record's wall-clock
                        // timestamp, which differs between the two runs' inputs
                        DeadLetter d = DEAD.decode(v);
                        d.setSourceTopic(d.getSourceTopic().substring(cat.prefix().length()));
                        d.setTime(Instant.EPOCH);
                        v = DEAD.encode(d);
                    }
                    out.get(topic).computeIfAbsent(key, k -> new ArrayList<>())
                            .add(Base64.getEncoder().encodeToString(v));
                }
            }
        }
        return out;
    }

    @Test
    void aFailureMidStreamChangesNothingInTheCommittedOutput() throws Exception {
        TopicCatalogue clean = TopicCatalogue.withPrefix("eo-clean.");
        TopicCatalogue failed = TopicCatalogue.withPrefix("eo-fail.");
        createTopics(clean);
        createTopics(failed);
        produce(clean);
        produce(failed);

        runJob(clean, false);
        runJob(failed, true);
        assertTrue(FAILED.get(), "the failure was injected");

        Map<String, Map<String, List<String>>> a = readAll(clean);
        Map<String, Map<String, List<String>>> b = readAll(failed);
        int forecasts = a.get("forecasts").values().stream().mapToInt(List::size).sum();
        int scores = a.get("anomalies").entrySet().stream().filter(e -> e.getKey().startsWith("s"))
                .mapToInt(e -> e.getValue().size()).sum();
        int groupScores = a.get("anomalies").entrySet().stream().filter(e -> e.getKey().startsWith("g"))
                .mapToInt(e -> e.getValue().size()).sum();
        assertEquals(SERIES * (POINTS - 1), forecasts, "one ensemble forecast per origin after the first");
        assertEquals(SERIES * POINTS, scores, "one anomaly score per observation");
        assertTrue(groupScores > POINTS, "group (VAR) scores for g0 and g1: " + groupScores);
        assertEquals(1, a.get("deadletter").values().stream().mapToInt(List::size).sum());
        for (String topic : a.keySet()) {
            assertEquals(a.get(topic), b.get(topic), topic + ": the run with a failure differs from the clean run");
        }
    }
}
