package dev.augur.operators.state;

import dev.augur.models.ar.ArState;
import dev.augur.models.stream.SeriesState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer of {@link SeriesState} (with its {@link ArState}), the AR stage's per-series state: every field in
 * declaration order, numeric arrays as one block of bytes each, no reflection. The RocksDB backend runs it four times
 * per observation (read and write on arrival, and again when the watermark applies it), the heap backend at every
 * checkpoint and for copy-on-write during asynchronous snapshots. Flink's POJO serializer, which earlier builds used,
 * creates each object and sets each field by reflection.
 *
 * <p>Layout (serializer version 1): SeriesState's fields in the order declared, with the AR state in place of
 * {@code ar} as a presence byte then ArState's fields in the order declared; strings by
 * {@link StringValue#writeString} (null allowed), arrays as their length (-1 for null) then their elements big-endian.
 * The states' own {@code version} fields are written like the others, and {@link SeriesState#migrate()} still applies
 * on read. {@code waitGroup} (SeriesState version 4) comes last, a string array, in states of version 4 or later only:
 * the version written first says whether it is there, so states this serializer wrote at version 3 read as is.
 *
 * <p>Restores state written by the POJO serializer of earlier builds after migration. Holds a scratch buffer: not
 * thread-safe, {@link #duplicate()} gives each user its own.
 */
public final class SeriesStateSerializer extends BlockSerializer<SeriesState> {
    private static final long serialVersionUID = 1L;

    @Override
    public TypeSerializer<SeriesState> duplicate() {
        return new SeriesStateSerializer();
    }

    @Override
    public SeriesState createInstance() {
        return new SeriesState();
    }

    @Override
    public SeriesState copy(SeriesState s) {
        SeriesState c = new SeriesState();
        c.version = s.version;
        c.ar = s.ar == null ? null : copy(s.ar);
        c.group = s.group;
        c.lastEventTime = s.lastEventTime;
        c.stepMillis = s.stepMillis;
        c.lastDelta = s.lastDelta;
        c.imputeSkipped = s.imputeSkipped;
        c.observations = s.observations;
        c.imputed = s.imputed;
        c.recentImputed = s.recentImputed;
        c.expiresAt = s.expiresAt;
        c.ttlTimer = s.ttlTimer;
        c.buffered = s.buffered;
        c.waitTime = s.waitTime == null ? null : s.waitTime.clone();
        c.waitValue = clone(s.waitValue);
        c.waitGroup = s.waitGroup == null ? null : s.waitGroup.clone();
        c.legacyWaiting = s.legacyWaiting;
        c.window = clone(s.window);
        c.windowNext = s.windowNext;
        c.windowCount = s.windowCount;
        return c;
    }

    private static ArState copy(ArState a) {
        ArState c = new ArState();
        c.version = a.version;
        c.order = a.order;
        c.theta = clone(a.theta);
        c.ud = clone(a.ud);
        c.lags = clone(a.lags);
        c.xy = clone(a.xy);
        c.n = a.n;
        c.ssr = a.ssr;
        c.weight = a.weight;
        c.solved = a.solved;
        c.resetDiagonal = a.resetDiagonal;
        c.resets = a.resets;
        return c;
    }

    private static double[] clone(double[] a) {
        return a == null ? null : a.clone();
    }

    @Override
    public void serialize(SeriesState s, DataOutputView out) throws IOException {
        out.writeInt(s.version);
        out.writeBoolean(s.ar != null);
        if (s.ar != null) {
            ArState a = s.ar;
            out.writeInt(a.version);
            out.writeInt(a.order);
            blocks.writeDoubles(a.theta, out);
            blocks.writeDoubles(a.ud, out);
            blocks.writeDoubles(a.lags, out);
            blocks.writeDoubles(a.xy, out);
            out.writeLong(a.n);
            out.writeDouble(a.ssr);
            out.writeDouble(a.weight);
            out.writeBoolean(a.solved);
            out.writeDouble(a.resetDiagonal);
            out.writeInt(a.resets);
        }
        StringValue.writeString(s.group, out);
        out.writeLong(s.lastEventTime);
        out.writeLong(s.stepMillis);
        out.writeLong(s.lastDelta);
        out.writeLong(s.imputeSkipped);
        out.writeLong(s.observations);
        out.writeLong(s.imputed);
        out.writeInt(s.recentImputed);
        out.writeLong(s.expiresAt);
        out.writeLong(s.ttlTimer);
        out.writeInt(s.buffered);
        blocks.writeLongs(s.waitTime, out);
        blocks.writeDoubles(s.waitValue, out);
        out.writeInt(s.legacyWaiting);
        blocks.writeDoubles(s.window, out);
        out.writeInt(s.windowNext);
        out.writeLong(s.windowCount);
        if (s.version >= 4) {
            writeStrings(s.waitGroup, out);
        }
    }

    @Override
    public SeriesState deserialize(DataInputView in) throws IOException {
        SeriesState s = new SeriesState();
        s.version = in.readInt();
        if (in.readBoolean()) {
            ArState a = new ArState();
            a.version = in.readInt();
            a.order = in.readInt();
            a.theta = blocks.readDoubles(in);
            a.ud = blocks.readDoubles(in);
            a.lags = blocks.readDoubles(in);
            a.xy = blocks.readDoubles(in);
            a.n = in.readLong();
            a.ssr = in.readDouble();
            a.weight = in.readDouble();
            a.solved = in.readBoolean();
            a.resetDiagonal = in.readDouble();
            a.resets = in.readInt();
            s.ar = a;
        }
        s.group = StringValue.readString(in);
        s.lastEventTime = in.readLong();
        s.stepMillis = in.readLong();
        s.lastDelta = in.readLong();
        s.imputeSkipped = in.readLong();
        s.observations = in.readLong();
        s.imputed = in.readLong();
        s.recentImputed = in.readInt();
        s.expiresAt = in.readLong();
        s.ttlTimer = in.readLong();
        s.buffered = in.readInt();
        s.waitTime = blocks.readLongs(in);
        s.waitValue = blocks.readDoubles(in);
        s.legacyWaiting = in.readInt();
        s.window = blocks.readDoubles(in);
        s.windowNext = in.readInt();
        s.windowCount = in.readLong();
        if (s.version >= 4) {
            s.waitGroup = readStrings(in);
        }
        return s;
    }

    @Override
    public TypeSerializerSnapshot<SeriesState> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Snapshot of the serializer: SeriesState written by this serializer is read as is, that written by the POJO
     * serializer of earlier builds after migration.
     */
    public static final class Snapshot extends PojoSuccessorSnapshot<SeriesState> {
        @Override
        public TypeSerializer<SeriesState> restoreSerializer() {
            return new SeriesStateSerializer();
        }
    }
}
