package dev.augur.models.ensemble;

import dev.augur.models.dist.StudentT;

/**
 * A linear opinion pool of location-scale Student-t (or Normal, dof = +infinity) predictives:
 * F(x) = sum_m w_m F_m(x), weights non-negative and summing to 1 (Gneiting and Ranjan 2013). A single component's
 * quantile is closed-form; a mixture's p-quantile lies between the smallest and largest component p-quantiles and is
 * found there by safeguarded Newton iteration on F(x) - p (bisection whenever a Newton step leaves the bracket).
 * Standard quantiles t_nu^-1(p) are memoised per (p, nu), since the same levels and degrees of freedom recur for every
 * horizon and record. Components are set into preallocated arrays; no allocation per call.
 */
public final class LinearPool {
    private static final int CACHE = 64;

    private final double[] weight;
    private final double[] mean;
    private final double[] scale;
    private final double[] dof;
    private int size;
    private final double[] cacheP = new double[CACHE];
    private final double[] cacheNu = new double[CACHE];
    private final double[] cacheZ = new double[CACHE];
    private int cacheNext;

    public LinearPool(int maxComponents) {
        weight = new double[maxComponents];
        mean = new double[maxComponents];
        scale = new double[maxComponents];
        dof = new double[maxComponents];
        java.util.Arrays.fill(cacheP, Double.NaN);
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

    /** Pool density at x (scales multiplied by {@code inflate}). */
    public double pdf(double x, double inflate) {
        double f = 0;
        for (int i = 0; i < size; i++) {
            double s = scale[i] * inflate;
            if (s > 0) {
                f += weight[i] * StudentT.pdf((x - mean[i]) / s, dof[i]) / s;
            }
        }
        return f;
    }

    /** The p-quantile of the pool with scales multiplied by {@code inflate}, to relative precision 1e-10. */
    public double quantile(double p, double inflate) {
        if (size == 1) {
            return mean[0] + scale[0] * inflate * standardQuantile(p, dof[0]);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double start = 0;
        for (int i = 0; i < size; i++) {
            double q = mean[i] + scale[i] * inflate * standardQuantile(p, dof[i]);
            lo = Math.min(lo, q);
            hi = Math.max(hi, q);
            start += weight[i] * q;
        }
        double tol = 1e-10 * Math.max(1.0, Math.abs(lo) + Math.abs(hi));
        if (hi - lo <= tol) {
            return 0.5 * (lo + hi);
        }
        double x = start;
        for (int it = 0; it < 100; it++) {
            double f = cdf(x, inflate) - p;
            if (f < 0) {
                lo = x;
            } else {
                hi = x;
            }
            double d = pdf(x, inflate);
            double next = d > 0 ? x - f / d : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - x) <= tol || hi - lo <= tol) {
                return next;
            }
            x = next;
        }
        return x;
    }

    /** t_nu^-1(p), memoised. */
    private double standardQuantile(double p, double nu) {
        for (int i = 0; i < CACHE; i++) {
            if (cacheP[i] == p && cacheNu[i] == nu) {
                return cacheZ[i];
            }
        }
        double z = StudentT.inverseCdf(p, nu);
        cacheP[cacheNext] = p;
        cacheNu[cacheNext] = nu;
        cacheZ[cacheNext] = z;
        cacheNext = (cacheNext + 1) % CACHE;
        return z;
    }
}
