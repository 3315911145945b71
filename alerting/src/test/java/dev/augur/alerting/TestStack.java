package dev.augur.alerting;

import dev.augur.schemas.kafka.AvroKafkaSerde;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real broker with the topics of a fresh prefix, a producer for test records, a read_committed reader of the
 * alerts topic, and the alerting app started as its own process: what the *IT tests run against.
 */
final class TestStack implements AutoCloseable {
    static final int PARTITIONS = 2;

    final KafkaTestCluster kafka;
    final TopicCatalogue topics;
    final Path work;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, Alert> alertReader;
    private final List<Alert> alerts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestStack(KafkaTestCluster kafka, TopicCatalogue topics, Path work) {
        this.kafka = kafka;
        this.topics = topics;
        this.work = work;
        Map<String, Object> pc = kafka.clientConfig();
        pc.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        pc.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // one batch in flight, so a retried batch is not overtaken (KAFKA-14359, ingest/README-ingest.md)
        pc.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        this.producer = new KafkaProducer<>(pc);
        Map<String, Object> cc = kafka.clientConfig();
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.alertReader = new KafkaConsumer<>(cc, new StringDeserializer(),
                AvroKafkaSerde.of(Alert.class).deserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(new TopicPartition(topics.name(Topic.ALERTS), p));
        }
        alertReader.assign(parts);
        alertReader.seekToBeginning(parts);
    }

    static TestStack start(String name) throws Exception {
        KafkaTestCluster kafka = KafkaTestCluster.start();
        try {
            TopicCatalogue topics = TopicCatalogue.withPrefix(name + "-" + UUID.randomUUID().toString()
                    .substring(0, 8) + ".", PARTITIONS);
            kafka.createTopics(topics, PARTITIONS);
            Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it")), name + "-");
            return new TestStack(kafka, topics, work);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
    }

    /** The app's arguments for this stack: broker, prefix, a fresh state dir, HTTP on a free port. */
    List<String> appArgs(String applicationId, String stateDirName) {
        return new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--topic-prefix", topics.prefix(), "--application-id", applicationId,
                "--state-dir", work.resolve(stateDirName).toString(), "--http-port", "0",
                "--commit-interval-ms", "200"));
    }

    AppProcess startApp(List<String> args, String logName) throws Exception {
        return AppProcess.start(args, work.resolve(logName + ".log"));
    }

    /** Sends {@code value} keyed by {@code key} to the topic (Avro single-object encoding). */
    <T extends SpecificRecordBase> void send(Topic topic, String key, T value) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) value.getClass();
        producer.send(new ProducerRecord<>(topics.name(topic), key,
                AvroKafkaSerde.of(type).serialize(topics.name(topic), value)));
    }

    void flush() {
        producer.flush();
    }

    /**
     * Reads committed alert events until {@code done} holds for all read so far.
     *
     * @return every alert event read so far, in order per partition
     */
    List<Alert> awaitAlerts(Predicate<List<Alert>> done, Duration timeout, AppProcess app) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(alerts)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("alerts so far: " + alerts + "\napp log:\n" + app.tail(60));
            }
            if (!app.isAlive()) {
                throw new AssertionError("the app died:\n" + app.tail(80));
            }
            for (ConsumerRecord<String, Alert> r : alertReader.poll(Duration.ofMillis(200))) {
                alerts.add(r.value());
            }
        }
        return List.copyOf(alerts);
    }

    /** GET with an optional bearer token. */
    HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code url} until the body satisfies {@code done}. */
    String awaitGet(String url, String token, Predicate<String> done, Duration timeout, AppProcess app)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(url, token);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && done.test(r.body())) {
                return r.body();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("GET " + url + " never gave what was expected; last: " + last + "\napp log:\n"
                + app.tail(60));
    }

    @Override
    public void close() throws Exception {
        producer.close(Duration.ofSeconds(5));
        alertReader.close();
        kafka.close();
    }
}
