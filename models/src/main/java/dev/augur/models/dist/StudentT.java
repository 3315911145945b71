package dev.augur.models.dist;

/**
 * Standard Student-t distribution with {@code nu} degrees of freedom (nu = +infinity gives the standard normal).
 *
 * <p>CDF through the regularised incomplete beta function: for t, with x = nu / (nu + t^2),
 * P(T <= t) = 1 - I_x(nu/2, 1/2) / 2 for t >= 0 (Abramowitz and Stegun 26.7.1); I_x by its continued fraction
 * (Numerical Recipes, 3rd ed., section 6.4). Quantiles by safeguarded Newton iteration from the normal quantile.
 */
public final class StudentT {
    private StudentT() {
    }

    /** P(T <= t). */
    public static double cdf(double t, double nu) {
        if (Double.isInfinite(nu)) {
            return Normal.cdf(t);
        }
        if (!(nu > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0 but was " + nu);
        }
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1.0 : 0.0;
        }
        double x = nu / (nu + t * t);
        double tail = 0.5 * regularizedBeta(x, nu / 2.0, 0.5);
        return t >= 0 ? 1.0 - tail : tail;
    }

    /** Density at t. */
    public static double pdf(double t, double nu) {
        if (Double.isInfinite(nu)) {
            return Normal.pdf(t);
        }
        double lg = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
        return Math.exp(lg - (nu + 1) / 2 * Math.log1p(t * t / nu));
    }

    /** The p-quantile, p in (0,1). */
    public static double inverseCdf(double p, double nu) {
        double z = Normal.inverseCdf(p);
        if (Double.isInfinite(nu)) {
            return z;
        }
        if (!(nu > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0 but was " + nu);
        }
        // bracket then Newton with bisection fallback
        double lo = -1;
        double hi = 1;
        while (cdf(lo, nu) > p) {
            lo *= 2;
        }
        while (cdf(hi, nu) < p) {
            hi *= 2;
        }
        double x = Math.min(Math.max(z, lo), hi);
        for (int i = 0; i < 100; i++) {
            double f = cdf(x, nu) - p;
            if (f > 0) {
                hi = x;
            } else {
                lo = x;
            }
            double step = f / pdf(x, nu);
            double next = x - step;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - x) <= 1e-14 * Math.max(1.0, Math.abs(x))) {
                return next;
            }
            x = next;
        }
        return x;
    }

    /** Natural log of the gamma function, Lanczos approximation (g = 7, n = 9), about 1e-15 relative. */
    public static double logGamma(double x) {
        final double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** Regularised incomplete beta I_x(a, b). */
    public static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        double bt = Math.exp(lbt);
        if (x < (a + 1) / (a + b + 2)) {
            return bt * betaContinuedFraction(x, a, b) / a;
        }
        return 1.0 - bt * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        final double fpmin = 1e-300;
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < fpmin) {
            d = fpmin;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < fpmin) {
                d = fpmin;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < fpmin) {
                c = fpmin;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < fpmin) {
                d = fpmin;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < fpmin) {
                c = fpmin;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) {
                break;
            }
        }
        return h;
    }
}
