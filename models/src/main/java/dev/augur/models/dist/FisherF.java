package dev.augur.models.dist;

/**
 * Fisher's F distribution with (d1, d2) degrees of freedom: P(F <= f) = I_{d1 f / (d1 f + d2)}(d1/2, d2/2)
 * (Abramowitz and Stegun 26.6.2), through {@link StudentT#regularizedBeta}. Quantiles by bisection to full precision
 * (cold path: test statistics and critical values).
 */
public final class FisherF {
    private FisherF() {
    }

    /** P(F <= f). */
    public static double cdf(double f, double d1, double d2) {
        check(d1, d2);
        if (!(f > 0)) {
            return 0;
        }
        return StudentT.regularizedBeta(d1 * f / (d1 * f + d2), d1 / 2, d2 / 2);
    }

    /** P(F > f), computed directly (no cancellation for small tails): I_{d2 / (d2 + d1 f)}(d2/2, d1/2). */
    public static double survival(double f, double d1, double d2) {
        check(d1, d2);
        if (!(f > 0)) {
            return 1;
        }
        return StudentT.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
    }

    /** The p-quantile, p in (0,1). */
    public static double inverseCdf(double p, double d1, double d2) {
        check(d1, d2);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0,1) but was " + p);
        }
        double hi = 1;
        while (cdf(hi, d1, d2) < p) {
            hi *= 2;
        }
        return Bisection.solve(v -> cdf(v, d1, d2) - p, 0, hi);
    }

    private static void check(double d1, double d2) {
        if (!(d1 > 0) || !(d2 > 0)) {
            throw new IllegalArgumentException("F degrees of freedom must be > 0 but were (" + d1 + ", " + d2 + ")");
        }
    }
}
