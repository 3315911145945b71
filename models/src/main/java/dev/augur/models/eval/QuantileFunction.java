package dev.augur.models.eval;

import dev.augur.models.dist.Normal;

/**
 * A predictive distribution known only by quantiles q_1 &lt; ... &lt; q_K at levels tau_1 &lt; ... &lt; tau_K: linear
 * between them; beyond the outer levels a Normal tail whose scale matches the outermost pair,
 * sigma = (q_K - q_1) / (z(tau_K) - z(tau_1)).
 */
final class QuantileFunction {
    private QuantileFunction() {
    }

    /** The quantile at level u in (0, 1). */
    static double value(double[] levels, double[] q, double u) {
        int k = levels.length;
        if (u <= levels[0] || u >= levels[k - 1]) {
            double zLo = Normal.inverseCdf(levels[0]);
            double zHi = Normal.inverseCdf(levels[k - 1]);
            double sigma = (q[k - 1] - q[0]) / (zHi - zLo);
            double zu = Normal.inverseCdf(Math.min(Math.max(u, 1e-12), 1 - 1e-12));
            return u <= levels[0] ? q[0] + sigma * (zu - zLo) : q[k - 1] + sigma * (zu - zHi);
        }
        int i = 1;
        while (levels[i] < u) {
            i++;
        }
        double f = (u - levels[i - 1]) / (levels[i] - levels[i - 1]);
        return q[i - 1] + f * (q[i] - q[i - 1]);
    }
}
