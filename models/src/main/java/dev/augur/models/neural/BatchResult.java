package dev.augur.models.neural;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The forecasts of one {@link BatchRequest}: per row and step h = 1..H the sample mean, the quantiles at
 * {@link NeuralForecaster#LEVELS} and the S raw sample paths, all on the series' own scale (mu + sigma * z).
 *
 * <p>Quantiles are the empirical quantiles of the S samples with linear interpolation between order statistics
 * (Hyndman and Fan 1996, definition 7, R's default): for level q, position p = q (S - 1), then
 * Q(q) = x_(floor p) + (p - floor p)(x_(floor p + 1) - x_(floor p)) over the sorted samples x_(0) &lt;= ... &lt;= x_(S-1).
 * Preallocated for {@code maxBatch} rows and reused; not thread-safe.
 */
public final class BatchResult {
    final int maxBatch;
    final int samples;
    final int horizon;
    final double[] levels;
    final FloatBuffer samplesOut;
    private final double[] mean;
    private final double[] quantiles;
    private final double[] mu;
    private final double[] sigma;
    private final double[] scratch;
    private int size;

    BatchResult(int maxBatch, int samples, int horizon, double[] levels) {
        this.maxBatch = maxBatch;
        this.samples = samples;
        this.horizon = horizon;
        this.levels = levels.clone();
        this.samplesOut = BatchRequest.direct(Math.multiplyExact(maxBatch, samples * horizon));
        this.mean = new double[maxBatch * horizon];
        this.quantiles = new double[maxBatch * horizon * levels.length];
        this.mu = new double[maxBatch];
        this.sigma = new double[maxBatch];
        this.scratch = new double[samples];
    }

    /** Turns the normalised samples of {@code in.size()} rows, already in {@link #samplesOut}, into forecasts. */
    void summarise(BatchRequest in) {
        size = in.size;
        int nq = levels.length;
        for (int r = 0; r < size; r++) {
            double m = in.mu[r];
            double s = in.sigma[r];
            mu[r] = m;
            sigma[r] = s;
            int base = r * samples * horizon;
            for (int h = 0; h < horizon; h++) {
                double sum = 0;
                for (int k = 0; k < samples; k++) {
                    double z = samplesOut.get(base + k * horizon + h);
                    scratch[k] = z;
                    sum += z;
                }
                mean[r * horizon + h] = m + s * (sum / samples);
                Arrays.sort(scratch);
                int q0 = (r * horizon + h) * nq;
                for (int i = 0; i < nq; i++) {
                    quantiles[q0 + i] = m + s * quantile(scratch, levels[i]);
                }
            }
        }
    }

    /** Type 7 empirical quantile of sorted {@code x} at level q in [0, 1]. */
    static double quantile(double[] x, double q) {
        double p = q * (x.length - 1);
        int lo = (int) Math.floor(p);
        if (lo >= x.length - 1) {
            return x[x.length - 1];
        }
        return x[lo] + (p - lo) * (x[lo + 1] - x[lo]);
    }

    public int size() {
        return size;
    }

    public int horizon() {
        return horizon;
    }

    public int samples() {
        return samples;
    }

    /** The quantile levels, ascending (a copy). */
    public double[] levels() {
        return levels.clone();
    }

    /** Sample mean of row r at step h (1-based). */
    public double mean(int r, int h) {
        return mean[index(r, h)];
    }

    /** Quantile at {@code levels()[i]} of row r at step h (1-based). */
    public double quantile(int r, int h, int i) {
        return quantiles[index(r, h) * levels.length + i];
    }

    /** Copies the quantiles of row r at step h (1-based) into {@code dst[0 .. levels - 1]} (modified). */
    public void quantiles(int r, int h, double[] dst) {
        System.arraycopy(quantiles, index(r, h) * levels.length, dst, 0, levels.length);
    }

    /** Sample path s of row r at step h (1-based), on the series' scale. */
    public double sample(int r, int s, int h) {
        int i = index(r, h);
        if (s < 0 || s >= samples) {
            throw new IndexOutOfBoundsException("expected a sample in [0, " + samples + ") but found " + s);
        }
        return mu[r] + sigma[r] * samplesOut.get((r * samples + s) * horizon + h - 1);
    }

    /** The model's normalised output for row r, sample s, step h (1-based): what the graph returned. */
    public float rawSample(int r, int s, int h) {
        index(r, h);
        return samplesOut.get((r * samples + s) * horizon + h - 1);
    }

    private int index(int r, int h) {
        if (r < 0 || r >= size) {
            throw new IndexOutOfBoundsException("expected a row in [0, " + size + ") but found " + r);
        }
        if (h < 1 || h > horizon) {
            throw new IndexOutOfBoundsException("expected a step in [1, " + horizon + "] but found " + h);
        }
        return r * horizon + h - 1;
    }
}
