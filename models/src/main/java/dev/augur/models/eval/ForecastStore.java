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
     * (Normal for infinite nu); the scale is sqrt(var (nu - 2) / nu) for nu &gt; 2, as the ensemble pools it.
     */
    void putStudentT(int o, int h, double mu, double variance, double nu, double[] scratch) {
        double scale = Double.isInfinite(nu) || nu <= 2 ? Math.sqrt(variance) : Math.sqrt(variance * (nu - 2) / nu);
        for (int l = 0; l < levels.length; l++) {
            double z = Double.isInfinite(nu) ? Normal.inverseCdf(levels[l]) : StudentT.inverseCdf(levels[l], nu);
            scratch[l] = mu + scale * z;
        }
        put(o, h, mu, scratch);
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
