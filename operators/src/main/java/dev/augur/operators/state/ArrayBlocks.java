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
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

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

    /**
     * A double array in zero runs: the length (-1 for null), then, until the length is covered, the number of elements
     * that are +0.0 (left out), then the number of elements that follow as they are and those elements (big-endian).
     * Exact for every bit pattern (only +0.0 is left out, -0.0 and NaNs are written). For arrays whose dead entries
     * are zeroed (the combine state's scored intervals): a snapshot carries only the live ones.
     */
    void writeZeroRunDoubles(double[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        int n = a.length;
        out.writeInt(n);
        byte[] b = scratch(8 * n + 8 * (n + 1));
        int at = 0;
        int i = 0;
        while (i < n) {
            int z = i;
            while (z < n && Double.doubleToRawLongBits(a[z]) == 0L) {
                z++;
            }
            INTS.set(b, at, z - i);
            at += 4;
            i = z;
            if (i == n) {
                break;
            }
            int k = i;
            while (k < n && Double.doubleToRawLongBits(a[k]) != 0L) {
                k++;
            }
            INTS.set(b, at, k - i);
            at += 4;
            for (; i < k; i++) {
                DOUBLES.set(b, at, a[i]);
                at += 8;
            }
        }
        out.write(b, 0, at);
    }

    /** Reads what {@link #writeZeroRunDoubles} wrote. */
    double[] readZeroRunDoubles(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] a = new double[n];
        int i = 0;
        while (i < n) {
            int z = in.readInt();
            if (z < 0 || z > n - i) {
                throw new IOException("expected a run of at most " + (n - i) + " zeros at element " + i + " of " + n
                        + " but found " + z);
            }
            i += z;
            if (i == n) {
                break;
            }
            int k = in.readInt();
            if (k < 1 || k > n - i) {
                throw new IOException("expected a run of 1 to " + (n - i) + " values at element " + i + " of " + n
                        + " but found " + k);
            }
            byte[] b = scratch(8 * k);
            in.readFully(b, 0, 8 * k);
            for (int j = 0; j < k; j++) {
                a[i + j] = (double) DOUBLES.get(b, 8 * j);
            }
            i += k;
        }
        return a;
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
