package dev.augur.models.eval;

import dev.augur.models.dist.Normal;
import dev.augur.models.dist.StudentT;

/**
 * One model's forecasts of one series, indexed by origin row and step: the mean and the quantiles at the levels.
 * Flat arrays, allocated once for the whole input. Not thread-safe.
 */
final class ForecastStore {
    private final String model;
    private final int horizon;
    private final double[] levels;
    private final double[] mean;
    private final double[] quantiles;
    private final boolean[] present;

    ForecastStore(String model, int rows, int horizon, double[] levels) {
        this.model = model;
        this.horizon = horizon;
        this.levels = levels.clone();
        this.mean = new double[rows * horizon];
        this.quantiles = new double[rows * horizon * levels.length];
        this.present = new boolean[rows * horizon];
    }

    String model() {
        return model;
    }

    /** Stores step h of origin row o; {@code q} one per level (copied). */
    void put(int o, int h, double mu, double[] q) {
        int k = o * horizon + h - 1;
        mean[k] = mu;
        System.arraycopy(q, 0, quantiles, k * levels.length, levels.length);
        present[k] = true;
    }

    /**
     * Stores step h of origin row o from a location-scale Student-t predictive with the given predictive variance
     * (Normal for infinite nu): quantile l is mu + s z[l] with z from {@link #standardQuantiles} and
     * s = sqrt(var (nu - 2) / nu) for nu &gt; 2, sqrt(var) otherwise, as the ensemble pools it.
     *
     * @param z the standard quantiles of nu at the levels, read only
     */
    void putStudentT(int o, int h, double mu, double variance, double nu, double[] z, double[] scratch) {
        studentTQuantiles(mu, variance, nu, z, scratch, 0);
        put(o, h, mu, scratch);
    }

    /**
     * The standard quantiles t_nu^{-1}(tau) at {@code levels} (Normal for infinite nu); computed once per forecast,
     * since every step of a candidate shares its nu and the inverse CDF is iterative.
     *
     * @param out overwritten, one per level
     */
    static void standardQuantiles(double nu, double[] levels, double[] out) {
        for (int l = 0; l < levels.length; l++) {
            out[l] = Double.isInfinite(nu) ? Normal.inverseCdf(levels[l]) : StudentT.inverseCdf(levels[l], nu);
        }
    }

    /**
     * The quantiles mu + s z[l] of a location-scale Student-t with mean mu and predictive variance {@code variance}:
     * s = sqrt(var (nu - 2) / nu) for nu &gt; 2, sqrt(var) otherwise.
     *
     * @param z from {@link #standardQuantiles}, read only
     * @param out overwritten at [offset, offset + z.length)
     */
    static void studentTQuantiles(double mu, double variance, double nu, double[] z, double[] out, int offset) {
        double scale = Double.isInfinite(nu) || nu <= 2 ? Math.sqrt(variance) : Math.sqrt(variance * (nu - 2) / nu);
        for (int l = 0; l < z.length; l++) {
            out[offset + l] = mu + scale * z[l];
        }
    }

    boolean has(int o, int h) {
        return present[o * horizon + h - 1];
    }

    double mean(int o, int h) {
        return mean[o * horizon + h - 1];
    }

    /** Copies the quantiles of step h of origin o into {@code out}. */
    void quantiles(int o, int h, double[] out) {
        System.arraycopy(quantiles, (o * horizon + h - 1) * levels.length, out, 0, levels.length);
    }
}
