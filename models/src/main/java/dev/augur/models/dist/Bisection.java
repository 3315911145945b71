package dev.augur.models.dist;

import java.util.function.DoubleUnaryOperator;

/** Root of a monotone increasing function on a bracket by bisection to the last representable digit (cold paths). */
final class Bisection {
    private Bisection() {
    }

    /** Root of increasing {@code g} in [lo, hi], given g(lo) <= 0 <= g(hi). */
    static double solve(DoubleUnaryOperator g, double lo, double hi) {
        for (int i = 0; i < 2000; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (g.applyAsDouble(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
