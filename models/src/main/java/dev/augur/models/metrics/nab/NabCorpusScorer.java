package dev.augur.models.metrics.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scores a detector on a whole NAB corpus: one {@link NabFileScorer} per labelled file, a fixed or optimised threshold
 * per profile, and the normalisation to 0..100 (SCORING.md sections 5 to 7; NAB {@code scorer.scoreCorpus},
 * {@code optimizer.optimizeThreshold}, {@code Runner.normalize}; Lavin &amp; Ahmad 2015; Ahmad et al. 2017).
 *
 * <p>The detector must have an output for every labelled file and for no other, because the normalisation counts every
 * labelled window. To score a subset, pass {@link NabLabels#restrictTo restricted} labels.
 *
 * <p>Typical use:
 * <pre>{@code
 *   NabLabels labels = NabLabels.load(Path.of("labels/combined_windows.json"));
 *   Map<String, NabSeries> out = NabResultsReader.readDetectorDirectory(Path.of("results/mine"), "mine");
 *   NabCorpusScorer scorer = NabCorpusScorer.of(labels, out.values());
 *   for (NabProfile p : NabProfile.defaults()) {
 *       NabCorpusScore s = scorer.optimize(p);          // or scorer.scoreAt(p, threshold)
 *       System.out.printf("%s %.3f at %.6f%n", p.name(), s.normalizedScore(), s.threshold());
 *   }
 * }</pre>
 * Immutable and thread-safe.
 */
public final class NabCorpusScorer {
    /** The null detector's constant output. */
    public static final double NULL_DETECTOR_SCORE = 0.5;

    private final List<NabFileScorer> files;
    private final ThresholdSweep sweep;
    private final ThresholdSweep nullSweep;
    private final int windowCount;

    private NabCorpusScorer(List<NabFileScorer> files) {
        this.files = List.copyOf(files);
        this.sweep = new ThresholdSweep(this.files);
        List<NabFileScorer> nullFiles = new ArrayList<>(files.size());
        int k = 0;
        for (NabFileScorer f : this.files) {
            double[] constant = new double[f.windows().rows()];
            Arrays.fill(constant, NULL_DETECTOR_SCORE);
            nullFiles.add(f.withScores(constant));
            k += f.windows().count();
        }
        this.nullSweep = new ThresholdSweep(nullFiles);
        this.windowCount = k;
    }

    /**
     * @param labels the corpus windows
     * @param outputs the detector's output, one per labelled file, in any order (scored in label order)
     * @throws IllegalArgumentException listing missing, unexpected or duplicate files, or the first file whose
     *     windows do not resolve to its rows
     */
    public static NabCorpusScorer of(NabLabels labels, Collection<NabSeries> outputs) {
        Map<String, NabSeries> byFile = new LinkedHashMap<>();
        TreeSet<String> duplicates = new TreeSet<>();
        for (NabSeries s : outputs) {
            if (byFile.put(s.file(), s) != null) {
                duplicates.add(s.file());
            }
        }
        TreeSet<String> missing = new TreeSet<>(labels.files());
        missing.removeAll(byFile.keySet());
        TreeSet<String> unexpected = new TreeSet<>(byFile.keySet());
        unexpected.removeAll(labels.files());
        if (!missing.isEmpty() || !unexpected.isEmpty() || !duplicates.isEmpty()) {
            throw new IllegalArgumentException("expected exactly one detector output per labelled file ("
                    + labels.files().size() + " files) but found " + outputs.size() + " outputs"
                    + (missing.isEmpty() ? "" : "; missing " + missing.size() + ": " + missing)
                    + (unexpected.isEmpty() ? "" : "; not labelled " + unexpected.size() + ": " + unexpected)
                    + (duplicates.isEmpty() ? "" : "; duplicated: " + duplicates));
        }
        List<NabFileScorer> files = new ArrayList<>();
        for (String f : labels.files()) {
            files.add(NabFileScorer.of(byFile.get(f), labels));
        }
        return new NabCorpusScorer(files);
    }

    /** The per-file scorers, in label order. */
    public List<NabFileScorer> files() {
        return files;
    }

    /** K, the number of labelled windows. */
    public int windowCount() {
        return windowCount;
    }

    /** A_TP * K. */
    public double perfectScore(NabProfile profile) {
        return profile.tpWeight() * windowCount;
    }

    /** The raw score of NAB's null detector (a_i = 0.5 everywhere) at its optimal threshold: -A_FN * K. */
    public double nullScore(NabProfile profile) {
        return nullSweep.run(profile).best().score();
    }

    /** Score(theta) at every candidate threshold for this detector. */
    public ThresholdSweep.Curve sweep(NabProfile profile) {
        return sweep.run(profile);
    }

    /**
     * Scores every file at one threshold, e.g. a published one.
     *
     * @param threshold theta; a row is a detection when a_i &gt;= theta
     */
    public NabCorpusScore scoreAt(NabProfile profile, double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must be a number but was NaN");
        }
        List<NabFileScore> scores = new ArrayList<>(files.size());
        double raw = 0;
        for (NabFileScorer f : files) {
            NabFileScore s = f.score(profile, threshold);
            scores.add(s);
            raw += s.score();
        }
        return new NabCorpusScore(profile.name(), threshold, raw, nullScore(profile), perfectScore(profile), scores);
    }

    /** Sweeps all thresholds, takes NAB's optimum theta* and scores every file at it, as NAB's runner does. */
    public NabCorpusScore optimize(NabProfile profile) {
        return scoreAt(profile, sweep.run(profile).best().threshold());
    }
}
