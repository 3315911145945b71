package dev.augur.operators.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.stream.StageRecord;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Round trips, deep copies and compatibility of {@link StageRecordSerializer}. */
class StageRecordSerializerTest {

    /** One record of each kind, with and without the optional fields. */
    static List<StageRecord> records() {
        StageRecord a = StageRecord.arrival("s-1", null, 60_000, -2.5, true);
        StageRecord c = StageRecord.candidate("s-1", "g", 60_000, "ar-rls", "p8-v3", 60_000,
                new double[] {1, 2, Double.NaN}, new double[] {0.5, -0.0, Double.POSITIVE_INFINITY}, 7.5, false, 2);
        StageRecord both = StageRecord.arrivalAndCandidate(StageRecord.arrival("s-1", "g", 60_000, 3, false), c);
        StageRecord req = StageRecord.request("ü-series", "g", 120_000, 60_000, new double[] {1, 2, 3, 4},
                new double[] {5, 6}, new double[] {7, 8}, 1);
        return List.of(a, c, both, req, new StageRecord());
    }

    static void assertSameRecord(StageRecord a, StageRecord b) throws Exception {
        int fields = 0;
        for (Field f : StageRecord.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            fields++;
            Object x = f.get(a);
            Object y = f.get(b);
            assertTrue(Objects.deepEquals(x, y), () -> "field " + f.getName() + ": expected " + x + " but found " + y);
        }
        assertEquals(15, fields, "StageRecord's field count changed: extend StageRecordSerializer and this test");
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        StageRecordSerializer ser = new StageRecordSerializer();
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (StageRecord r : records()) {
            out.clear();
            ser.serialize(r, out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertSameRecord(r, ser.deserialize(in));
            assertEquals(0, in.available(), "bytes left after one record");
        }
    }

    @Test
    void copyIsDeep() throws Exception {
        for (StageRecord r : records()) {
            StageRecord c = new StageRecordSerializer().copy(r);
            assertSameRecord(r, c);
            if (r.means != null) {
                assertNotSame(r.means, c.means);
                assertNotSame(r.variances, c.variances);
            }
        }
    }

    @Test
    void typeInfoGivesThisSerializer() {
        assertTrue(StageRecordTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl())
                instanceof StageRecordSerializer);
        assertEquals(StageRecordTypeInfo.INSTANCE, new StageRecordTypeInfo());
    }

    @Test
    void readsWhatThePojoSerializerOfEarlierBuildsWrote() throws Exception {
        TypeSerializer<StageRecord> pojo = TypeInformation.of(StageRecord.class).createSerializer(
                new SerializerConfigImpl());
        assertEquals(PojoSuccessorSnapshot.POJO_SNAPSHOT, pojo.snapshotConfiguration().getClass().getName());
        StageRecordSerializer ser = new StageRecordSerializer();
        assertTrue(ser.snapshotConfiguration().resolveSchemaCompatibility(pojo.snapshotConfiguration())
                .isCompatibleAfterMigration());
        assertTrue(ser.snapshotConfiguration().resolveSchemaCompatibility(new StageRecordSerializer.Snapshot())
                .isCompatibleAsIs());
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (StageRecord r : records()) {
            out.clear();
            pojo.serialize(r, out);
            StageRecord viaPojo = pojo.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            out.clear();
            ser.serialize(viaPojo, out);
            assertSameRecord(r, ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
        }
    }

    @Test
    void serializersWorkAfterJavaSerialization() throws Exception {
        // Flink ships serializers inside the job graph: the scratch buffer is transient and must come back
        List<BlockSerializer<?>> all = List.of(new StageRecordSerializer(), new SeriesStateSerializer(),
                new CombineStateSerializer());
        for (BlockSerializer<?> s : all) {
            BlockSerializer<?> c = org.apache.flink.util.InstantiationUtil.clone(s);
            assertEquals(s, c);
            assertEquals(s, s.duplicate());
            assertTrue(c.blocks != null);
        }
        assertTrue(!new StageRecordSerializer().equals(new SeriesStateSerializer()));
        StageRecordSerializer c = org.apache.flink.util.InstantiationUtil.clone(new StageRecordSerializer());
        DataOutputSerializer out = new DataOutputSerializer(16);
        StageRecord r = records().get(2);
        c.serialize(r, out);
        assertSameRecord(r, c.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
    }
}
