package dev.augur.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Snapshot of one of the job's hand-written serializers that replaced Flink's POJO serializer for the same class (they
 * have no configuration, so the snapshot writes nothing): state written by the same serializer is read as is, state
 * written by the POJO serializer of earlier builds after migration (Flink reads it with the old serializer and writes
 * it with the new one), anything else is refused. Subclasses name the serializer; Flink instantiates them by their
 * public no-argument constructor on restore.
 */
abstract class PojoSuccessorSnapshot<T> implements TypeSerializerSnapshot<T> {
    /** Class of the serializer snapshots of earlier builds' state (Flink's POJO serializer). */
    static final String POJO_SNAPSHOT = "org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot";
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
            throw new IOException("expected " + getClass().getName() + " version " + VERSION + " but found "
                    + readVersion);
        }
    }

    @Override
    public abstract TypeSerializer<T> restoreSerializer();

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old.getClass() == getClass()) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        if (old.getClass().getName().equals(POJO_SNAPSHOT)) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
