package dev.augur.operators.state;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Numeric arrays written and read as one block of bytes each (instead of element by element through the view), for
 * the job's hand-written serializers. Format: the length (-1 for null), then the elements big-endian, so that the bytes
 * are those of {@link DataOutputView#writeDouble}/{@link DataOutputView#writeLong} per element.
 *
 * <p>Holds a scratch buffer: not thread-safe, one per serializer instance.
 */
final class ArrayBlocks {
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class,
            ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] scratch = new byte[1024];

    private byte[] scratch(int bytes) {
        if (scratch.length < bytes) {
            scratch = new byte[Math.max(bytes, 2 * scratch.length)];
        }
        return scratch;
    }

    void writeDoubles(double[] a, DataOutputView out) throws IOException {
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

    void writeLongs(long[] a, DataOutputView out) throws IOException {
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

    double[] readDoubles(DataInputView in) throws IOException {
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

    long[] readLongs(DataInputView in) throws IOException {
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
}
