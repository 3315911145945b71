package dev.augur.models;

import dev.augur.models.dist.StudentT;

/**
 * A preallocated buffer for an h-step predictive distribution: for each step h = 1..H a location (mean), a variance and
 * shared degrees of freedom. With {@code dof = +infinity} each step is Normal(mean, variance); with finite {@code dof}
 * each step is a location-scale Student-t with scale^2 = variance * (dof - 2) / dof when dof > 2 (so that
 * {@code variance} is always the predictive variance), else scale^2 = variance.
 *
 * <p>Mutable and reused across calls so the hot path allocates nothing.
 */
public final class Predictive {
    private final double[] mean;
    private final double[] variance;
    private double dof = Double.POSITIVE_INFINITY;

    public Predictive(int horizon) {
        if (horizon < 1 || horizon > 10_000) {
            throw new IllegalArgumentException("horizon must be in [1, 10000] but was " + horizon);
        }
        this.mean = new double[horizon];
        this.variance = new double[horizon];
    }

    public int horizon() {
        return mean.length;
    }

    /** Predictive mean at step h (1-based). */
    public double mean(int h) {
        return mean[h - 1];
    }

    /** Predictive variance at step h (1-based). */
    public double variance(int h) {
        return variance[h - 1];
    }

    /** Degrees of freedom shared by all steps; +infinity for Normal. */
    public double dof() {
        return dof;
    }

    /** Sets step h (1-based). */
    public void set(int h, double m, double v) {
        mean[h - 1] = m;
        variance[h - 1] = v;
    }

    public void setDof(double dof) {
        if (!(dof > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0 but was " + dof);
        }
        this.dof = dof;
    }

    /** Scale of the standardised distribution at step h: x = mean + scale * z. */
    public double scale(int h) {
        double v = variance[h - 1];
        if (Double.isInfinite(dof) || dof <= 2) {
            return Math.sqrt(v);
        }
        return Math.sqrt(v * (dof - 2) / dof);
    }

    /** Quantile at {@code level} in (0,1) for step h. */
    public double quantile(int h, double level) {
        return mean[h - 1] + scale(h) * StudentT.inverseCdf(level, dof);
    }

    /** Predictive CDF at x for step h. */
    public double cdf(int h, double x) {
        double s = scale(h);
        if (!(s > 0)) {
            return x >= mean[h - 1] ? 1.0 : 0.0;
        }
        return StudentT.cdf((x - mean[h - 1]) / s, dof);
    }

    /** Copies everything from {@code other}, which must have the same horizon. */
    public void copyFrom(Predictive other) {
        if (other.horizon() != horizon()) {
            throw new IllegalArgumentException("expected horizon " + horizon() + " but found " + other.horizon());
        }
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.variance, 0, variance, 0, variance.length);
        dof = other.dof;
    }
}
