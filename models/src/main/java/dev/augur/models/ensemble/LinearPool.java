package dev.augur.models.ensemble;

import dev.augur.models.dist.StudentT;

/**
 * A linear opinion pool of location-scale Student-t (or Normal, dof = +infinity) predictives:
 * F(x) = sum_m w_m F_m(x), weights non-negative and summing to 1 (Gneiting and Ranjan 2013). Quantiles are found by
 * bisection on F. Components are set into preallocated arrays; no allocation per call.
 */
public final class LinearPool {
    private final double[] weight;
    private final double[] mean;
    private final double[] scale;
    private final double[] dof;
    private int size;

    public LinearPool(int maxComponents) {
        weight = new double[maxComponents];
        mean = new double[maxComponents];
        scale = new double[maxComponents];
        dof = new double[maxComponents];
    }

    public void clear() {
        size = 0;
    }

    /** Adds a component (weights are normalised by {@link #normalise()}). */
    public void add(double w, double m, double s, double nu) {
        if (size == weight.length) {
            throw new IllegalStateException("expected at most " + weight.length + " components");
        }
        weight[size] = w;
        mean[size] = m;
        scale[size] = s;
        dof[size] = nu;
        size++;
    }

    public int size() {
        return size;
    }

    /** Scales weights to sum to 1; equal weights when they sum to 0. */
    public void normalise() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += weight[i];
        }
        for (int i = 0; i < size; i++) {
            weight[i] = sum > 0 ? weight[i] / sum : 1.0 / size;
        }
    }

    /** Mean of the pool: sum w_m mu_m. */
    public double mean() {
        double m = 0;
        for (int i = 0; i < size; i++) {
            m += weight[i] * mean[i];
        }
        return m;
    }

    /** Pool CDF at x, with every component's scale multiplied by {@code inflate}. */
    public double cdf(double x, double inflate) {
        double f = 0;
        for (int i = 0; i < size; i++) {
            double s = scale[i] * inflate;
            f += weight[i] * (s > 0 ? StudentT.cdf((x - mean[i]) / s, dof[i]) : (x >= mean[i] ? 1 : 0));
        }
        return f;
    }

    /** The p-quantile of the pool with scales multiplied by {@code inflate}, to relative precision 1e-10. */
    public double quantile(double p, double inflate) {
        if (size == 1) {
            return mean[0] + scale[0] * inflate * StudentT.inverseCdf(p, dof[0]);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            double s = scale[i] * inflate;
            // the pool's p-quantile lies between the smallest and largest component p-quantiles
            double q = mean[i] + s * StudentT.inverseCdf(p, dof[i]);
            lo = Math.min(lo, q);
            hi = Math.max(hi, q);
        }
        for (int it = 0; it < 200 && hi - lo > 1e-10 * Math.max(1.0, Math.abs(hi) + Math.abs(lo)); it++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid, inflate) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
