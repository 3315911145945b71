package dev.augur.models.ar;

/**
 * Settings of an online AR(p) model. Validated on construction; errors name the setting and its allowed range.
 *
 * @param order autoregressive order p, in [1, 64]
 * @param forgetting RLS forgetting factor lambda, in (0.9, 1]; 1 = ordinary least squares
 * @param initialP diagonal of the ridge prior P_0 = delta * I used only when the data never make the normal equations
 *     well conditioned (for example a constant series), in [1, 1e12]
 * @param intervals how predictive variances are formed, see {@link Intervals}
 */
public record ArConfig(int order, double forgetting, double initialP, Intervals intervals) {

    /** How the h-step predictive distribution is formed. */
    public enum Intervals {
        /**
         * Conjugate Normal-Inverse-Gamma posterior of RLS (flat prior): Student-t with nu = w - (p+1) degrees of
         * freedom, scale^2 = s^2 (sum_{j<h} psi_j^2 + g_h' P g_h) with s^2 = S / nu and g_h the gradient of the h-step
         * mean with respect to the coefficients, so parameter uncertainty is included (exact for h = 1, first-order
         * delta method beyond).
         */
        BAYESIAN,
        /**
         * Plug-in Normal with sigma^2 = S / w and variance sigma^2 sum_{j<h} psi_j^2, no parameter uncertainty: the
         * intervals of statsmodels' {@code AutoRegResults.get_prediction}.
         */
        PLUG_IN
    }

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
        if (intervals == null) {
            throw new IllegalArgumentException("ar.intervals must be one of BAYESIAN, PLUG_IN but was null");
        }
    }

    /** Bayesian (Student-t) intervals. */
    public ArConfig(int order, double forgetting, double initialP) {
        this(order, forgetting, initialP, Intervals.BAYESIAN);
    }

    /** AR(p) with lambda = 0.995, P_0 = 1e4 I and Bayesian intervals. */
    public static ArConfig of(int order) {
        return new ArConfig(order, 0.995, 1e4);
    }

    /** This configuration with another interval mode. */
    public ArConfig withIntervals(Intervals mode) {
        return new ArConfig(order, forgetting, initialP, mode);
    }

    /** This configuration with another forgetting factor. */
    public ArConfig withForgetting(double lambda) {
        return new ArConfig(order, lambda, initialP, intervals);
    }
}
