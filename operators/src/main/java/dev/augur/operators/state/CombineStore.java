package dev.augur.operators.state;

import dev.augur.models.stream.CombineState;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Where the combine stage keeps a series' {@link CombineState} on a backend that serialises each access (RocksDB):
 * the state without its origin ring's contents in the value state {@code combine} (the "core": calibration, CRPS, the
 * ring's origins, waiting arrivals), and each occupied ring slot's candidates and issued intervals as one entry of the
 * map state {@code combine-ring}, keyed by slot. Loading reads the core and the occupied slots; storing writes the core
 * and only the slots whose bytes changed (usually the new origin's), and deletes the slots freed. An origin then
 * writes about 2 KB instead of the whole 13 KB state, which is what RocksDB's flushes and compactions pay for.
 *
 * <p>A core holding the ring's contents (written by the heap backend's mode, or by builds before this layout) is read
 * as is and split on its next store; {@link #loadWhole} assembles a split state for the heap mode, which keeps whole
 * states. Not thread-safe: one per function instance.
 */
public final class CombineStore {
    private static final CombineStateSerializer SHALLOW = new CombineStateSerializer();
    private final ValueState<CombineState> core;
    private final MapState<Integer, byte[]> ring;
    private final DataOutputSerializer out = new DataOutputSerializer(1024);
    /** The bytes of each slot as loaded (null: absent), to store only what changed. */
    private byte[][] loaded = new byte[0][];
    /** The ring size as loaded (0: nothing loaded, or a whole state, which has no slot entries). */
    private int loadedRing;
    /**
     * A copy of the ring's contents as loaded, laid out like the state's arrays,
     * so that {@link #store} finds the changed slots by comparing arrays instead of serialising every slot.
     */
    private final CombineState asLoaded = new CombineState();

    public CombineStore(ValueState<CombineState> core, MapState<Integer, byte[]> ring) {
        this.core = core;
        this.ring = ring;
    }

    public static MapStateDescriptor<Integer, byte[]> ringDescriptor() {
        return new MapStateDescriptor<>("combine-ring", Types.INT, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** True when s holds its ring's origins but not their contents (a core written by {@link #store}). */
    static boolean split(CombineState s) {
        return s.ringOrigin.length > 0 && s.candPresent.length == 0 && s.models.length > 0;
    }

    /**
     * The current key's state with its ring's contents, or null; remembers what was loaded for {@link #store}.
     */
    public CombineState load() throws Exception {
        CombineState s = core.value();
        if (s == null) {
            Arrays.fill(loaded, null);
            loadedRing = 0;
            return null;
        }
        boolean wasSplit = split(s);
        int r = s.ringOrigin.length;
        if (wasSplit) {
            allocateRing(s);
        }
        if (loaded.length < r) {
            loaded = new byte[r][];
        }
        for (int i = 0; i < r; i++) {
            loaded[i] = null;
            if (wasSplit && s.ringOrigin[i] != Long.MIN_VALUE) {
                // point reads: one scan of the key's entries (MapState.entries) instead measured well over 1.5x slower
                byte[] b = ring.get(i);
                if (b == null) {
                    throw new IllegalStateException("expected ring slot " + i + " of origin " + s.ringOrigin[i]
                            + " in state combine-ring but found none");
                }
                readSlot(s, i, b);
                loaded[i] = b;
            }
        }
        // a whole state (heap mode, or an earlier build) has no slot entries yet: store writes them all
        loadedRing = wasSplit ? r : 0;
        if (wasSplit) {
            remember(s);
        }
        return s;
    }

    /**
     * The current key's whole state for the heap mode, or null: a split state is assembled and its slot entries
     * removed (the caller stores the whole state in the value state).
     */
    public CombineState loadWhole() throws Exception {
        CombineState s = core.value();
        if (s == null || !split(s)) {
            return s;
        }
        CombineState whole = load();
        removeSlots(whole);
        return whole;
    }

    /**
     * Stores s (as loaded by {@link #load}, then modified) for the current key: a slot entry is written when its bytes
     * differ from what was loaded at that index (a new origin, a late candidate, slots moved by a compaction of the
     * ring, or a new model, which changes every slot's length), and removed when its slot was freed.
     */
    public void store(CombineState s) throws Exception {
        int r = s.ringOrigin.length;
        // slots keep their offsets in the arrays unless the ring grew or a model joined
        boolean sameShape = loadedRing == r && asLoaded.models.length == s.models.length
                && asLoaded.horizon == s.horizon && asLoaded.slots == s.slots;
        for (int i = 0; i < r; i++) {
            byte[] before = i < loaded.length ? loaded[i] : null;
            if (s.ringOrigin[i] == Long.MIN_VALUE) {
                if (before != null) {
                    ring.remove(i);
                }
            } else if (before == null) {
                ring.put(i, writeSlot(s, i));
            } else if (sameShape) {
                if (!sameSlot(s, i)) {
                    ring.put(i, writeSlot(s, i));
                }
            } else {
                byte[] now = writeSlot(s, i);
                if (!Arrays.equals(before, now)) {
                    ring.put(i, now);
                }
            }
        }
        // a ring that shrank leaves entries beyond its end
        for (int i = r; i < loadedRing; i++) {
            if (loaded[i] != null) {
                ring.remove(i);
            }
        }
        core.update(coreOf(s));
        Arrays.fill(loaded, null);
        loadedRing = 0;
    }

    /** Removes the current key's state. */
    public void clear() throws Exception {
        CombineState s = core.value();
        if (s != null && split(s)) {
            removeSlots(s);
        }
        core.clear();
        Arrays.fill(loaded, null);
        loadedRing = 0;
    }

    /**
     * Removes the slot entries of the occupied slots of s one by one: {@code MapState.clear()} on RocksDB seeks over
     * every deleted version of the key's entries, which after many origins is slow.
     */
    private void removeSlots(CombineState s) throws Exception {
        for (int i = 0; i < s.ringOrigin.length; i++) {
            if (s.ringOrigin[i] != Long.MIN_VALUE) {
                ring.remove(i);
            }
        }
    }

    /** Copies the ring's contents of s (as loaded) into {@link #asLoaded}, reusing its arrays when they fit. */
    private void remember(CombineState s) {
        asLoaded.models = s.models;
        asLoaded.horizon = s.horizon;
        asLoaded.slots = s.slots;
        asLoaded.candMean = copy(s.candMean, asLoaded.candMean);
        asLoaded.candVar = copy(s.candVar, asLoaded.candVar);
        asLoaded.candDof = copy(s.candDof, asLoaded.candDof);
        asLoaded.candStep = copy(s.candStep, asLoaded.candStep);
        asLoaded.candPresent = copy(s.candPresent, asLoaded.candPresent);
        asLoaded.issLower = copy(s.issLower, asLoaded.issLower);
        asLoaded.issUpper = copy(s.issUpper, asLoaded.issUpper);
        asLoaded.issInflation = copy(s.issInflation, asLoaded.issInflation);
        asLoaded.issPresent = copy(s.issPresent, asLoaded.issPresent);
    }

    /**
     * True when slot i of s holds what {@link #remember} saw (same shape): every value compared bit for bit, as the
     * slot's bytes would be ({@link Arrays#equals(double[], int, int, double[], int, int)} compares
     * {@code doubleToLongBits}).
     */
    private boolean sameSlot(CombineState s, int i) {
        int m = s.models.length;
        int h = s.horizon;
        int l = s.slots;
        int a = i * m * h;
        int b = i * m;
        int c = i * h * l;
        int d = i * h;
        return Arrays.equals(s.candMean, a, a + m * h, asLoaded.candMean, a, a + m * h)
                && Arrays.equals(s.candVar, a, a + m * h, asLoaded.candVar, a, a + m * h)
                && Arrays.equals(s.candDof, b, b + m, asLoaded.candDof, b, b + m)
                && Arrays.equals(s.candStep, b, b + m, asLoaded.candStep, b, b + m)
                && Arrays.equals(s.candPresent, b, b + m, asLoaded.candPresent, b, b + m)
                && Arrays.equals(s.issLower, c, c + h * l, asLoaded.issLower, c, c + h * l)
                && Arrays.equals(s.issUpper, c, c + h * l, asLoaded.issUpper, c, c + h * l)
                && Arrays.equals(s.issInflation, d, d + h, asLoaded.issInflation, d, d + h)
                && Arrays.equals(s.issPresent, d, d + h, asLoaded.issPresent, d, d + h);
    }

    private static double[] copy(double[] from, double[] to) {
        double[] t = to.length == from.length ? to : new double[from.length];
        System.arraycopy(from, 0, t, 0, from.length);
        return t;
    }

    private static long[] copy(long[] from, long[] to) {
        long[] t = to.length == from.length ? to : new long[from.length];
        System.arraycopy(from, 0, t, 0, from.length);
        return t;
    }

    private static byte[] copy(byte[] from, byte[] to) {
        byte[] t = to.length == from.length ? to : new byte[from.length];
        System.arraycopy(from, 0, t, 0, from.length);
        return t;
    }

    /** A shallow copy of s without the ring's contents (its origins stay). */
    static CombineState coreOf(CombineState s) {
        CombineState c = SHALLOW.shallowCopy(s);
        c.candMean = new double[0];
        c.candVar = new double[0];
        c.candDof = new double[0];
        c.candStep = new long[0];
        c.candPresent = new byte[0];
        c.issLower = new double[0];
        c.issUpper = new double[0];
        c.issInflation = new double[0];
        c.issPresent = new byte[0];
        return c;
    }

    private static void allocateRing(CombineState s) {
        int r = s.ringOrigin.length;
        int m = s.models.length;
        int h = s.horizon;
        int l = s.slots;
        s.candMean = new double[r * m * h];
        s.candVar = new double[r * m * h];
        s.candDof = new double[r * m];
        s.candStep = new long[r * m];
        s.candPresent = new byte[r * m];
        s.issLower = new double[r * h * l];
        s.issUpper = new double[r * h * l];
        s.issInflation = new double[r * h];
        s.issPresent = new byte[r * h];
    }

    /** Slot i's contents: [M][H] means and variances, [M] dof, step, presence, [H][L] bounds, [H] inflation, presence. */
    private byte[] writeSlot(CombineState s, int i) throws IOException {
        int m = s.models.length;
        int h = s.horizon;
        int l = s.slots;
        out.clear();
        for (int k = i * m * h; k < (i + 1) * m * h; k++) {
            out.writeDouble(s.candMean[k]);
            out.writeDouble(s.candVar[k]);
        }
        for (int k = i * m; k < (i + 1) * m; k++) {
            out.writeDouble(s.candDof[k]);
            out.writeLong(s.candStep[k]);
            out.writeByte(s.candPresent[k]);
        }
        for (int k = i * h * l; k < (i + 1) * h * l; k++) {
            out.writeDouble(s.issLower[k]);
            out.writeDouble(s.issUpper[k]);
        }
        for (int k = i * h; k < (i + 1) * h; k++) {
            out.writeDouble(s.issInflation[k]);
            out.writeByte(s.issPresent[k]);
        }
        return out.getCopyOfBuffer();
    }

    private static void readSlot(CombineState s, int i, byte[] b) throws IOException {
        int m = s.models.length;
        int h = s.horizon;
        int l = s.slots;
        DataInputDeserializer in = new DataInputDeserializer(b);
        for (int k = i * m * h; k < (i + 1) * m * h; k++) {
            s.candMean[k] = in.readDouble();
            s.candVar[k] = in.readDouble();
        }
        for (int k = i * m; k < (i + 1) * m; k++) {
            s.candDof[k] = in.readDouble();
            s.candStep[k] = in.readLong();
            s.candPresent[k] = in.readByte();
        }
        for (int k = i * h * l; k < (i + 1) * h * l; k++) {
            s.issLower[k] = in.readDouble();
            s.issUpper[k] = in.readDouble();
        }
        for (int k = i * h; k < (i + 1) * h; k++) {
            s.issInflation[k] = in.readDouble();
            s.issPresent[k] = in.readByte();
        }
        if (in.available() != 0) {
            throw new IllegalStateException("expected " + (b.length - in.available()) + " bytes in ring slot " + i
                    + " for " + m + " models, horizon " + h + " and " + l + " levels but found " + b.length);
        }
    }
}
