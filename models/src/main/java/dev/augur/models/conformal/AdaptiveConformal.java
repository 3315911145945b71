package dev.augur.models.conformal;

/**
 * Adaptive conformal inference (Gibbs and Candes, "Adaptive conformal inference under distribution shift", NeurIPS
 * 2021, eq. 2) for central prediction intervals: for a target miscoverage alpha, the working level alpha_t is updated
 * after each outcome by
 * <pre>
 *   alpha_{t+1} = alpha_t + gamma (alpha - err_t),   err_t = 1{y_t outside [Q_t(alpha_t/2), Q_t(1 - alpha_t/2)]}
 * </pre>
 * so that the long-run miscoverage converges to alpha whatever the data do. The interval of the next step uses the base
 * predictive's quantiles at alpha_t/2 and 1 - alpha_t/2; alpha_t <= 0 means an unbounded interval, alpha_t >= 1 an
 * empty one (both are clamped to {@link #MIN_LEVEL}, 1 - {@link #MIN_LEVEL} when turned into quantile levels).
 *
 * <p>Works on caller-owned state arrays so the state stays plain data: {@code alpha[i]} is the working miscoverage of
 * slot i (one slot per horizon and level), {@code hits[i]} and {@code counts[i]} count covered outcomes.
 */
public final class AdaptiveConformal {
    /** Smallest tail probability used for a quantile. */
    public static final double MIN_LEVEL = 1e-9;

    private final double gamma;

    /** @param gamma step size, in (0, 0.5]; Gibbs and Candes use 0.005 */
    public AdaptiveConformal(double gamma) {
        if (!(gamma > 0 && gamma <= 0.5)) {
            throw new IllegalArgumentException("calibration.gamma must be in (0, 0.5] but was " + gamma);
        }
        this.gamma = gamma;
    }

    public double gamma() {
        return gamma;
    }

    /** Initialises working levels to the targets: {@code alpha[i] = targetAlpha[i]}. */
    public static void init(double[] alpha, double[] targetAlpha) {
        System.arraycopy(targetAlpha, 0, alpha, 0, alpha.length);
    }

    /**
     * Whether an outcome is covered by the interval issued with working level {@code alphaT}: always when
     * alphaT <= 0 (the interval is the whole line, Gibbs and Candes 2021, section 2), else when lower <= y <= upper.
     */
    public static boolean covers(double alphaT, double lower, double upper, double y) {
        return alphaT <= 0 || (y >= lower && y <= upper);
    }

    /** Lower quantile level to use for a working miscoverage alphaT: alphaT/2, clamped to (0, 1/2]. */
    public static double lowerLevel(double alphaT) {
        return Math.min(0.5, Math.max(MIN_LEVEL, alphaT / 2));
    }

    /** Upper quantile level to use for a working miscoverage alphaT: 1 - alphaT/2, clamped to [1/2, 1). */
    public static double upperLevel(double alphaT) {
        return 1 - lowerLevel(alphaT);
    }

    /**
     * Records one outcome for slot {@code i}: whether y fell inside the interval that was issued with alpha[i].
     * Modifies {@code alpha[i]}, {@code hits[i]}, {@code counts[i]}.
     *
     * @param target the nominal miscoverage alpha of the slot, in (0,1)
     * @param covered whether the outcome fell inside the issued interval
     */
    public void update(double[] alpha, long[] hits, long[] counts, int i, double target, boolean covered) {
        double err = covered ? 0.0 : 1.0;
        double next = alpha[i] + gamma * (target - err);
        // keep the working level in a bounded range so a long run of misses or hits can be recovered from quickly
        alpha[i] = Math.max(-1.0, Math.min(2.0, next));
        counts[i]++;
        if (covered) {
            hits[i]++;
        }
    }
}
