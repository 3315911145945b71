package dev.augur.models.metrics.nab;

import java.util.Arrays;
import java.util.List;

/**
 * The exhaustive threshold sweep NAB uses to pick one threshold per detector and profile for the whole corpus
 * (SCORING.md section 6; NAB {@code Sweeper.calcScoreByThreshold} and {@code optimizer.optimizeThreshold};
 * Ahmad et al. 2017):
 * <pre>
 *   theta* = argmax over theta in C of  Score(theta),     Score(theta) = sum over files f of score_f(theta)
 *   C = { every distinct a_i over scored rows of all files }  plus  1.1 ("no detections")
 * </pre>
 * Rows are visited once, in descending a_i; each window's best value and the false-positive sum are updated as rows
 * join, and Score is recorded after each distinct value, so the whole curve costs one sort. Ties in Score go to the
 * highest threshold, as NAB's stable descending sort does.
 *
 * <p>The ordering of rows is computed once by the constructor and shared by every profile. Immutable and thread-safe.
 */
public final class ThresholdSweep {
    /** NAB's start threshold, above every score in [0, 1]: no detections. */
    public static final double NO_DETECTION_THRESHOLD = 1.1;

    private final double[] thresholds;
    private final int[] groupEnd;
    private final int[] order;
    private final double[] position;
    private final int[] window;
    private final int countedWindows;
    private final int windowSlots;
    private final int insideRows;
    private final int outsideRows;

    /**
     * A point of the curve.
     *
     * @param threshold theta
     * @param score the corpus raw score Score(theta)
     * @param tp scored in-window rows with a_i &gt;= theta (row counts, as NAB reports)
     * @param tn scored out-of-window rows with a_i &lt; theta
     * @param fp scored out-of-window rows with a_i &gt;= theta
     * @param fn scored in-window rows with a_i &lt; theta
     */
    public record Point(double threshold, double score, int tp, int tn, int fp, int fn) {
    }

    /**
     * Score(theta) for every candidate, thresholds in descending order; the first is the no-detection candidate.
     * Immutable.
     */
    public static final class Curve {
        private final String profile;
        private final double[] thresholds;
        private final double[] scores;
        private final int[] tp;
        private final int[] fp;
        private final int insideRows;
        private final int outsideRows;

        private Curve(String profile, double[] thresholds, double[] scores, int[] tp, int[] fp, int insideRows,
                int outsideRows) {
            this.profile = profile;
            this.thresholds = thresholds;
            this.scores = scores;
            this.tp = tp;
            this.fp = fp;
            this.insideRows = insideRows;
            this.outsideRows = outsideRows;
        }

        public String profile() {
            return profile;
        }

        /** The number of candidate thresholds. */
        public int size() {
            return thresholds.length;
        }

        public Point point(int index) {
            return new Point(thresholds[index], scores[index], tp[index], outsideRows - fp[index], fp[index],
                    insideRows - tp[index]);
        }

        /** A copy of the thresholds, descending. */
        public double[] thresholds() {
            return thresholds.clone();
        }

        /** A copy of Score(theta), aligned with {@link #thresholds()}. */
        public double[] scores() {
            return scores.clone();
        }

        /** The highest score; among equal scores the highest threshold, as NAB's optimizer returns. */
        public Point best() {
            int arg = 0;
            for (int j = 1; j < scores.length; j++) {
                if (scores[j] > scores[arg]) {
                    arg = j;
                }
            }
            return point(arg);
        }
    }

    /**
     * Prepares the sweep over a corpus.
     *
     * @param files one scorer per file, each with its windows and the detector's scores
     */
    public ThresholdSweep(List<NabFileScorer> files) {
        int rows = 0;
        int windowOffset = 0;
        int counted = 0;
        for (NabFileScorer f : files) {
            rows += f.windows().rows() - Math.min(f.windows().probation(), f.windows().rows());
            windowOffset += f.windows().count();
            counted += f.windows().countedWindows();
        }
        this.countedWindows = counted;
        this.windowSlots = windowOffset;

        double[] score = new double[rows];
        this.position = new double[rows];
        this.window = new int[rows];
        int r = 0;
        int inside = 0;
        windowOffset = 0;
        for (NabFileScorer f : files) {
            NabWindows w = f.windows();
            NabSeries s = f.series();
            for (int i = w.probation(); i < w.rows(); i++) {
                score[r] = s.anomalyScore(i);
                position[r] = w.position(i);
                int k = w.windowOf(i);
                window[r] = k < 0 ? -1 : windowOffset + k;
                if (k >= 0) {
                    inside++;
                }
                r++;
            }
            windowOffset += w.count();
        }
        this.insideRows = inside;
        this.outsideRows = rows - inside;

        // Distinct values, descending, then a counting sort of the rows by the rank of their value.
        double[] sorted = score.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int j = 0; j < sorted.length; j++) {
            if (j == 0 || sorted[j] != sorted[j - 1]) {
                sorted[distinct++] = sorted[j];
            }
        }
        double[] ascending = Arrays.copyOf(sorted, distinct);
        int[] rank = new int[rows];
        int[] count = new int[distinct + 1];
        for (int j = 0; j < rows; j++) {
            int asc = Arrays.binarySearch(ascending, score[j]);
            rank[j] = distinct - 1 - asc;
            count[rank[j] + 1]++;
        }
        for (int g = 0; g < distinct; g++) {
            count[g + 1] += count[g];
        }
        this.groupEnd = new int[distinct];
        for (int g = 0; g < distinct; g++) {
            groupEnd[g] = count[g + 1];
        }
        this.order = new int[rows];
        int[] next = Arrays.copyOf(count, distinct);
        for (int j = 0; j < rows; j++) {
            order[next[rank[j]]++] = j;
        }

        double top = distinct == 0 ? Double.NEGATIVE_INFINITY : ascending[distinct - 1];
        this.thresholds = new double[distinct + 1];
        thresholds[0] = top < NO_DETECTION_THRESHOLD ? NO_DETECTION_THRESHOLD : Math.nextUp(top);
        for (int g = 0; g < distinct; g++) {
            thresholds[g + 1] = ascending[distinct - 1 - g];
        }
    }

    /** The number of windows that enter the score (those not wholly inside a probationary period). */
    public int countedWindows() {
        return countedWindows;
    }

    /**
     * Computes Score(theta) at every candidate threshold.
     *
     * @param profile the weights
     */
    public Curve run(NabProfile profile) {
        int candidates = thresholds.length;
        double[] scores = new double[candidates];
        int[] tp = new int[candidates];
        int[] fp = new int[candidates];
        double tpScale = profile.tpWeight() / NabSigmoid.MAX_TP;
        double fpWeight = profile.fpWeight();
        double fnWeight = profile.fnWeight();

        double[] best = new double[windowSlots];
        Arrays.fill(best, -fnWeight);
        double windowSum = -fnWeight * countedWindows;
        double fpSum = 0;
        int tpCount = 0;
        int fpCount = 0;
        scores[0] = windowSum + fpSum;

        int from = 0;
        for (int g = 0; g < groupEnd.length; g++) {
            for (int j = from; j < groupEnd[g]; j++) {
                int row = order[j];
                int w = window[row];
                if (w < 0) {
                    fpCount++;
                    fpSum += position[row] * fpWeight;
                } else {
                    tpCount++;
                    double s = position[row] * tpScale;
                    if (s > best[w]) {
                        windowSum += s - best[w];
                        best[w] = s;
                    }
                }
            }
            from = groupEnd[g];
            scores[g + 1] = windowSum + fpSum;
            tp[g + 1] = tpCount;
            fp[g + 1] = fpCount;
        }
        return new Curve(profile.name(), thresholds.clone(), scores, tp, fp, insideRows, outsideRows);
    }
}
