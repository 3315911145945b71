package dev.augur.models.conformal;

/**
 * Online calibration of central prediction intervals by adaptive conformal inference in score space. For a target
 * miscoverage alpha, the interval issued at time t is the base predictive's nominal interval stretched about its
 * median c_t by a multiplier m_t:
 * <pre>
 *   [c_t - m_t (c_t - Q_t(alpha/2)),  c_t + m_t (Q_t(1 - alpha/2) - c_t)]
 * </pre>
 * and after the outcome y_t the multiplier follows the adaptive conformal update of Gibbs and Candes ("Adaptive
 * conformal inference under distribution shift", NeurIPS 2021, eq. 2) written as quantile tracking of the conformal
 * score (Angelopoulos, Candes and Tibshirani, "Conformal PID control for time series prediction", NeurIPS 2023,
 * eq. 1):
 * <pre>
 *   m_{t+1} = max(0, m_t + gamma (err_t - alpha)),   err_t = 1{y_t outside the issued interval}
 * </pre>
 * The long-run miscoverage converges to alpha for any data (Angelopoulos et al. 2023, proposition 1). Tracking the
 * multiplier instead of Gibbs and Candes's working level alpha_t gives the same guarantee with intervals that change
 * smoothly: the level form must push alpha_t to 1e-5 and below when the base model is much too narrow, where it
 * alternates between too-narrow and whole-line intervals.
 *
 * <p>Works on caller-owned state arrays so the state stays plain data: {@code multiplier[i]} of slot i (one slot per
 * horizon and level, initially 1), {@code hits[i]} and {@code counts[i]} count covered outcomes.
 */
public final class AdaptiveConformal {
    private final double gamma;

    /** @param gamma step size of the multiplier, in (0, 1] */
    public AdaptiveConformal(double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("calibration.gamma must be in (0, 1] but was " + gamma);
        }
        this.gamma = gamma;
    }

    public double gamma() {
        return gamma;
    }

    /** Calibrated lower bound: c - m (c - rawLower). */
    public static double lower(double median, double rawLower, double m) {
        return median - m * (median - rawLower);
    }

    /** Calibrated upper bound: c + m (rawUpper - c). */
    public static double upper(double median, double rawUpper, double m) {
        return median + m * (rawUpper - median);
    }

    /**
     * Records one outcome of slot {@code i}. Modifies {@code multiplier[i]}, {@code hits[i]}, {@code counts[i]}.
     *
     * @param alpha the nominal miscoverage of the slot, in (0,1)
     * @param covered whether the outcome fell inside the interval issued for it
     */
    public void update(double[] multiplier, long[] hits, long[] counts, int i, double alpha, boolean covered) {
        double err = covered ? 0.0 : 1.0;
        multiplier[i] = Math.max(0.0, multiplier[i] + gamma * (err - alpha));
        counts[i]++;
        if (covered) {
            hits[i]++;
        }
    }
}
