package dev.augur.models.metrics.nab;

/**
 * One file's NAB score at one threshold: a row of NAB's {@code <detector>_<profile>_scores.csv}.
 *
 * <p>The counts are row counts over the scored rows (i &gt;= P), as NAB reports them; they are informative only and do
 * not enter the score (SCORING.md section 5).
 *
 * @param file the data file path
 * @param profile the profile name
 * @param threshold theta; a row is a detection when a_i &gt;= theta
 * @param score the raw score: detected windows' values, minus A_FN per missed window, plus the false positives' values
 * @param tp scored rows inside a window with a_i &gt;= theta
 * @param tn scored rows outside every window with a_i &lt; theta
 * @param fp scored rows outside every window with a_i &gt;= theta
 * @param fn scored rows inside a window with a_i &lt; theta
 * @param detectedWindows counted windows with at least one detection
 * @param missedWindows counted windows without one
 * @param rows N, all rows of the file, the probationary period included
 */
public record NabFileScore(String file, String profile, double threshold, double score, int tp, int tn, int fp, int fn,
        int detectedWindows, int missedWindows, int rows) {
}
