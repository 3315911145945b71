package dev.augur.models.metrics.nab;

import java.util.List;

/**
 * One file's anomaly windows resolved to row indices, and what a detection on each row is worth before a threshold is
 * applied (SCORING.md sections 2 and 4; NAB {@code Sweeper.calcSweepScore}; Lavin &amp; Ahmad 2015).
 *
 * <p>Window k spans rows [l_k, r_k], width W_k = r_k - l_k + 1, where l_k and r_k are the first rows carrying the
 * window's start and end timestamps. Each row i gets the unweighted position value u_i:
 * <pre>
 *   inside window k:                      u_i = S( -(r_k - i + 1) / W_k )            (in (0, S(-1)])
 *   outside, after window k (latest):     u_i = S( |i - r_k| / (W_k - 1) )           (in [-1, 0))
 *   outside, before any window:           u_i = -1
 * </pre>
 * with S the {@link NabSigmoid scaled sigmoid}. For a profile (A_TP, A_FP) the row's sweep score, NAB's
 * {@code S(t)_<profile>} column, is
 * <pre>
 *   sigma_i = A_TP * u_i / S(-1)     inside a window
 *   sigma_i = A_FP * u_i             outside
 * </pre>
 * Rows {@code i < P} ({@link NabProbation}) are not scored; a window counts only if its last row is at or after P.
 *
 * <p>NAB enters a window on the first row equal to its start timestamp and leaves it on the first row equal to its end
 * timestamp. Because several NAB files repeat or reorder timestamps, this class resolves each end to its first
 * occurrence and rejects labels for which that would not describe ordered, disjoint row ranges, rather than silently
 * skipping a window as NAB would. Immutable.
 */
public final class NabWindows {
    private static final int OUTSIDE = -1;

    private final String file;
    private final int probation;
    private final int[] startRow;
    private final int[] endRow;
    private final int[] windowOfRow;
    private final double[] position;
    private final int countedWindows;

    private NabWindows(String file, int probation, int[] startRow, int[] endRow, int[] windowOfRow,
            double[] position) {
        this.file = file;
        this.probation = probation;
        this.startRow = startRow;
        this.endRow = endRow;
        this.windowOfRow = windowOfRow;
        this.position = position;
        int counted = 0;
        for (int end : endRow) {
            if (end >= probation) {
                counted++;
            }
        }
        this.countedWindows = counted;
    }

    /**
     * Resolves labelled windows against a file's rows.
     *
     * @param file the data file path, for messages
     * @param timestamps the file's timestamps in row order (epoch microseconds); not modified
     * @param windows the file's labelled windows in time order
     * @throws IllegalArgumentException if a window end is not a timestamp of the file, or the windows do not map to
     *     ordered, disjoint row ranges
     */
    public static NabWindows resolve(String file, long[] timestamps, List<NabLabels.Window> windows) {
        int n = timestamps.length;
        int m = windows.size();
        int[] startRow = new int[m];
        int[] endRow = new int[m];
        for (int k = 0; k < m; k++) {
            NabLabels.Window w = windows.get(k);
            startRow[k] = firstRow(timestamps, w.start());
            endRow[k] = firstRow(timestamps, w.end());
            if (startRow[k] < 0 || endRow[k] < 0) {
                long missing = startRow[k] < 0 ? w.start() : w.end();
                throw new IllegalArgumentException(file + " window " + k + " " + w + ": expected its "
                        + (startRow[k] < 0 ? "start" : "end") + " timestamp " + NabTimestamps.format(missing)
                        + " to be a row of the file, but none of its " + n + " rows"
                        + (n == 0 ? "" : " (" + NabTimestamps.format(timestamps[0]) + " .. "
                                + NabTimestamps.format(timestamps[n - 1]) + ")")
                        + " has it");
            }
            if (endRow[k] < startRow[k]) {
                throw new IllegalArgumentException(file + " window " + k + " " + w + ": expected its end row to "
                        + "follow its start row but found start row " + startRow[k] + ", end row " + endRow[k]);
            }
            if (k > 0 && startRow[k] <= endRow[k - 1]) {
                throw new IllegalArgumentException(file + " window " + k + " " + w + ": expected it to start after "
                        + "row " + endRow[k - 1] + " where window " + (k - 1) + " ends, but it starts at row "
                        + startRow[k]);
            }
        }

        int[] windowOfRow = new int[n];
        double[] position = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k < m && endRow[k] < i) {
                k++;
            }
            if (k < m && i >= startRow[k]) {
                double width = endRow[k] - startRow[k] + 1;
                windowOfRow[i] = k;
                position[i] = NabSigmoid.scaled(-(endRow[k] - i + 1) / width);
            } else {
                windowOfRow[i] = OUTSIDE;
                if (k == 0) {
                    position[i] = -1.0;
                } else {
                    double prevWidth = endRow[k - 1] - startRow[k - 1] + 1;
                    // A one-row window would divide by zero; y = +inf gives the full penalty, S = -1.
                    position[i] = NabSigmoid.scaled(Math.abs(endRow[k - 1] - i) / (prevWidth - 1));
                }
            }
        }
        return new NabWindows(file, NabProbation.length(n), startRow, endRow, windowOfRow, position);
    }

    private static int firstRow(long[] timestamps, long t) {
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] == t) {
                return i;
            }
        }
        return -1;
    }

    public String file() {
        return file;
    }

    /** N. */
    public int rows() {
        return windowOfRow.length;
    }

    /** P, the number of leading rows that are not scored. */
    public int probation() {
        return probation;
    }

    /** The number of labelled windows in the file. */
    public int count() {
        return startRow.length;
    }

    /** The number of windows that enter the score: those whose last row is at or after P. */
    public int countedWindows() {
        return countedWindows;
    }

    /** l_k. */
    public int startRow(int window) {
        return startRow[window];
    }

    /** r_k, inclusive. */
    public int endRow(int window) {
        return endRow[window];
    }

    /** The window containing {@code row}, or -1 when the row is outside every window. */
    public int windowOf(int row) {
        return windowOfRow[row];
    }

    /** 1 if {@code row} lies in a window, else 0: NAB's {@code label} column. */
    public int label(int row) {
        return windowOfRow[row] == OUTSIDE ? 0 : 1;
    }

    /** u_i, the unweighted position value defined in the class comment. */
    public double position(int row) {
        return position[row];
    }

    /** sigma_i for {@code profile}: what a detection on {@code row} adds (or, for a window, what its first one is worth). */
    public double sweepScore(int row, NabProfile profile) {
        return windowOfRow[row] == OUTSIDE ? position[row] * profile.fpWeight()
                : position[row] * profile.tpWeight() / NabSigmoid.MAX_TP;
    }

    /**
     * NAB's {@code S(t)_<profile>} column for every row, probationary rows included.
     *
     * @return a new array of length N
     */
    public double[] sweepScores(NabProfile profile) {
        double[] out = new double[rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sweepScore(i, profile);
        }
        return out;
    }
}
