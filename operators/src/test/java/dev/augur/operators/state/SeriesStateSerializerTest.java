package dev.augur.operators.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.ar.ArState;
import dev.augur.models.stream.SeriesProcessor;
import dev.augur.models.stream.SeriesState;
import dev.augur.models.stream.StageRecord;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Round trips, deep copies and compatibility of {@link SeriesStateSerializer}. */
class SeriesStateSerializerTest {
    private static final long STEP = 60_000;

    /** States as the AR stage leaves them: fresh, warming up, solved with a context window and waiting observations. */
    static List<SeriesState> states() {
        List<SeriesState> out = new ArrayList<>();
        out.add(new SeriesState());
        SeriesProcessor p = new SeriesProcessor(4, 0.99, 6, 3, 10, 8, 6, 1);
        SeriesProcessor.Output none = new SeriesProcessor.Output() {
            @Override
            public void arrival(StageRecord r) {
            }

            @Override
            public void candidate(StageRecord r) {
            }

            @Override
            public void diagnosticsDue(SeriesState s, long t) {
            }
        };
        Random r = new Random(5);
        SeriesState warming = p.newState();
        warming.group = "g";
        for (int i = 0; i < 3; i++) {
            p.apply(warming, "s", i * STEP, r.nextGaussian(), none);
        }
        out.add(warming);
        SeriesState solved = p.newState();
        double y = 0;
        for (int i = 0; i < 60; i++) {
            y = 0.7 * y + r.nextGaussian();
            // a gap at 30 is imputed
            if (i != 30) {
                p.apply(solved, "s", i * STEP, y, none);
            }
        }
        solved.addWaiting(61 * STEP, 1.5, "g");
        solved.addWaiting(62 * STEP, -0.5, null);
        solved.ttlTimer = 99 * STEP;
        solved.expiresAt = 99 * STEP;
        assertTrue(solved.ar.solved && solved.ar.xy == null && solved.window != null && solved.buffered == 2
                && solved.imputed > 0);
        out.add(solved);
        return out;
    }

    static void assertSameState(Object a, Object b) throws Exception {
        for (Field f : a.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                continue;
            }
            Object x = f.get(a);
            Object y = f.get(b);
            if (x instanceof ArState xa && y instanceof ArState ya) {
                assertSameState(xa, ya);
                continue;
            }
            assertTrue(Objects.deepEquals(x, y), () -> "field " + f.getName() + ": expected " + x + " but found " + y);
        }
    }

    private static int instanceFields(Class<?> c) {
        int n = 0;
        for (Field f : c.getFields()) {
            n += Modifier.isStatic(f.getModifiers()) ? 0 : 1;
        }
        return n;
    }

    @Test
    void coversEveryField() {
        // a field added to either class must be added to the serializer (write, read, copy) and to this count
        assertEquals(20, instanceFields(SeriesState.class), "SeriesState's fields changed: extend the serializer");
        assertEquals(12, instanceFields(ArState.class), "ArState's fields changed: extend the serializer");
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        SeriesStateSerializer ser = new SeriesStateSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (SeriesState s : states()) {
            out.clear();
            ser.serialize(s, out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertSameState(s, ser.deserialize(in));
            assertEquals(0, in.available(), "bytes left after one state");
        }
    }

    @Test
    void copyIsDeep() throws Exception {
        SeriesState s = states().get(2);
        SeriesState c = new SeriesStateSerializer().copy(s);
        assertSameState(s, c);
        assertNotSame(s.ar, c.ar);
        assertNotSame(s.ar.ud, c.ar.ud);
        assertNotSame(s.waitTime, c.waitTime);
        assertNotSame(s.window, c.window);
    }

    @Test
    void readsWhatThePojoSerializerOfEarlierBuildsWrote() throws Exception {
        TypeSerializer<SeriesState> pojo = TypeInformation.of(SeriesState.class).createSerializer(
                new SerializerConfigImpl());
        assertEquals(PojoSuccessorSnapshot.POJO_SNAPSHOT, pojo.snapshotConfiguration().getClass().getName());
        SeriesStateSerializer ser = new SeriesStateSerializer();
        assertTrue(ser.snapshotConfiguration().resolveSchemaCompatibility(pojo.snapshotConfiguration())
                .isCompatibleAfterMigration());
        assertTrue(ser.snapshotConfiguration().resolveSchemaCompatibility(new SeriesStateSerializer.Snapshot())
                .isCompatibleAsIs());
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (SeriesState s : states()) {
            out.clear();
            pojo.serialize(s, out);
            SeriesState viaPojo = pojo.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            out.clear();
            ser.serialize(viaPojo, out);
            assertSameState(s, ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
        }
    }
}
