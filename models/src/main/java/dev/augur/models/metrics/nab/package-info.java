/**
 * The NAB (Numenta Anomaly Benchmark) scorer: per-row window values, per-file scores, the corpus-wide threshold sweep
 * and the 0..100 normalisation, reproducing NAB v1.1's published {@code results/final_results.json} from stored
 * detector outputs.
 *
 * <p>Specification: {@code SCORING.md} next to the staged NAB data ({@code shared/data/nab/SCORING.md}); the section
 * numbers in the class comments refer to it. Checked against NAB's code at commit
 * {@code ea702d75cc2258d9d7dd35ca8e5e2539d71f3140} ({@code nab/sweeper.py}, {@code nab/scorer.py},
 * {@code nab/optimizer.py}, {@code nab/runner.py}); where the two differ in a detail, the code is followed.
 *
 * <p>References:
 * <ul>
 *   <li>A. Lavin and S. Ahmad, "Evaluating Real-time Anomaly Detection Algorithms - the Numenta Anomaly Benchmark",
 *       IEEE ICMLA 2015, arXiv:1510.03336.
 *   <li>S. Ahmad, A. Lavin, S. Purdy and Z. Agha, "Unsupervised real-time anomaly detection for streaming data",
 *       Neurocomputing 262 (2017) 134-147, doi:10.1016/j.neucom.2017.04.070.
 * </ul>
 *
 * <p>Pieces, from the row up:
 * <ul>
 *   <li>{@link dev.augur.models.metrics.nab.NabSigmoid} - the scaled sigmoid S(y);
 *   <li>{@link dev.augur.models.metrics.nab.NabProbation} - the unscored leading rows of a file;
 *   <li>{@link dev.augur.models.metrics.nab.NabLabels}, {@link dev.augur.models.metrics.nab.NabWindows} - windows as
 *       timestamps, then as rows with each row's value;
 *   <li>{@link dev.augur.models.metrics.nab.NabProfile} - the A_TP / A_FP / A_FN weights;
 *   <li>{@link dev.augur.models.metrics.nab.NabFileScorer} - one file at one threshold;
 *   <li>{@link dev.augur.models.metrics.nab.ThresholdSweep} - every threshold over the whole corpus;
 *   <li>{@link dev.augur.models.metrics.nab.NabCorpusScorer} - the corpus, optimisation and normalisation;
 *   <li>{@link dev.augur.models.metrics.nab.NabResultsReader}, {@link dev.augur.models.metrics.nab.NabDataFile},
 *       {@link dev.augur.models.metrics.nab.NabThresholds} - NAB's file layouts.
 * </ul>
 * Everything here is JDK-only and immutable once built.
 */
package dev.augur.models.metrics.nab;
