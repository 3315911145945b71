package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.operators.config.JobConfig;
import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a running job between state backends on a real broker: the job runs on one backend, stops with a canonical
 * savepoint, and restarts from it on the other. Every forecast and anomaly score must equal those of a run that never
 * stopped (heap backend): the AR, VAR and combine states carry over in full, including the combine stage's split
 * RocksDB layout (core plus one entry per origin slot), which the heap mode reassembles, and the whole states the heap
 * mode writes, which the RocksDB mode splits on their next store.
 */
class BackendSwitchIT {
    static final long STEP = 60_000;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final int SERIES = 4;
    static final int FIRST = 150;
    static final int TOTAL = 260;
    // n observations per series give n - 3 forecasts per series while the feed is open: the last origins wait for
    // watermarks that only later data would move (the group stage's bucket and wait, then the combine stage's timer)
    static KafkaClusterTestKit kafka;
    static List<Forecast> referenceForecasts;
    static List<AnomalyScore> referenceScores;

    @BeforeAll
    static void startKafkaAndRunTheReference() throws Exception {
        kafka = TestKafka.start();
        TopicCatalogue cat = TopicCatalogue.withPrefix("ref.");
        TestKafka.createTopics(kafka.bootstrapServers(), cat);
        produce(cat, 0, TOTAL);
        JobClient job = start(jobConf(cat, "hashmap"));
        referenceForecasts = awaitForecasts(cat, SERIES * (TOTAL - 3), job);
        job.cancel().get(1, TimeUnit.MINUTES);
        referenceScores = sorted(TestKafka.readCommitted(kafka.bootstrapServers(), cat.name(Topic.ANOMALIES),
                AnomalyScore.class), a -> a.getSeries() + "@" + a.getTime());
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Observations {@code from <= i < to} of four AR(1) series in one group (the same values whatever the range). */
    static void produce(TopicCatalogue cat, int from, int to) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        // one batch in flight, so a retried batch is not overtaken (KAFKA-14359, ingest/README-ingest.md). With five,
        // the first batch to a topic just created could get NOT_LEADER_OR_FOLLOWER, the next be accepted (the broker
        // had no state for the new producer id), and the retried first fail with OUT_OF_ORDER_SEQUENCE_NUMBER until it
        // expired: the "Expiring 336 record(s)" of earlier CI runs, seen in target/test-logs/operators.log
        p.put("max.in.flight.requests.per.connection", "1");
        AvroCodec<Observation> codec = AvroCodec.of(Observation.class);
        Random r = new Random(23);
        double[] y = new double[SERIES];
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < to; i++) {
                for (int s = 0; s < SERIES; s++) {
                    y[s] = 0.7 * y[s] + 0.2 * y[(s + 1) % SERIES] + r.nextGaussian();
                    if (i < from) {
                        continue;
                    }
                    Observation o = Observation.newBuilder().setSeries("s" + s).setGroup("g")
                            .setEventTime(Instant.ofEpochMilli(T0 + i * STEP)).setValue(y[s]).build();
                    sent.add(producer.send(new ProducerRecord<>(cat.name(Topic.OBSERVATIONS),
                            o.getSeries().getBytes(StandardCharsets.UTF_8), codec.encode(o))));
                }
            }
            producer.flush();
        }
        // a send that failed (e.g. expired after delivery.timeout.ms) fails here with its cause, not later as a job
        // that stops short of the expected output
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
    }

    static Configuration jobConf(TopicCatalogue cat, String backend) {
        Configuration c = new Configuration();
        c.setString("bootstrap-servers", kafka.bootstrapServers());
        c.setString("topic-prefix", cat.prefix());
        c.setString("group-id", cat.prefix() + "job");
        c.setString("transactional-id-prefix", cat.prefix() + "tx");
        c.setString("checkpoint.interval", "500 ms");
        c.setString("source.bounded", "false");
        c.setString("parallelism", "1");
        c.setString("state.backend.type", backend);
        return c;
    }

    static JobClient start(Configuration c) throws Exception {
        JobConfig config = JobConfig.from(c);
        StreamExecutionEnvironment env = AugurJob.environment(c, config);
        AugurJob.wire(env, config);
        return env.executeAsync("backend-switch");
    }

    /**
     * Waits until {@code n} forecasts are committed; returns them sorted by series and origin. Fails at once, with the
     * cause, if {@code job} (when given) ended.
     */
    static List<Forecast> awaitForecasts(TopicCatalogue cat, int n, JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        List<Forecast> f = TestKafka.readCommitted(kafka.bootstrapServers(), cat.name(Topic.FORECASTS),
                Forecast.class);
        while (f.size() < n) {
            if (job != null && job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                Throwable cause = null;
                try {
                    job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    cause = e.getCause();
                }
                throw new AssertionError("the job ended (" + job.getJobStatus().get() + ") with " + f.size() + " of "
                        + n + " forecasts committed", cause);
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("expected " + n + " forecasts within 3 minutes but found " + f.size()
                        + "; job " + (job == null ? "ended" : job.getJobStatus().get()) + "; "
                        + TestKafka.offsets(kafka.bootstrapServers(), cat.name(Topic.FORECASTS)) + "; "
                        + TestKafka.offsets(kafka.bootstrapServers(), cat.name(Topic.OBSERVATIONS)));
            }
            Thread.sleep(500);
            f = TestKafka.readCommitted(kafka.bootstrapServers(), cat.name(Topic.FORECASTS), Forecast.class);
        }
        return sorted(f, x -> x.getSeries() + "@" + x.getOriginTime());
    }

    static <T> List<T> sorted(List<T> l, Function<T, String> key) {
        return l.stream().sorted(Comparator.comparing(key)).toList();
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({"rocksdb, hashmap", "hashmap, rocksdb"})
    void aSavepointOfOneBackendRestoresOnTheOtherWithTheSameOutput(String before, String after, @TempDir Path dir)
            throws Exception {
        TopicCatalogue cat = TopicCatalogue.withPrefix("switch-" + before + ".");
        TestKafka.createTopics(kafka.bootstrapServers(), cat);
        produce(cat, 0, FIRST);
        JobClient first = start(jobConf(cat, before));
        awaitForecasts(cat, SERIES * (FIRST - 3), first);
        String savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);

        produce(cat, FIRST, TOTAL);
        Configuration second = jobConf(cat, after);
        second.setString("execution.state-recovery.path", savepoint);
        JobClient restored = start(second);
        List<Forecast> forecasts = awaitForecasts(cat, SERIES * (TOTAL - 3), restored);
        Thread.sleep(2_000); // more checkpoints: anything duplicated would be committed by now
        restored.cancel().get(1, TimeUnit.MINUTES);
        forecasts = awaitForecasts(cat, SERIES * (TOTAL - 3), null);
        List<AnomalyScore> scores = sorted(TestKafka.readCommitted(kafka.bootstrapServers(),
                cat.name(Topic.ANOMALIES), AnomalyScore.class), a -> a.getSeries() + "@" + a.getTime());

        // VAR candidates took part (the ensemble names both models), so the group state moved too
        assertTrue(forecasts.stream().anyMatch(f -> f.getModelVersion().contains("var")),
                "expected forecasts combining the VAR but found versions "
                        + forecasts.stream().map(Forecast::getModelVersion).distinct().toList());
        assertEquals(referenceForecasts.size(), forecasts.size());
        for (int i = 0; i < forecasts.size(); i++) {
            assertEquals(referenceForecasts.get(i), forecasts.get(i), "forecast " + i);
        }
        assertEquals(referenceScores.size(), scores.size());
        for (int i = 0; i < scores.size(); i++) {
            assertEquals(referenceScores.get(i), scores.get(i), "anomaly score " + i);
        }
    }
}
