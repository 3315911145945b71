package dev.augur.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * What the job's hand-written serializers share: mutable types without configuration, variable length, copies and
 * reads that never reuse an instance, equality by class, and an {@link ArrayBlocks} scratch buffer (so an instance is
 * not thread-safe; {@link #duplicate()} gives each user its own, and a deserialised instance gets a fresh buffer).
 */
abstract class BlockSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** Block codec for numeric arrays, with its scratch buffer. */
    protected transient ArrayBlocks blocks = new ArrayBlocks();

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }

    private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        blocks = new ArrayBlocks();
    }

    /** A string array: its length (-1 for null), then each string ({@link StringValue#writeString}, null allowed). */
    static void writeStrings(String[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (String s : a) {
            StringValue.writeString(s, out);
        }
    }

    /** Reads what {@link #writeStrings} wrote. */
    static String[] readStrings(DataInputView in) throws IOException {
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
}
