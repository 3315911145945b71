package dev.augur.models.metrics.nab;

/**
 * NAB's scaled sigmoid, the shape that turns a row's position relative to an anomaly window into a reward or a
 * penalty (SCORING.md section 3; NAB {@code nab/sweeper.py} {@code scaledSigmoid} at commit ea702d75). The papers
 * (Lavin &amp; Ahmad 2015; Ahmad et al. 2017) write the sigmoid with the profile weights folded in; this is the form
 * NAB's code evaluates, with the weights applied afterwards by {@link NabWindows#sweepScore}:
 * <pre>
 *   S(y) = 2 / (1 + e^(5y)) - 1     for y &lt;= 3
 *   S(y) = -1                       for y &gt; 3
 * </pre>
 * Reference values: S(-1) = 0.98661, S(-0.5) = 0.84828, S(0) = 0, S(1) = -0.98661.
 */
public final class NabSigmoid {
    /** S(-1), the value of a detection on the first row of a window; NAB divides true-positive values by it. */
    public static final double MAX_TP = scaled(-1.0);

    private NabSigmoid() {
    }

    /**
     * @param y the relative position: in [-1, 0) inside a window (earlier is more negative), &gt; 0 after one
     * @return S(y) in (-1, 1)
     */
    public static double scaled(double y) {
        if (y > 3.0) {
            return -1.0;
        }
        // 2*sigmoid(-5y) - 1 written as in NAB, so that the last bits agree.
        return 2 * (1 / (1 + Math.exp(5 * y))) - 1.0;
    }
}
