package dev.augur.schemas.flink;

import dev.augur.schemas.codec.AvroCodec;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink {@link DeserializationSchema} reading Avro single-object encoding. Throws
 * {@link dev.augur.schemas.codec.RecordDecodingException} on bad bytes: where bad input is possible, use a source
 * deserializer that routes failures to the dead-letter topic instead of this one.
 */
public final class AvroDeserializationSchema<T extends SpecificRecordBase> implements DeserializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final AvroCodec<T> codec;

    public AvroDeserializationSchema(Class<T> type) {
        this.codec = AvroCodec.of(type);
    }

    @Override
    public T deserialize(byte[] message) {
        return codec.decode(message);
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(codec.type());
    }
}
