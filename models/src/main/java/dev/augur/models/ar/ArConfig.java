package dev.augur.models.ar;

/**
 * Settings of an online AR(p) model. Validated on construction; errors name the setting and its allowed range.
 *
 * @param order autoregressive order p, in [1, 64]
 * @param forgetting RLS forgetting factor lambda, in (0.9, 1]; 1 = ordinary least squares
 * @param initialP diagonal of the initial RLS matrix P_0 = delta * I, in [1, 1e12]
 */
public record ArConfig(int order, double forgetting, double initialP) {
    public ArConfig {
        if (order < 1 || order > 64) {
            throw new IllegalArgumentException("ar.order must be in [1, 64] but was " + order);
        }
        if (!(forgetting > 0.9 && forgetting <= 1.0)) {
            throw new IllegalArgumentException("ar.forgetting must be in (0.9, 1] but was " + forgetting);
        }
        if (!(initialP >= 1 && initialP <= 1e12)) {
            throw new IllegalArgumentException("ar.initial-p must be in [1, 1e12] but was " + initialP);
        }
    }

    /** AR(p) with lambda = 0.995 and P_0 = 1e4 I. */
    public static ArConfig of(int order) {
        return new ArConfig(order, 0.995, 1e4);
    }
}
