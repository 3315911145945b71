package dev.augur.models;

import dev.augur.models.dist.StudentT;

/**
 * A preallocated buffer for a joint h-step predictive distribution of k series: for each step h = 1..H a mean vector
 * (k) and a covariance matrix (k x k, the forecast MSE matrix), with shared degrees of freedom (+infinity = Normal).
 * Marginals follow the conventions of {@link Predictive}: {@code variance} is always the predictive variance.
 *
 * <p>Mutable and reused across calls so the hot path allocates nothing.
 */
public final class MultivariatePredictive {
    private final int k;
    private final int horizon;
    private final double[] mean;
    private final double[] covariance;
    private double dof = Double.POSITIVE_INFINITY;

    public MultivariatePredictive(int dimension, int horizon) {
        if (dimension < 1 || dimension > 1000) {
            throw new IllegalArgumentException("dimension must be in [1, 1000] but was " + dimension);
        }
        if (horizon < 1 || horizon > 10_000) {
            throw new IllegalArgumentException("horizon must be in [1, 10000] but was " + horizon);
        }
        this.k = dimension;
        this.horizon = horizon;
        this.mean = new double[horizon * dimension];
        this.covariance = new double[horizon * dimension * dimension];
    }

    public int dimension() {
        return k;
    }

    public int horizon() {
        return horizon;
    }

    public double dof() {
        return dof;
    }

    public void setDof(double dof) {
        if (!(dof > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0 but was " + dof);
        }
        this.dof = dof;
    }

    /** Mean of series i (0-based) at step h (1-based). */
    public double mean(int h, int i) {
        return mean[(h - 1) * k + i];
    }

    /** Covariance of series i and j at step h. */
    public double covariance(int h, int i, int j) {
        return covariance[((h - 1) * k + i) * k + j];
    }

    /** Variance of series i at step h. */
    public double variance(int h, int i) {
        return covariance(h, i, i);
    }

    public void setMean(int h, int i, double value) {
        mean[(h - 1) * k + i] = value;
    }

    public void setCovariance(int h, int i, int j, double value) {
        covariance[((h - 1) * k + i) * k + j] = value;
    }

    /**
     * Sets the whole covariance matrix of step h.
     *
     * @param values k x k row-major at [offset, offset + k*k), read only
     */
    public void setCovariance(int h, double[] values, int offset) {
        if (h < 1 || h > horizon) {
            throw new IndexOutOfBoundsException("expected a step in [1, " + horizon + "] but found " + h);
        }
        System.arraycopy(values, offset, covariance, (h - 1) * k * k, k * k);
    }

    /** Quantile at {@code level} in (0,1) of the marginal of series i at step h. */
    public double quantile(int h, int i, double level) {
        return mean(h, i) + marginalScale(h, i) * StudentT.inverseCdf(level, dof);
    }

    /** Marginal CDF of series i at step h. */
    public double cdf(int h, int i, double x) {
        double s = marginalScale(h, i);
        if (!(s > 0)) {
            return x >= mean(h, i) ? 1.0 : 0.0;
        }
        return StudentT.cdf((x - mean(h, i)) / s, dof);
    }

    private double marginalScale(int h, int i) {
        double v = variance(h, i);
        if (Double.isInfinite(dof) || dof <= 2) {
            return Math.sqrt(v);
        }
        return Math.sqrt(v * (dof - 2) / dof);
    }

    /**
     * Writes the marginal of series i into {@code out} (steps 1..min(out.horizon(), horizon())).
     *
     * @param out modified
     */
    public void marginal(int i, Predictive out) {
        int hs = Math.min(out.horizon(), horizon);
        for (int h = 1; h <= hs; h++) {
            out.set(h, mean(h, i), variance(h, i));
        }
        out.setDof(dof);
    }
}
