package dev.augur.operators.state;

import dev.augur.models.stream.CombineState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer of {@link CombineState}, the largest per-key state of the job (about 15 KB per series at horizon
 * 12 with one model, 10.4 KB once its scored intervals are zeroed): every field in declaration order, numeric arrays
 * as one block of bytes each instead of element by element, no reflection. The RocksDB backend runs it twice per
 * origin and series (read, write), the heap backend at every checkpoint and for copy-on-write during asynchronous
 * snapshots.
 *
 * <p>Layout 2 (written since session 7): the int {@value #LAYOUT_2}, then the state's fields in the order declared in
 * {@link CombineState}; an array is its length (-1 for null) then its elements, big-endian, except the issued
 * intervals ({@code issLower}, {@code issUpper}, {@code issInflation}), written in zero runs
 * ({@link ArrayBlocks#writeZeroRunDoubles}): the heap mode zeroes an interval once its target is scored
 * ({@link dev.augur.models.stream.EnsembleProcessor#forgetScored}), so a snapshot carries only the live half of them.
 * A string array is its length then each string ({@link StringValue#writeString}, null allowed). The state's own
 * {@code version} field is written like the others and {@link CombineState#migrate()} still applies on read.
 * Last come the fields CombineState version 3 added: {@code arrGroup}, a string array, and {@code ringActed}, a
 * byte array.
 *
 * <p>Layout 1 (earlier builds, CombineState versions 1 and 2) is the same without the leading int and without
 * {@code arrGroup} and {@code ringActed}, every array dense; it is read as is (its first int, the state's version,
 * is positive), and {@link CombineState#migrate()} fills them in.
 *
 * <p>Restores state written by the {@code PojoSerializer} that earlier builds used (Flink migrates it on restore:
 * {@link Snapshot#resolveSchemaCompatibility} answers "compatible after migration").
 *
 * <p>Holds a scratch buffer: not thread-safe, {@link #duplicate()} gives each user its own.
 */
public final class CombineStateSerializer extends BlockSerializer<CombineState> {
    private static final long serialVersionUID = 1L;

    @Override
    public TypeSerializer<CombineState> duplicate() {
        return new CombineStateSerializer();
    }

    @Override
    public CombineState createInstance() {
        return new CombineState();
    }

    @Override
    public CombineState copy(CombineState s) {
        CombineState c = new CombineState();
        c.version = s.version;
        c.horizon = s.horizon;
        c.slots = s.slots;
        c.models = s.models == null ? null : s.models.clone();
        c.modelVersions = s.modelVersions == null ? null : s.modelVersions.clone();
        c.ewCrps = clone(s.ewCrps);
        c.crpsCount = clone(s.crpsCount);
        c.multiplier = clone(s.multiplier);
        c.hits = clone(s.hits);
        c.counts = clone(s.counts);
        c.stepMillis = s.stepMillis;
        c.group = s.group;
        c.arrivals = s.arrivals;
        c.expiresAt = s.expiresAt;
        c.ttlTimer = s.ttlTimer;
        c.ringOrigin = clone(s.ringOrigin);
        c.candMean = clone(s.candMean);
        c.candVar = clone(s.candVar);
        c.candDof = clone(s.candDof);
        c.candStep = clone(s.candStep);
        c.candPresent = s.candPresent == null ? null : s.candPresent.clone();
        c.issLower = clone(s.issLower);
        c.issUpper = clone(s.issUpper);
        c.issInflation = clone(s.issInflation);
        c.issPresent = s.issPresent == null ? null : s.issPresent.clone();
        c.arrTime = clone(s.arrTime);
        c.arrValue = clone(s.arrValue);
        c.arrWarming = s.arrWarming == null ? null : s.arrWarming.clone();
        c.pendingArrivals = s.pendingArrivals;
        c.arrGroup = s.arrGroup == null ? null : s.arrGroup.clone();
        c.ringActed = s.ringActed == null ? null : s.ringActed.clone();
        return c;
    }

    /** A new state sharing every field (arrays included) with s. */
    public CombineState shallowCopy(CombineState s) {
        CombineState c = new CombineState();
        c.version = s.version;
        c.horizon = s.horizon;
        c.slots = s.slots;
        c.models = s.models;
        c.modelVersions = s.modelVersions;
        c.ewCrps = s.ewCrps;
        c.crpsCount = s.crpsCount;
        c.multiplier = s.multiplier;
        c.hits = s.hits;
        c.counts = s.counts;
        c.stepMillis = s.stepMillis;
        c.group = s.group;
        c.arrivals = s.arrivals;
        c.expiresAt = s.expiresAt;
        c.ttlTimer = s.ttlTimer;
        c.ringOrigin = s.ringOrigin;
        c.candMean = s.candMean;
        c.candVar = s.candVar;
        c.candDof = s.candDof;
        c.candStep = s.candStep;
        c.candPresent = s.candPresent;
        c.issLower = s.issLower;
        c.issUpper = s.issUpper;
        c.issInflation = s.issInflation;
        c.issPresent = s.issPresent;
        c.arrTime = s.arrTime;
        c.arrValue = s.arrValue;
        c.arrWarming = s.arrWarming;
        c.pendingArrivals = s.pendingArrivals;
        c.arrGroup = s.arrGroup;
        c.ringActed = s.ringActed;
        return c;
    }

    private static double[] clone(double[] a) {
        return a == null ? null : a.clone();
    }

    private static long[] clone(long[] a) {
        return a == null ? null : a.clone();
    }

    /** The first int of a state in layout 2 (layout 1 starts with the state's version, which is positive). */
    static final int LAYOUT_2 = -2;

    @Override
    public void serialize(CombineState s, DataOutputView out) throws IOException {
        out.writeInt(LAYOUT_2);
        out.writeInt(s.version);
        out.writeInt(s.horizon);
        out.writeInt(s.slots);
        writeStrings(s.models, out);
        writeStrings(s.modelVersions, out);
        blocks.writeDoubles(s.ewCrps, out);
        blocks.writeLongs(s.crpsCount, out);
        blocks.writeDoubles(s.multiplier, out);
        blocks.writeLongs(s.hits, out);
        blocks.writeLongs(s.counts, out);
        out.writeLong(s.stepMillis);
        StringValue.writeString(s.group, out);
        out.writeLong(s.arrivals);
        out.writeLong(s.expiresAt);
        out.writeLong(s.ttlTimer);
        blocks.writeLongs(s.ringOrigin, out);
        blocks.writeDoubles(s.candMean, out);
        blocks.writeDoubles(s.candVar, out);
        blocks.writeDoubles(s.candDof, out);
        blocks.writeLongs(s.candStep, out);
        writeBytes(s.candPresent, out);
        blocks.writeZeroRunDoubles(s.issLower, out);
        blocks.writeZeroRunDoubles(s.issUpper, out);
        blocks.writeZeroRunDoubles(s.issInflation, out);
        writeBytes(s.issPresent, out);
        blocks.writeLongs(s.arrTime, out);
        blocks.writeDoubles(s.arrValue, out);
        writeBytes(s.arrWarming, out);
        out.writeInt(s.pendingArrivals);
        writeStrings(s.arrGroup, out);
        writeBytes(s.ringActed, out);
    }

    @Override
    public CombineState deserialize(DataInputView in) throws IOException {
        CombineState s = new CombineState();
        int first = in.readInt();
        boolean layout2 = first == LAYOUT_2;
        if (first < 0 && !layout2) {
            throw new IOException("expected a CombineState in serializer layout 2 (first int " + LAYOUT_2
                    + ") or 1 (first int the state's version, >= 1) but found " + first);
        }
        s.version = layout2 ? in.readInt() : first;
        s.horizon = in.readInt();
        s.slots = in.readInt();
        s.models = readStrings(in);
        s.modelVersions = readStrings(in);
        s.ewCrps = blocks.readDoubles(in);
        s.crpsCount = blocks.readLongs(in);
        s.multiplier = blocks.readDoubles(in);
        s.hits = blocks.readLongs(in);
        s.counts = blocks.readLongs(in);
        s.stepMillis = in.readLong();
        s.group = StringValue.readString(in);
        s.arrivals = in.readLong();
        s.expiresAt = in.readLong();
        s.ttlTimer = in.readLong();
        s.ringOrigin = blocks.readLongs(in);
        s.candMean = blocks.readDoubles(in);
        s.candVar = blocks.readDoubles(in);
        s.candDof = blocks.readDoubles(in);
        s.candStep = blocks.readLongs(in);
        s.candPresent = readBytes(in);
        s.issLower = layout2 ? blocks.readZeroRunDoubles(in) : blocks.readDoubles(in);
        s.issUpper = layout2 ? blocks.readZeroRunDoubles(in) : blocks.readDoubles(in);
        s.issInflation = layout2 ? blocks.readZeroRunDoubles(in) : blocks.readDoubles(in);
        s.issPresent = readBytes(in);
        s.arrTime = blocks.readLongs(in);
        s.arrValue = blocks.readDoubles(in);
        s.arrWarming = readBytes(in);
        s.pendingArrivals = in.readInt();
        if (layout2) {
            s.arrGroup = readStrings(in);
            s.ringActed = readBytes(in);
        }
        return s;
    }

    private static void writeBytes(byte[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        out.write(a);
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] a = new byte[n];
        in.readFully(a);
        return a;
    }

    @Override
    public TypeSerializerSnapshot<CombineState> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Snapshot of the serializer: CombineState written by this serializer is read as is, that written by the POJO
     * serializer of earlier builds after migration.
     */
    public static final class Snapshot extends PojoSuccessorSnapshot<CombineState> {
        @Override
        public TypeSerializer<CombineState> restoreSerializer() {
            return new CombineStateSerializer();
        }
    }
}
