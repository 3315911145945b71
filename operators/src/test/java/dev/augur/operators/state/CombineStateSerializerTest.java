package dev.augur.operators.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.stream.CombineState;
import dev.augur.models.stream.EnsembleProcessor;
import dev.augur.models.stream.StageRecord;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Round trips, deep copies and compatibility of {@link CombineStateSerializer}. */
class CombineStateSerializerTest {

    /** A state the ensemble processor has worked on: two models, a full ring, waiting arrivals, a group. */
    static CombineState busyState() {
        return busyState(false);
    }

    /** As {@link #busyState()}, by a processor that forgets scored intervals or not. */
    static CombineState busyState(boolean forgetScored) {
        EnsembleProcessor p = new EnsembleProcessor(6, new double[] {0.05, 0.1, 0.5, 0.9, 0.95}, 0.9, 0.01, 0.1, 50);
        p.forgetScored(forgetScored);
        CombineState s = p.newState();
        s.group = "g";
        Random r = new Random(3);
        long step = 60_000;
        for (int i = 0; i < 40; i++) {
            long t = i * step;
            p.addArrival(s, StageRecord.arrival("s", "g", t, r.nextGaussian(), false));
            p.score(s, t);
            p.retire(s, t);
            for (String m : new String[] {"ar-rls", "neural-diffusion"}) {
                double[] mean = new double[6];
                double[] var = new double[6];
                for (int h = 0; h < 6; h++) {
                    mean[h] = r.nextGaussian();
                    var[h] = 1 + r.nextDouble();
                }
                p.addCandidate(s, StageRecord.candidate("s", "g", t, m, "v" + i, step, mean, var, 7, false, 0));
            }
            p.ensemble(s, t);
        }
        p.addArrival(s, StageRecord.arrival("s", "g", 41 * step, 0.5, true));
        return s;
    }

    static void assertSameState(CombineState a, CombineState b) throws Exception {
        for (Field f : CombineState.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                continue;
            }
            Object x = f.get(a);
            Object y = f.get(b);
            assertTrue(Objects.deepEquals(x, y), () -> "field " + f.getName() + ": expected " + describe(x)
                    + " but found " + describe(y));
        }
    }

    private static String describe(Object o) {
        return o instanceof double[] d ? Arrays.toString(d) : o instanceof long[] l ? Arrays.toString(l)
                : o instanceof byte[] b ? Arrays.toString(b) : o instanceof Object[] os ? Arrays.toString(os)
                : String.valueOf(o);
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        CombineState s = busyState();
        assertTrue(s.models.length == 2 && s.occupied() > 0 && s.pendingArrivals == 1);
        CombineStateSerializer ser = new CombineStateSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        ser.serialize(s, out);
        CombineState back = ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertSameState(s, back);

        // a state as the no-argument constructor leaves it (null calibration arrays, no group)
        CombineState empty = new CombineState();
        out.clear();
        ser.serialize(empty, out);
        assertSameState(empty, ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
    }

    @Test
    void copyIsDeep() throws Exception {
        CombineState s = busyState();
        CombineState c = new CombineStateSerializer().copy(s);
        assertSameState(s, c);
        assertNotSame(s.candMean, c.candMean);
        c.candMean[0] += 1;
        c.models[0] = "other";
        assertTrue(s.candMean[0] != c.candMean[0] && !s.models[0].equals("other"));
    }

    @Test
    void shallowCopyCarriesEveryField() throws Exception {
        // CombineStore builds the stored core from it: a field missed here would be lost on RocksDB
        CombineState s = busyState();
        CombineState c = new CombineStateSerializer().shallowCopy(s);
        assertSameState(s, c);
        assertTrue(c.candMean == s.candMean);
    }

    @Test
    void readsWhatThePojoSerializerOfEarlierBuildsWrote() throws Exception {
        CombineState s = busyState();
        TypeSerializer<CombineState> pojo = TypeInformation.of(CombineState.class).createSerializer(
                new SerializerConfigImpl());
        assertEquals(PojoSuccessorSnapshot.POJO_SNAPSHOT, pojo.snapshotConfiguration().getClass().getName());
        var compatibility = new CombineStateSerializer().snapshotConfiguration()
                .resolveSchemaCompatibility(pojo.snapshotConfiguration());
        assertTrue(compatibility.isCompatibleAfterMigration(), compatibility.toString());
        assertTrue(new CombineStateSerializer().snapshotConfiguration()
                .resolveSchemaCompatibility(new CombineStateSerializer.Snapshot()).isCompatibleAsIs());

        // what Flink's migration does: read with the old serializer, write with the new one
        DataOutputSerializer out = new DataOutputSerializer(64);
        pojo.serialize(s, out);
        CombineState viaPojo = pojo.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        out.clear();
        new CombineStateSerializer().serialize(viaPojo, out);
        assertSameState(s, new CombineStateSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
    }

    /**
     * A state whose scored intervals were forgotten round-trips exactly, and its bytes are fewer than the same state's
     * with them kept by the scored intervals' bytes.
     */
    @Test
    void forgottenIntervalsRoundTripAndShrinkTheBytes() throws Exception {
        CombineStateSerializer ser = new CombineStateSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        CombineState forgot = busyState(true);
        ser.serialize(forgot, out);
        int forgotBytes = out.length();
        assertSameState(forgot, ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
        out.clear();
        ser.serialize(busyState(false), out);
        int keptBytes = out.length();
        // at horizon 6 the ring holds origins t-5..t after acting on t: 5+4+3+2+1 = 15 of their 36 intervals are
        // scored, each 2 slots x 2 bounds + 1 inflation = 40 bytes (600), less a few run lengths
        assertTrue(forgotBytes <= keptBytes - 450, "expected at most " + (keptBytes - 450) + " bytes (" + keptBytes
                + " kept) but found " + forgotBytes);
    }

    /** Zero runs: empty, null, all zero, no zero, -0.0 and NaN kept, runs at both ends, alternating. */
    @Test
    void zeroRunsRoundTripEveryBitPattern() throws Exception {
        Random r = new Random(5);
        double[] random = new double[500];
        for (int i = 0; i < random.length; i++) {
            random[i] = r.nextInt(3) == 0 ? 0.0 : r.nextGaussian();
        }
        double[][] cases = {null, {}, {0, 0, 0}, {1, 2, 3}, {-0.0, 0.0, Double.NaN, 0.0}, {0, 0, 5, 6, 0, 7, 0, 0},
            {1, 0, 1, 0, 1, 0}, {Double.MIN_VALUE, 0, Double.NEGATIVE_INFINITY}, random};
        ArrayBlocks blocks = new ArrayBlocks();
        for (double[] a : cases) {
            DataOutputSerializer out = new DataOutputSerializer(8);
            blocks.writeZeroRunDoubles(a, out);
            out.writeInt(42);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            double[] back = blocks.readZeroRunDoubles(in);
            assertEquals(42, in.readInt(), "bytes consumed exactly for " + Arrays.toString(a));
            if (a == null) {
                assertTrue(back == null);
                continue;
            }
            assertEquals(a.length, back.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(back[i]), "element " + i);
            }
        }
    }

    /**
     * Bytes of the first layout (no leading marker, every array dense, CombineState version 2; written here field by
     * field as that layout did) are read, and migrated into the same state.
     */
    @Test
    void readsTheDenseLayoutOfEarlierBuilds() throws Exception {
        CombineState s = busyState(false);
        DataOutputSerializer out = new DataOutputSerializer(64);
        ArrayBlocks b = new ArrayBlocks();
        // layout 1 held CombineState version 2 at most: no arrivals' groups, which migrate() fills in
        out.writeInt(2);
        out.writeInt(s.horizon);
        out.writeInt(s.slots);
        // string arrays are written alike in both layouts
        BlockSerializer.writeStrings(s.models, out);
        BlockSerializer.writeStrings(s.modelVersions, out);
        b.writeDoubles(s.ewCrps, out);
        b.writeLongs(s.crpsCount, out);
        b.writeDoubles(s.multiplier, out);
        b.writeLongs(s.hits, out);
        b.writeLongs(s.counts, out);
        out.writeLong(s.stepMillis);
        org.apache.flink.types.StringValue.writeString(s.group, out);
        out.writeLong(s.arrivals);
        out.writeLong(s.expiresAt);
        out.writeLong(s.ttlTimer);
        b.writeLongs(s.ringOrigin, out);
        b.writeDoubles(s.candMean, out);
        b.writeDoubles(s.candVar, out);
        b.writeDoubles(s.candDof, out);
        b.writeLongs(s.candStep, out);
        out.writeInt(s.candPresent.length);
        out.write(s.candPresent);
        b.writeDoubles(s.issLower, out);
        b.writeDoubles(s.issUpper, out);
        b.writeDoubles(s.issInflation, out);
        out.writeInt(s.issPresent.length);
        out.write(s.issPresent);
        b.writeLongs(s.arrTime, out);
        b.writeDoubles(s.arrValue, out);
        out.writeInt(s.arrWarming.length);
        out.write(s.arrWarming);
        out.writeInt(s.pendingArrivals);
        CombineState back = new CombineStateSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(2, back.version);
        assertSameState(s, back.migrate());
    }
}
