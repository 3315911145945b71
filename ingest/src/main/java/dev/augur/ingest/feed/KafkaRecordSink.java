package dev.augur.ingest.feed;

import dev.augur.schemas.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends feed records to a raw topic: key = series id (UTF-8), value = the JSON line ({@link JsonLineEncoder}).
 * The producer is idempotent with {@code acks=all}, so retries neither lose nor duplicate records. The first failed
 * send is rethrown by the next {@link #send} or {@link #flush}, so a feed stops instead of silently losing data.
 *
 * <p>Not thread-safe.
 */
public final class KafkaRecordSink implements RecordSink {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final JsonLineEncoder encoder = new JsonLineEncoder();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** Wraps {@code producer} (a {@code MockProducer} in tests). */
    public KafkaRecordSink(Producer<String, byte[]> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** Creates a producer from {@link #producerProperties}. */
    public static KafkaRecordSink create(Properties producerProperties, String topic) {
        return new KafkaRecordSink(
                new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer()), topic);
    }

    /**
     * Producer settings for a feed: {@code bootstrap.servers}, {@code client.id}, a short linger for batching, one
     * batch in flight per partition ({@code max.in.flight.requests.per.connection=1}, see below), then the
     * pass-through {@code overrides}, then {@code enable.idempotence=true} and {@code acks=all}. An override of the
     * in-flight count is taken (more throughput on a slow link) at the risk of KAFKA-14359: a retried batch overtaken
     * by the next one fails with OUT_OF_ORDER_SEQUENCE_NUMBER until {@code delivery.timeout.ms}, and the feed stops
     * with that error.
     *
     * @throws ConfigException when an override contradicts idempotence or acks=all, or sets the serializers
     */
    public static Properties producerProperties(String bootstrapServers, String clientId,
            Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // one batch in flight per partition (KAFKA-14359): with more, a retried batch can be overtaken by the next,
        // which a broker without state for this producer id accepts; the retried one then fails until it expires
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().trim();
            if (key.equals(ProducerConfig.ACKS_CONFIG) && !value.equals("all") && !value.equals("-1")) {
                throw new ConfigException("--kafka.acks must be all for feed producers (idempotent) but was '"
                        + value + "'");
            }
            if (key.equals(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG) && !value.equalsIgnoreCase("true")) {
                throw new ConfigException("--kafka.enable.idempotence must be true for feed producers but was '"
                        + value + "'");
            }
            if (key.equals(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG)
                    || key.equals(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
                throw new ConfigException("--kafka." + key + " cannot be set: feeds write String keys and JSON bytes");
            }
            p.put(key, e.getValue());
        }
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    @Override
    public void send(FeedRecord record) {
        rethrowFailure();
        producer.send(new ProducerRecord<>(topic, record.series(), encoder.encode(record)), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
        rethrowFailure();
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private void rethrowFailure() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("expected every record to reach " + topic + " but a send failed: " + e,
                    e);
        }
    }
}
