package dev.augur.models.var.sparse;

import java.util.Arrays;

/**
 * Settings of an online sparse VAR(p) (lasso by coordinate descent) for a group of k series. Validated on
 * construction; errors name the setting and its allowed range.
 *
 * @param dimension number of series k, in [1, 64]
 * @param order lag order p, in [1, 16]; k p at most 512 predictors per equation
 * @param forgetting forgetting factor lambda of the sufficient statistics, in (0.9, 1]; 1 = the plain lasso on all data
 * @param penalties the grid of lasso penalties alpha on the correlation scale (the penalty of the lasso on
 *     standardised predictors and response; alpha >= max_j |corr(x_j, y_i)| zeroes equation i), 1 to 16 distinct
 *     values in [0, 1]; stored sorted from the largest (sparsest) down
 * @param selectionForgetting discount mu of the one-step squared errors that choose the penalty, in (0.9, 1)
 * @param selectionSlack the sparsest penalty whose score is within a factor 1 + slack of the best forecasts (a
 *     relative form of the one-standard-error rule, Friedman, Hastie and Tibshirani 2010, section 6: prediction error
 *     is flat near its minimum, where smaller penalties add false positives), in [0, 0.1]; 0 = the best score
 * @param maxSweeps most coordinate-descent sweeps per equation, penalty and update, in [1, 10000]
 * @param tolerance a sweep ends the descent when no coefficient moved more than this on the standardised scale
 *     (|delta b_j| sd(x_j) / sd(y_i)), in [1e-15, 1e-2]
 */
public record SparseVarConfig(int dimension, int order, double forgetting, double[] penalties,
        double selectionForgetting, double selectionSlack, int maxSweeps, double tolerance) {

    /** The default penalty grid: 0.2, 0.1, 0.05, 0.02, 0.01, 0.005 on the correlation scale. */
    public static final double[] DEFAULT_PENALTIES = {0.2, 0.1, 0.05, 0.02, 0.01, 0.005};

    public SparseVarConfig {
        if (dimension < 1 || dimension > 64) {
            throw new IllegalArgumentException("sparse-var.dimension must be in [1, 64] but was " + dimension);
        }
        if (order < 1 || order > 16) {
            throw new IllegalArgumentException("sparse-var.order must be in [1, 16] but was " + order);
        }
        if (dimension * order > 512) {
            throw new IllegalArgumentException("sparse-var.dimension * sparse-var.order must be at most 512 but was "
                    + dimension * order);
        }
        if (!(forgetting > 0.9 && forgetting <= 1.0)) {
            throw new IllegalArgumentException("sparse-var.forgetting must be in (0.9, 1] but was " + forgetting);
        }
        if (penalties == null || penalties.length < 1 || penalties.length > 16) {
            throw new IllegalArgumentException("sparse-var.penalties must hold 1 to 16 values but was "
                    + (penalties == null ? "null" : penalties.length + " values"));
        }
        double[] sorted = penalties.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (!(sorted[i] >= 0 && sorted[i] <= 1)) {
                throw new IllegalArgumentException("sparse-var.penalties must be in [0, 1] but holds " + sorted[i]);
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("sparse-var.penalties must be distinct but holds " + sorted[i]
                        + " twice");
            }
        }
        penalties = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            penalties[i] = sorted[sorted.length - 1 - i];
        }
        if (!(selectionForgetting > 0.9 && selectionForgetting < 1.0)) {
            throw new IllegalArgumentException("sparse-var.selection-forgetting must be in (0.9, 1) but was "
                    + selectionForgetting);
        }
        if (!(selectionSlack >= 0 && selectionSlack <= 0.1)) {
            throw new IllegalArgumentException("sparse-var.selection-slack must be in [0, 0.1] but was "
                    + selectionSlack);
        }
        if (maxSweeps < 1 || maxSweeps > 10_000) {
            throw new IllegalArgumentException("sparse-var.max-sweeps must be in [1, 10000] but was " + maxSweeps);
        }
        if (!(tolerance >= 1e-15 && tolerance <= 1e-2)) {
            throw new IllegalArgumentException("sparse-var.tolerance must be in [1e-15, 1e-2] but was " + tolerance);
        }
    }

    /**
     * Sparse VAR(p) for k series: lambda = 0.995, the default penalty grid, mu = 0.99, slack 0.01, at most 5 sweeps,
     * tolerance 1e-4 (far below the sampling error of an estimate from about 1 / (1 - lambda) = 200 observations).
     */
    public static SparseVarConfig of(int dimension, int order) {
        return new SparseVarConfig(dimension, order, 0.995, DEFAULT_PENALTIES, 0.99, 0.01, 5, 1e-4);
    }

    /** The penalty grid, largest first (a copy). */
    @Override
    public double[] penalties() {
        return penalties.clone();
    }

    /** Number of predictors per equation, q = k p (the intercept is not penalised and not counted). */
    public int predictors() {
        return dimension * order;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseVarConfig c && c.dimension == dimension && c.order == order
                && Double.compare(c.forgetting, forgetting) == 0 && Arrays.equals(c.penalties, penalties)
                && Double.compare(c.selectionForgetting, selectionForgetting) == 0
                && Double.compare(c.selectionSlack, selectionSlack) == 0 && c.maxSweeps == maxSweeps
                && Double.compare(c.tolerance, tolerance) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dimension + order) + Arrays.hashCode(penalties);
    }

    @Override
    public String toString() {
        return "SparseVarConfig[dimension=" + dimension + ", order=" + order + ", forgetting=" + forgetting
                + ", penalties=" + Arrays.toString(penalties) + ", selectionForgetting=" + selectionForgetting
                + ", selectionSlack=" + selectionSlack + ", maxSweeps=" + maxSweeps + ", tolerance=" + tolerance + "]";
    }
}
