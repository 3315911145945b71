package dev.augur.models.star;

/**
 * Settings of an online space-time AR model STAR(p_1) for the k sites of a spatial weight matrix. Validated on
 * construction; errors name the setting and its allowed range.
 *
 * @param weights the row-normalised spatial weights W (k = weights.size() sites, validated by {@link SpatialWeights})
 * @param order temporal order p, in [1, 32]; the pooled regression has 1 + 2p regressors
 * @param forgetting RLS forgetting factor lambda per time step (all k sites of a step share one weight), in (0.9, 1];
 *     1 = pooled ordinary least squares
 * @param initialP diagonal of the ridge prior P_0 = delta * I used only when the normal equations never become well
 *     conditioned, in [1, 1e12]
 */
public record StarConfig(SpatialWeights weights, int order, double forgetting, double initialP) {
    public StarConfig {
        if (weights == null) {
            throw new IllegalArgumentException("star.weights must be given but was null");
        }
        if (order < 1 || order > 32) {
            throw new IllegalArgumentException("star.order must be in [1, 32] but was " + order);
        }
        if (!(forgetting > 0.9 && forgetting <= 1.0)) {
            throw new IllegalArgumentException("star.forgetting must be in (0.9, 1] but was " + forgetting);
        }
        if (!(initialP >= 1 && initialP <= 1e12)) {
            throw new IllegalArgumentException("star.initial-p must be in [1, 1e12] but was " + initialP);
        }
    }

    /** STAR(p_1) on W with lambda = 0.995 and P_0 = 1e4 I. */
    public static StarConfig of(SpatialWeights weights, int order) {
        return new StarConfig(weights, order, 0.995, 1e4);
    }

    /** Number of sites k. */
    public int dimension() {
        return weights.size();
    }

    /** Regressors of the pooled regression, 1 + 2p: intercept, phi_1..phi_p, psi_1..psi_p. */
    public int regressors() {
        return 1 + 2 * order;
    }
}
