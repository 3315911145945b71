package dev.augur.models.metrics.nab;

/**
 * Scores one detector output on one file at a fixed threshold (SCORING.md sections 4 and 5; NAB
 * {@code Sweeper.scoreDataSet}; Lavin &amp; Ahmad 2015):
 * <pre>
 *   detections  D = { i &gt;= P : a_i &gt;= theta }
 *   score(theta) = sum over counted windows k of  ( max{ sigma_i : i in D, i in window k }  if any, else -A_FN )
 *                + sum over i in D outside every window of  sigma_i
 * </pre>
 * with sigma_i from {@link NabWindows#sweepScore}. Only the earliest detection in a window counts, because sigma falls
 * across the window; every false positive adds its own (negative) sigma. Immutable and thread-safe.
 */
public final class NabFileScorer {
    private final NabWindows windows;
    private final NabSeries series;

    private NabFileScorer(NabWindows windows, NabSeries series) {
        this.windows = windows;
        this.series = series;
    }

    /**
     * @param series the detector's output for the file
     * @param labels the corpus labels; must have an entry for {@code series.file()}
     * @throws IllegalArgumentException if the file is not labelled or a window does not resolve to its rows
     */
    public static NabFileScorer of(NabSeries series, NabLabels labels) {
        return of(series, NabWindows.resolve(series.file(), series.timestampsView(), labels.windows(series.file())));
    }

    /**
     * @param series the detector's output for the file
     * @param windows the file's windows, resolved against the same rows
     * @throws IllegalArgumentException if the two describe different files or row counts
     */
    public static NabFileScorer of(NabSeries series, NabWindows windows) {
        if (!series.file().equals(windows.file())) {
            throw new IllegalArgumentException("windows of " + windows.file() + " cannot score the output for "
                    + series.file());
        }
        if (series.size() != windows.rows()) {
            throw new IllegalArgumentException(series.file() + ": windows were resolved on " + windows.rows()
                    + " rows but the detector output has " + series.size());
        }
        return new NabFileScorer(windows, series);
    }

    public String file() {
        return series.file();
    }

    public NabWindows windows() {
        return windows;
    }

    public NabSeries series() {
        return series;
    }

    /** This file's windows with other anomaly scores on the same rows. */
    public NabFileScorer withScores(double[] anomalyScores) {
        return new NabFileScorer(windows, series.withScores(anomalyScores));
    }

    /**
     * @param profile the weights
     * @param threshold theta; rows with a_i &gt;= theta are detections
     */
    public NabFileScore score(NabProfile profile, double threshold) {
        int n = windows.rows();
        int m = windows.count();
        double[] best = new double[m];
        boolean[] detected = new boolean[m];
        double fpScore = 0;
        int tp = 0;
        int tn = 0;
        int fp = 0;
        int fn = 0;
        double[] a = series.scoresView();
        for (int i = windows.probation(); i < n; i++) {
            int w = windows.windowOf(i);
            boolean hit = a[i] >= threshold;
            if (w < 0) {
                if (hit) {
                    fp++;
                    fpScore += windows.sweepScore(i, profile);
                } else {
                    tn++;
                }
            } else if (hit) {
                tp++;
                double s = windows.sweepScore(i, profile);
                if (!detected[w] || s > best[w]) {
                    best[w] = s;
                    detected[w] = true;
                }
            } else {
                fn++;
            }
        }
        double score = fpScore;
        int detectedWindows = 0;
        int missedWindows = 0;
        for (int k = 0; k < m; k++) {
            if (windows.endRow(k) < windows.probation()) {
                continue;
            }
            if (detected[k]) {
                score += best[k];
                detectedWindows++;
            } else {
                score -= profile.fnWeight();
                missedWindows++;
            }
        }
        return new NabFileScore(file(), profile.name(), threshold, score, tp, tn, fp, fn, detectedWindows,
                missedWindows, n);
    }
}
