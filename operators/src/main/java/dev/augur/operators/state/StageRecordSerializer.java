package dev.augur.operators.state;

import dev.augur.models.stream.StageRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer of {@link StageRecord}, the record every model stage sends to the combine stage (one or more per
 * observation, over the network, and on RocksDB into the combine stage's inbox): every field in declaration order, the
 * arrays as one block of bytes each, no reflection. Flink's POJO serializer, which earlier builds used, creates each
 * record and sets each field by reflection.
 *
 * <p>Layout (serializer version 1): kind (byte), series, group, time, value, model, modelVersion, stepMillis, means,
 * variances, dof, warmingUp, candidateWarmingUp, imputed, context. Strings by {@link StringValue#writeString} (null
 * allowed), arrays as their length (-1 for null) then their elements big-endian.
 *
 * <p>Restores state written by the POJO serializer (a RocksDB inbox in an earlier build's savepoint) after migration.
 * Holds a scratch buffer: not thread-safe, {@link #duplicate()} gives each user its own.
 */
public final class StageRecordSerializer extends BlockSerializer<StageRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public TypeSerializer<StageRecord> duplicate() {
        return new StageRecordSerializer();
    }

    @Override
    public StageRecord createInstance() {
        return new StageRecord();
    }

    @Override
    public StageRecord copy(StageRecord r) {
        StageRecord c = shallowCopy(r);
        c.means = r.means == null ? null : r.means.clone();
        c.variances = r.variances == null ? null : r.variances.clone();
        c.context = r.context == null ? null : r.context.clone();
        return c;
    }

    /** A new record sharing every field (arrays included) with r. */
    static StageRecord shallowCopy(StageRecord r) {
        StageRecord c = new StageRecord();
        c.kind = r.kind;
        c.series = r.series;
        c.group = r.group;
        c.time = r.time;
        c.value = r.value;
        c.model = r.model;
        c.modelVersion = r.modelVersion;
        c.stepMillis = r.stepMillis;
        c.means = r.means;
        c.variances = r.variances;
        c.dof = r.dof;
        c.warmingUp = r.warmingUp;
        c.candidateWarmingUp = r.candidateWarmingUp;
        c.imputed = r.imputed;
        c.context = r.context;
        return c;
    }

    @Override
    public void serialize(StageRecord r, DataOutputView out) throws IOException {
        out.writeByte(r.kind);
        StringValue.writeString(r.series, out);
        StringValue.writeString(r.group, out);
        out.writeLong(r.time);
        out.writeDouble(r.value);
        StringValue.writeString(r.model, out);
        StringValue.writeString(r.modelVersion, out);
        out.writeLong(r.stepMillis);
        blocks.writeDoubles(r.means, out);
        blocks.writeDoubles(r.variances, out);
        out.writeDouble(r.dof);
        out.writeBoolean(r.warmingUp);
        out.writeBoolean(r.candidateWarmingUp);
        out.writeInt(r.imputed);
        blocks.writeDoubles(r.context, out);
    }

    @Override
    public StageRecord deserialize(DataInputView in) throws IOException {
        StageRecord r = new StageRecord();
        r.kind = in.readByte();
        r.series = StringValue.readString(in);
        r.group = StringValue.readString(in);
        r.time = in.readLong();
        r.value = in.readDouble();
        r.model = StringValue.readString(in);
        r.modelVersion = StringValue.readString(in);
        r.stepMillis = in.readLong();
        r.means = blocks.readDoubles(in);
        r.variances = blocks.readDoubles(in);
        r.dof = in.readDouble();
        r.warmingUp = in.readBoolean();
        r.candidateWarmingUp = in.readBoolean();
        r.imputed = in.readInt();
        r.context = blocks.readDoubles(in);
        return r;
    }

    @Override
    public TypeSerializerSnapshot<StageRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Snapshot of the serializer: StageRecord written by this serializer is read as is, that written by the POJO
     * serializer of earlier builds after migration.
     */
    public static final class Snapshot extends PojoSuccessorSnapshot<StageRecord> {
        @Override
        public TypeSerializer<StageRecord> restoreSerializer() {
            return new StageRecordSerializer();
        }
    }
}
