package dev.augur.models.var;

/**
 * Settings of an online VAR(p) model for a group of k series. Validated on construction; errors name the setting and
 * its allowed range.
 *
 * @param dimension number of series k, in [1, 64]
 * @param order lag order p, in [1, 32]; m = 1 + k p regressors, at most 1025
 * @param forgetting RLS forgetting factor lambda, in (0.9, 1]; 1 = ordinary least squares
 * @param initialP diagonal of the ridge prior P_0 = delta * I used only when the normal equations never become well
 *     conditioned, in [1, 1e12]
 */
public record VarConfig(int dimension, int order, double forgetting, double initialP) {
    public VarConfig {
        if (dimension < 1 || dimension > 64) {
            throw new IllegalArgumentException("var.dimension must be in [1, 64] but was " + dimension);
        }
        if (order < 1 || order > 32) {
            throw new IllegalArgumentException("var.order must be in [1, 32] but was " + order);
        }
        if (1 + dimension * order > 1025) {
            throw new IllegalArgumentException("var.dimension * var.order must be at most 1024 but was "
                    + dimension * order);
        }
        if (!(forgetting > 0.9 && forgetting <= 1.0)) {
            throw new IllegalArgumentException("var.forgetting must be in (0.9, 1] but was " + forgetting);
        }
        if (!(initialP >= 1 && initialP <= 1e12)) {
            throw new IllegalArgumentException("var.initial-p must be in [1, 1e12] but was " + initialP);
        }
    }

    /** VAR(p) for k series with lambda = 0.995 and P_0 = 1e4 I. */
    public static VarConfig of(int dimension, int order) {
        return new VarConfig(dimension, order, 0.995, 1e4);
    }

    /** Number of regressors per equation, m = 1 + k p. */
    public int regressors() {
        return 1 + dimension * order;
    }
}
