package dev.augur.models.metrics;

/**
 * Energy score of a multivariate predictive given by joint samples, lower is better (Gneiting and Raftery 2007,
 * eq. 22, with beta = 1):
 * <pre>
 *   ES(F, y) = E||X - y|| - (1/2) E||X - X'||,   X, X' independent draws from F, ||.|| the Euclidean norm,
 * </pre>
 * estimated from samples x_1..x_n by plugging in the empirical distribution (all pairs, a V-statistic):
 * <pre>
 *   ES_n = (1/n) sum_i ||x_i - y|| - 1/(2 n^2) sum_i sum_j ||x_i - x_j||.
 * </pre>
 * For k = 1 it is the empirical CRPS of the sample ({@link Crps#samples}, the same plug-in estimator). O(n^2 k).
 */
public final class EnergyScore {
    private EnergyScore() {
    }

    /**
     * @param samples n x k row-major: sample p is samples[p k .. p k + k - 1]; read only
     * @param n number of samples, at least 1
     * @param k dimension, at least 1
     * @param y the observation (k values); read only
     * @throws IllegalArgumentException if the arrays are shorter than n k and k, or n or k is below 1
     */
    public static double samples(double[] samples, int n, int k, double[] y) {
        if (n < 1 || k < 1 || samples.length < n * k || y.length < k) {
            throw new IllegalArgumentException("expected n >= 1, k >= 1, " + n * k + " sample values and " + k
                    + " observed values but found n = " + n + ", k = " + k + ", " + samples.length + " and "
                    + y.length);
        }
        double toObs = 0;
        double pairs = 0;
        for (int p = 0; p < n; p++) {
            int a = p * k;
            double d = 0;
            for (int i = 0; i < k; i++) {
                double e = samples[a + i] - y[i];
                d += e * e;
            }
            toObs += Math.sqrt(d);
            for (int q = p + 1; q < n; q++) {
                int b = q * k;
                double s = 0;
                for (int i = 0; i < k; i++) {
                    double e = samples[a + i] - samples[b + i];
                    s += e * e;
                }
                pairs += Math.sqrt(s);
            }
        }
        // sum over ordered pairs i != j is 2 * pairs; times 1/(2 n^2)
        return toObs / n - pairs / ((double) n * n);
    }
}
