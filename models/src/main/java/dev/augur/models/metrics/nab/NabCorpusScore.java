package dev.augur.models.metrics.nab;

import java.util.List;

/**
 * A detector's NAB result for one profile over a corpus, with the normalisation of SCORING.md section 7
 * (Lavin &amp; Ahmad 2015; NAB {@code Runner.normalize}):
 * <pre>
 *   NAB = 100 * (raw - null) / (perfect - null)
 *   perfect = A_TP * K            (every window detected on its first row, no false positive)
 *   null    = the optimised raw score of the null detector (constant a_i = 0.5), which is -A_FN * K
 * </pre>
 *
 * @param profile the profile name
 * @param threshold theta, the single threshold applied to every file
 * @param rawScore the sum of the files' scores at theta
 * @param nullScore the null detector's raw score on the same corpus
 * @param perfectScore A_TP * K
 * @param files the per-file scores, in corpus order (NAB's {@code _scores.csv} rows before "Totals")
 */
public record NabCorpusScore(String profile, double threshold, double rawScore, double nullScore,
        double perfectScore, List<NabFileScore> files) {

    public NabCorpusScore {
        files = List.copyOf(files);
    }

    /** The normalised NAB score: 100 for a perfect detector, 0 for the null detector. */
    public double normalizedScore() {
        return 100.0 * (rawScore - nullScore) / (perfectScore - nullScore);
    }

    /** Total in-window rows detected over the corpus. */
    public int tp() {
        return files.stream().mapToInt(NabFileScore::tp).sum();
    }

    /** Total out-of-window rows not detected. */
    public int tn() {
        return files.stream().mapToInt(NabFileScore::tn).sum();
    }

    /** Total out-of-window rows detected. */
    public int fp() {
        return files.stream().mapToInt(NabFileScore::fp).sum();
    }

    /** Total in-window rows not detected. */
    public int fn() {
        return files.stream().mapToInt(NabFileScore::fn).sum();
    }

    /** Counted windows with at least one detection. */
    public int detectedWindows() {
        return files.stream().mapToInt(NabFileScore::detectedWindows).sum();
    }

    /** Counted windows without one. */
    public int missedWindows() {
        return files.stream().mapToInt(NabFileScore::missedWindows).sum();
    }
}
