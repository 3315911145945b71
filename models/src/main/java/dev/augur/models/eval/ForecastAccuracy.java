package dev.augur.models.eval;

import dev.augur.models.metrics.Crps;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates the accuracy of one model's quantile forecasts per horizon step h = 1..H: MAE and RMSE of the mean,
 * MASE (MAE over a given scale), CRPS approximated from the quantiles ({@link Crps#fromQuantiles}), and for each
 * central interval [q_a, q_{1-a}] formed by a pair of levels: coverage, mean width and the interval (Winkler) score
 * <pre>
 *   IS_alpha(l, u; y) = (u - l) + (2/alpha)(l - y) 1{y &lt; l} + (2/alpha)(y - u) 1{y &gt; u},   alpha = 2a
 * </pre>
 * (Gneiting and Raftery 2007, section 6.2, eq. 43). Not thread-safe.
 */
public final class ForecastAccuracy {
    private final double[] levels;
    private final int horizon;
    /** Per central interval: index of its lower and upper level, and its nominal level 1 - 2a, ascending. */
    private final int[] lowerIndex;
    private final int[] upperIndex;
    private final double[] central;
    private final long[] n;
    private final double[] absError;
    private final double[] sqError;
    private final double[] crps;
    private final long[] covered;
    private final double[] width;
    private final double[] winkler;

    /** @param levels quantile levels, ascending; intervals are formed from pairs a and 1 - a */
    public ForecastAccuracy(double[] levels, int horizon) {
        this.levels = levels.clone();
        this.horizon = horizon;
        List<int[]> pairs = new ArrayList<>();
        for (int i = levels.length - 1; i >= 0; i--) {
            if (levels[i] >= 0.5) {
                continue;
            }
            for (int j = 0; j < levels.length; j++) {
                if (Math.abs(levels[j] - (1 - levels[i])) < 1e-9) {
                    pairs.add(new int[] {i, j});
                }
            }
        }
        int c = pairs.size();
        lowerIndex = new int[c];
        upperIndex = new int[c];
        central = new double[c];
        for (int p = 0; p < c; p++) {
            lowerIndex[p] = pairs.get(p)[0];
            upperIndex[p] = pairs.get(p)[1];
            central[p] = Math.round((1 - 2 * levels[lowerIndex[p]]) * 1e9) / 1e9;
        }
        n = new long[horizon];
        absError = new double[horizon];
        sqError = new double[horizon];
        crps = new double[horizon];
        covered = new long[horizon * c];
        width = new double[horizon * c];
        winkler = new double[horizon * c];
    }

    /** The nominal levels of the central intervals, ascending (e.g. 0.5, 0.8, 0.9). */
    public double[] centralLevels() {
        return central.clone();
    }

    public int horizon() {
        return horizon;
    }

    /**
     * Adds one forecast of step h for observation y.
     *
     * @param quantiles one per level, ascending; not modified
     */
    public void add(int h, double y, double mean, double[] quantiles) {
        int i = h - 1;
        double e = y - mean;
        n[i]++;
        absError[i] += Math.abs(e);
        sqError[i] += e * e;
        crps[i] += Crps.fromQuantiles(levels, quantiles, y);
        for (int p = 0; p < central.length; p++) {
            double lo = quantiles[lowerIndex[p]];
            double hi = quantiles[upperIndex[p]];
            int k = i * central.length + p;
            if (y >= lo && y <= hi) {
                covered[k]++;
            }
            width[k] += hi - lo;
            winkler[k] += intervalScore(lo, hi, 2 * levels[lowerIndex[p]], y);
        }
    }

    /** The interval (Winkler) score of [lo, hi] as a central (1 - alpha) interval at y. */
    public static double intervalScore(double lo, double hi, double alpha, double y) {
        double s = hi - lo;
        if (y < lo) {
            s += 2 / alpha * (lo - y);
        } else if (y > hi) {
            s += 2 / alpha * (y - hi);
        }
        return s;
    }

    /** Forecasts scored at step h (0 for all steps together). */
    public long count(int h) {
        return h == 0 ? sum(n) : n[h - 1];
    }

    public double mae(int h) {
        return mean(absError, h);
    }

    public double rmse(int h) {
        return Math.sqrt(mean(sqError, h));
    }

    /** MAE over {@code scale} (the in-sample MAE of the seasonal naive one-step forecast). */
    public double mase(int h, double scale) {
        return mae(h) / scale;
    }

    public double crps(int h) {
        return mean(crps, h);
    }

    /** Fraction of observations inside central interval p ({@link #centralLevels()} order) at step h (0 = all). */
    public double coverage(int h, int p) {
        return perInterval(covered, null, h, p);
    }

    public double width(int h, int p) {
        return perInterval(null, width, h, p);
    }

    public double winkler(int h, int p) {
        return perInterval(null, winkler, h, p);
    }

    private double perInterval(long[] counts, double[] sums, int h, int p) {
        double s = 0;
        long m = 0;
        for (int i = h == 0 ? 0 : h - 1; i < (h == 0 ? horizon : h); i++) {
            int k = i * central.length + p;
            s += counts != null ? counts[k] : sums[k];
            m += n[i];
        }
        return m == 0 ? Double.NaN : s / m;
    }

    private double mean(double[] sums, int h) {
        if (h != 0) {
            return n[h - 1] == 0 ? Double.NaN : sums[h - 1] / n[h - 1];
        }
        double s = 0;
        for (double v : sums) {
            s += v;
        }
        long m = sum(n);
        return m == 0 ? Double.NaN : s / m;
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }
}
