package dev.augur.models.dist;

/**
 * Chi-squared distribution with nu degrees of freedom: P(X <= x) = P(nu/2, x/2), the regularised lower incomplete
 * gamma function, by its series for x < a + 1 and its Lentz continued fraction otherwise (Numerical Recipes, 3rd ed.,
 * section 6.2; Abramowitz and Stegun 6.5.29 and 6.5.31). Quantiles by bisection (cold path).
 */
public final class ChiSquared {
    private ChiSquared() {
    }

    /** P(X <= x). */
    public static double cdf(double x, double nu) {
        check(nu);
        if (!(x > 0)) {
            return 0;
        }
        return regularizedGammaP(nu / 2, x / 2);
    }

    /** P(X > x), computed directly in the upper tail. */
    public static double survival(double x, double nu) {
        check(nu);
        if (!(x > 0)) {
            return 1;
        }
        return regularizedGammaQ(nu / 2, x / 2);
    }

    /** The p-quantile, p in (0,1). */
    public static double inverseCdf(double p, double nu) {
        check(nu);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0,1) but was " + p);
        }
        double hi = Math.max(1, nu);
        while (cdf(hi, nu) < p) {
            hi *= 2;
        }
        return Bisection.solve(v -> cdf(v, nu) - p, 0, hi);
    }

    /** Regularised lower incomplete gamma P(a, x). */
    public static double regularizedGammaP(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
    }

    /** Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x). */
    public static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        double ap = a;
        double del = 1 / a;
        double sum = del;
        for (int n = 0; n < 100_000; n++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * 1e-17) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - StudentT.logGamma(a));
    }

    private static double gammaContinuedFraction(double a, double x) {
        final double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 100_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - StudentT.logGamma(a)) * h;
    }

    private static void check(double nu) {
        if (!(nu > 0)) {
            throw new IllegalArgumentException("chi-squared degrees of freedom must be > 0 but was " + nu);
        }
    }
}
