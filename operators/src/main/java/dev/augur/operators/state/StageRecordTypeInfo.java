package dev.augur.operators.state;

import dev.augur.models.stream.StageRecord;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information of {@link StageRecord}, giving it {@link StageRecordSerializer}. Every stream and state of
 * stage records in the job names it ({@code returns}, output tags, state descriptors): a stream typed by reflection
 * would get the slower POJO serializer, and {@code union} refuses streams of different type information.
 */
public final class StageRecordTypeInfo extends TypeInformation<StageRecord> {
    private static final long serialVersionUID = 1L;
    public static final StageRecordTypeInfo INSTANCE = new StageRecordTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<StageRecord> getTypeClass() {
        return StageRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<StageRecord> createSerializer(SerializerConfig config) {
        return new StageRecordSerializer();
    }

    @Override
    public String toString() {
        return "StageRecord";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StageRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return StageRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof StageRecordTypeInfo;
    }
}
