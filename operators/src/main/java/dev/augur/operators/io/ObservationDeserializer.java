package dev.augur.operators.io;

import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.codec.RecordDecodingException;
import dev.augur.schemas.records.Observation;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes observation records; bytes that are not a valid single-object-encoded {@link Observation} become an
 * {@link IncomingRecord} carrying the reason, never an exception that would fail the job.
 */
public final class ObservationDeserializer implements KafkaRecordDeserializationSchema<IncomingRecord> {
    private static final long serialVersionUID = 1L;
    private final AvroCodec<Observation> codec = AvroCodec.of(Observation.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IncomingRecord> out) {
        IncomingRecord r = new IncomingRecord();
        r.topic = record.topic();
        r.partition = record.partition();
        r.offset = record.offset();
        r.kafkaTimestamp = record.timestamp();
        try {
            r.observation = codec.decode(record.value());
        } catch (RecordDecodingException e) {
            r.errorType = e.errorType();
            r.errorMessage = e.getMessage();
            r.original = record.value();
        }
        out.collect(r);
    }

    @Override
    public TypeInformation<IncomingRecord> getProducedType() {
        return TypeInformation.of(IncomingRecord.class);
    }
}
