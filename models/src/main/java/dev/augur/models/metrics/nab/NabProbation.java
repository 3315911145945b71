package dev.augur.models.metrics.nab;

/**
 * The probationary period: the leading rows of each file that a detector may learn from and that are not scored
 * (SCORING.md section 2; NAB {@code Sweeper._getProbationaryLength}):
 * <pre>
 *   P = min( floor(0.15 N), 0.15 * 5000 )      = min(floor(0.15 N), 750)
 * </pre>
 * Rows {@code i < P} are neither true nor false positives, and windows are counted only through their rows
 * {@code i >= P}.
 */
public final class NabProbation {
    /** NAB's {@code probationPercent}. */
    public static final double FRACTION = 0.15;
    /** The file length beyond which the period stops growing, so P never exceeds 750 rows. */
    public static final int CAP_ROWS = 5000;

    private NabProbation() {
    }

    /**
     * @param rows N, the number of rows in the file; non-negative
     * @return P, the number of leading rows that are not scored
     */
    public static int length(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("row count must be >= 0 but was " + rows);
        }
        // Same double arithmetic as NAB: floor(0.15 * N) compared with 0.15 * 5000 = 750.0.
        double p = Math.min(Math.floor(FRACTION * rows), FRACTION * CAP_ROWS);
        return (int) Math.ceil(p);
    }
}
