package dev.augur.operators.io;

import dev.augur.schemas.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to one topic: key = a string taken from the record (UTF-8; null allowed), value = Avro
 * single-object encoding. The Kafka timestamp is the record's event time as Flink carries it.
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
        Long ts = timestamp == null || timestamp < 0 ? null : timestamp;
        return new ProducerRecord<>(topic, null, ts, keyBytes, codec.encode(element));
    }
}
