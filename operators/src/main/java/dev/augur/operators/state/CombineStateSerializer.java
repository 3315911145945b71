package dev.augur.operators.state;

import dev.augur.models.stream.CombineState;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer of {@link CombineState}, the largest per-key state of the job (about 10 KB per series at horizon
 * 12): every field in declaration order, numeric arrays as one block of bytes each instead of element by element, no
 * reflection. The RocksDB backend runs it twice per origin and series (read, write), the heap backend at every
 * checkpoint and for copy-on-write during asynchronous snapshots.
 *
 * <p>Layout (serializer version 1): the state's fields in the order declared in {@link CombineState}; an array is its
 * length (-1 for null) then its elements, big-endian; a string array is its length then each string
 * ({@link StringValue#writeString}, null allowed). The state's own {@code version} field is written like the others and
 * {@link CombineState#migrate()} still applies on read.
 *
 * <p>Restores state written by the {@code PojoSerializer} that earlier builds used (Flink migrates it on restore:
 * {@link Snapshot#resolveSchemaCompatibility} answers "compatible after migration").
 *
 * <p>Holds a scratch buffer: not thread-safe, {@link #duplicate()} gives each user its own.
 */
public final class CombineStateSerializer extends TypeSerializer<CombineState> {
    private static final long serialVersionUID = 1L;
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class,
            ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Class of the serializer snapshots of earlier builds' state (Flink's POJO serializer). */
    static final String POJO_SNAPSHOT = "org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot";

    private transient byte[] scratch = new byte[1024];

    @Override
    public boolean isImmutableType() {
        return false;
    }

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
        return c;
    }

    private static double[] clone(double[] a) {
        return a == null ? null : a.clone();
    }

    private static long[] clone(long[] a) {
        return a == null ? null : a.clone();
    }

    @Override
    public CombineState copy(CombineState from, CombineState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CombineState s, DataOutputView out) throws IOException {
        out.writeInt(s.version);
        out.writeInt(s.horizon);
        out.writeInt(s.slots);
        writeStrings(s.models, out);
        writeStrings(s.modelVersions, out);
        writeDoubles(s.ewCrps, out);
        writeLongs(s.crpsCount, out);
        writeDoubles(s.multiplier, out);
        writeLongs(s.hits, out);
        writeLongs(s.counts, out);
        out.writeLong(s.stepMillis);
        StringValue.writeString(s.group, out);
        out.writeLong(s.arrivals);
        out.writeLong(s.expiresAt);
        out.writeLong(s.ttlTimer);
        writeLongs(s.ringOrigin, out);
        writeDoubles(s.candMean, out);
        writeDoubles(s.candVar, out);
        writeDoubles(s.candDof, out);
        writeLongs(s.candStep, out);
        writeBytes(s.candPresent, out);
        writeDoubles(s.issLower, out);
        writeDoubles(s.issUpper, out);
        writeDoubles(s.issInflation, out);
        writeBytes(s.issPresent, out);
        writeLongs(s.arrTime, out);
        writeDoubles(s.arrValue, out);
        writeBytes(s.arrWarming, out);
        out.writeInt(s.pendingArrivals);
    }

    @Override
    public CombineState deserialize(DataInputView in) throws IOException {
        CombineState s = new CombineState();
        s.version = in.readInt();
        s.horizon = in.readInt();
        s.slots = in.readInt();
        s.models = readStrings(in);
        s.modelVersions = readStrings(in);
        s.ewCrps = readDoubles(in);
        s.crpsCount = readLongs(in);
        s.multiplier = readDoubles(in);
        s.hits = readLongs(in);
        s.counts = readLongs(in);
        s.stepMillis = in.readLong();
        s.group = StringValue.readString(in);
        s.arrivals = in.readLong();
        s.expiresAt = in.readLong();
        s.ttlTimer = in.readLong();
        s.ringOrigin = readLongs(in);
        s.candMean = readDoubles(in);
        s.candVar = readDoubles(in);
        s.candDof = readDoubles(in);
        s.candStep = readLongs(in);
        s.candPresent = readBytes(in);
        s.issLower = readDoubles(in);
        s.issUpper = readDoubles(in);
        s.issInflation = readDoubles(in);
        s.issPresent = readBytes(in);
        s.arrTime = readLongs(in);
        s.arrValue = readDoubles(in);
        s.arrWarming = readBytes(in);
        s.pendingArrivals = in.readInt();
        return s;
    }

    @Override
    public CombineState deserialize(CombineState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private byte[] scratch(int bytes) {
        if (scratch == null || scratch.length < bytes) {
            scratch = new byte[Math.max(bytes, 1024)];
        }
        return scratch;
    }

    private void writeDoubles(double[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        byte[] b = scratch(a.length * 8);
        for (int i = 0; i < a.length; i++) {
            DOUBLES.set(b, i * 8, a[i]);
        }
        out.write(b, 0, a.length * 8);
    }

    private void writeLongs(long[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        byte[] b = scratch(a.length * 8);
        for (int i = 0; i < a.length; i++) {
            LONGS.set(b, i * 8, a[i]);
        }
        out.write(b, 0, a.length * 8);
    }

    private static void writeBytes(byte[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        out.write(a);
    }

    private static void writeStrings(String[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (String s : a) {
            StringValue.writeString(s, out);
        }
    }

    private double[] readDoubles(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = scratch(n * 8);
        in.readFully(b, 0, n * 8);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (double) DOUBLES.get(b, i * 8);
        }
        return a;
    }

    private long[] readLongs(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = scratch(n * 8);
        in.readFully(b, 0, n * 8);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = (long) LONGS.get(b, i * 8);
        }
        return a;
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

    private static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = StringValue.readString(in);
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CombineStateSerializer;
    }

    @Override
    public int hashCode() {
        return CombineStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<CombineState> snapshotConfiguration() {
        return new Snapshot();
    }

    private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        scratch = new byte[1024];
    }

    /**
     * Snapshot of the serializer (it has no configuration): reads state written by this serializer as is, and state
     * written by Flink's POJO serializer (builds before this one) after migration.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<CombineState> {
        private static final int VERSION = 1;

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != VERSION) {
                throw new IOException("expected CombineStateSerializer snapshot version " + VERSION + " but found "
                        + readVersion);
            }
        }

        @Override
        public TypeSerializer<CombineState> restoreSerializer() {
            return new CombineStateSerializer();
        }

        @Override
        public TypeSerializerSchemaCompatibility<CombineState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<CombineState> old) {
            if (old instanceof Snapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            if (old.getClass().getName().equals(POJO_SNAPSHOT)) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
