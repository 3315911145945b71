package dev.augur.models.metrics;

/**
 * CRPS-sum, the score of the multivariate forecasting papers since TimeGrad (Rasul et al. 2021, section 5; Koochali et
 * al. 2022, arXiv:2201.08671, who also show its weakness: it only sees the distribution of the sum). For forecasts at
 * times t = 1..T of k series with joint samples x_{t,1..n} and observations y_t:
 * <pre>
 *   z_t = sum_i y_{t,i},   s_{t,p} = sum_i x_{t,p,i},
 *   CRPS-sum = sum_t CRPS(F_{s,t}, z_t) / sum_t |z_t|,
 * </pre>
 * with CRPS the empirical sample CRPS of the summed samples ({@link Crps#samples}). An accumulator over t; not
 * thread-safe.
 */
public final class CrpsSum {
    private double crps;
    private double absolute;
    private long count;
    private double[] sums = new double[0];

    /**
     * Adds one time t.
     *
     * @param samples n x k row-major (sample p is samples[p k .. p k + k - 1]); read only
     * @param n number of samples, at least 1
     * @param k number of series, at least 1
     * @param y observations of the k series at t; read only
     * @return CRPS(F_{s,t}, z_t), the unnormalised term this time added
     */
    public double add(double[] samples, int n, int k, double[] y) {
        if (n < 1 || k < 1 || samples.length < n * k || y.length < k) {
            throw new IllegalArgumentException("expected n >= 1, k >= 1, " + n * k + " sample values and " + k
                    + " observed values but found n = " + n + ", k = " + k + ", " + samples.length + " and "
                    + y.length);
        }
        if (sums.length < n) {
            sums = new double[n];
        }
        double z = 0;
        for (int i = 0; i < k; i++) {
            z += y[i];
        }
        for (int p = 0; p < n; p++) {
            double s = 0;
            for (int i = 0; i < k; i++) {
                s += samples[p * k + i];
            }
            sums[p] = s;
        }
        double c = Crps.samples(sums, n, z);
        crps += c;
        absolute += Math.abs(z);
        count++;
        return c;
    }

    /** sum_t CRPS / sum_t |z_t|; NaN before the first {@link #add} or when every z_t is 0. */
    public double value() {
        return absolute > 0 ? crps / absolute : Double.NaN;
    }

    /** Times added. */
    public long count() {
        return count;
    }

    /** sum_t CRPS(F_{s,t}, z_t), unnormalised. */
    public double crpsTotal() {
        return crps;
    }

    /** sum_t |z_t|. */
    public double absoluteTotal() {
        return absolute;
    }
}
