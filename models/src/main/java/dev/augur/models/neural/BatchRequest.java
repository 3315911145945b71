package dev.augur.models.neural;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Up to {@code maxBatch} inference rows, written straight into preallocated direct buffers that ONNX Runtime reads
 * without copying. A row is a raw context window y[0..C-1] (oldest first, the last value is the forecast origin) and
 * the job's AR candidate forecast for the steps 1..H after it (means m_h and variances v_h, as
 * {@code StageRecord.means}/{@code variances}).
 *
 * <p>Normalisation, per row, in double precision (the same as {@code normalise} in models/training/augur_neural.py):
 * <pre>
 *   mu    = sum(y) / C
 *   sd    = sqrt(sum((y - mu)^2) / C)
 *   sigma = max(sd, 1e-3 |mu|, 1e-8)
 *   context[r, j] = (float) ((y[j] - mu) / sigma)
 *   ar[r, h, 0]   = (float) ((m_h - mu) / sigma)
 *   ar[r, h, 1]   = (float) (sqrt(v_h) / sigma)
 * </pre>
 * and the forecast is mu + sigma * sample ({@link BatchResult}). Not thread-safe; allocates nothing per row.
 */
public final class BatchRequest {
    final int maxBatch;
    final int context;
    final int horizon;
    final FloatBuffer contextIn;
    final FloatBuffer arIn;
    final double[] mu;
    final double[] sigma;
    int size;

    BatchRequest(int maxBatch, int context, int horizon) {
        this.maxBatch = maxBatch;
        this.context = context;
        this.horizon = horizon;
        this.contextIn = direct(maxBatch * context);
        this.arIn = direct(maxBatch * horizon * 2);
        this.mu = new double[maxBatch];
        this.sigma = new double[maxBatch];
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** Empties the batch (the buffers are reused). */
    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return maxBatch;
    }

    public boolean isFull() {
        return size == maxBatch;
    }

    /**
     * Appends a row. Arrays are read, not modified or retained.
     *
     * @param window raw values; the row's context is {@code window[offset .. offset + C - 1]}, all finite
     * @param arMeans AR candidate means for steps 1..H at {@code [0, H)}, finite
     * @param arVariances AR candidate variances for steps 1..H at {@code [0, H)}, finite and &gt;= 0
     * @return the row's index in the batch
     * @throws IllegalStateException when the batch is full
     * @throws IllegalArgumentException for short or non-finite input (nothing is appended)
     */
    public int add(double[] window, int offset, double[] arMeans, double[] arVariances) {
        if (size == maxBatch) {
            throw new IllegalStateException("expected at most " + maxBatch + " rows per batch but found one more");
        }
        if (offset < 0 || window.length - offset < context) {
            throw new IllegalArgumentException("expected a context of " + context + " values from offset " + offset
                    + " but found an array of " + window.length);
        }
        if (arMeans.length < horizon || arVariances.length < horizon) {
            throw new IllegalArgumentException("expected AR means and variances for " + horizon + " steps but found "
                    + arMeans.length + " and " + arVariances.length);
        }
        double sum = 0;
        for (int j = 0; j < context; j++) {
            double v = window[offset + j];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("expected finite context values but found " + v + " at " + j);
            }
            sum += v;
        }
        double m = sum / context;
        double ss = 0;
        for (int j = 0; j < context; j++) {
            double d = window[offset + j] - m;
            ss += d * d;
        }
        double s = Math.max(Math.max(Math.sqrt(ss / context), 1e-3 * Math.abs(m)), 1e-8);
        for (int h = 0; h < horizon; h++) {
            if (!Double.isFinite(arMeans[h]) || !(arVariances[h] >= 0) || !Double.isFinite(arVariances[h])) {
                throw new IllegalArgumentException("expected a finite AR mean and a finite variance >= 0 at step "
                        + (h + 1) + " but found " + arMeans[h] + " and " + arVariances[h]);
            }
        }
        int r = size;
        int base = r * context;
        for (int j = 0; j < context; j++) {
            contextIn.put(base + j, (float) ((window[offset + j] - m) / s));
        }
        int a = r * horizon * 2;
        for (int h = 0; h < horizon; h++) {
            arIn.put(a + 2 * h, (float) ((arMeans[h] - m) / s));
            arIn.put(a + 2 * h + 1, (float) (Math.sqrt(arVariances[h]) / s));
        }
        mu[r] = m;
        sigma[r] = s;
        size++;
        return r;
    }

    /** mu of row r (the normalisation's location). */
    public double mu(int r) {
        check(r);
        return mu[r];
    }

    /** sigma of row r (the normalisation's scale). */
    public double sigma(int r) {
        check(r);
        return sigma[r];
    }

    /** The normalised context value fed to the model for row r, position j. */
    public float contextInput(int r, int j) {
        check(r);
        return contextIn.get(r * context + j);
    }

    /** The normalised AR input fed to the model for row r, step h (1-based), channel c (0 mean, 1 std). */
    public float arInput(int r, int h, int c) {
        check(r);
        return arIn.get((r * horizon + h - 1) * 2 + c);
    }

    private void check(int r) {
        if (r < 0 || r >= size) {
            throw new IndexOutOfBoundsException("expected a row in [0, " + size + ") but found " + r);
        }
    }
}
