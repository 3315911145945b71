package dev.augur.operators.io;

import dev.augur.schemas.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to one topic: key = a string taken from the record (UTF-8; null allowed), value = Avro
 * single-object encoding. The Kafka timestamp is the producer's wall-clock time; event time is in the record.
 */
public final class KeyedAvroSerializer<T extends SpecificRecordBase> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final KeySelector<T, String> key;
    private final AvroCodec<T> codec;

    public KeyedAvroSerializer(String topic, Class<T> type, KeySelector<T, String> key) {
        this.topic = topic;
        this.key = key;
        this.codec = AvroCodec.of(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k;
        try {
            k = key.getKey(element);
        } catch (Exception e) {
            throw new IllegalStateException("cannot extract the key of " + element, e);
        }
        byte[] keyBytes = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
        // No explicit timestamp: the producer stamps wall-clock time. Event time is inside every record; an event-time
        // Kafka timestamp (e.g. a replay of 2014 data) would put records outside the topic's retention at once.
        return new ProducerRecord<>(topic, null, null, keyBytes, codec.encode(element));
    }
}
