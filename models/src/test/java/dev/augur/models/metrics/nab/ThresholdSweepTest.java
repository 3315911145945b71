package dev.augur.models.metrics.nab;

import static dev.augur.models.metrics.nab.NabFixtures.rows;
import static dev.augur.models.metrics.nab.NabFixtures.timestamps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdSweepTest {
    private static final double EPS = 1e-9;

    /** Three files with two-decimal scores (many ties) and windows of different widths. */
    private static NabCorpusScorer randomCorpus(long seed) {
        Random rnd = new Random(seed);
        Map<String, List<NabLabels.Window>> windows = new LinkedHashMap<>();
        windows.put("a/one.csv", List.of(rows(100, 120), rows(300, 330)));
        windows.put("a/two.csv", List.of());
        windows.put("b/three.csv", List.of(rows(50, 54), rows(200, 260), rows(380, 399)));
        NabLabels labels = NabLabels.of(windows);
        List<NabSeries> outputs = new ArrayList<>();
        for (String f : labels.files()) {
            int n = f.equals("a/two.csv") ? 250 : 400;
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = Math.round(rnd.nextDouble() * 100) / 100.0;
            }
            outputs.add(NabSeries.of(f, timestamps(n), a));
        }
        return NabCorpusScorer.of(labels, outputs);
    }

    @Test
    void everyPointOfTheCurveEqualsRescoringTheCorpusAtThatThreshold() {
        for (long seed = 1; seed <= 3; seed++) {
            NabCorpusScorer corpus = randomCorpus(seed);
            for (NabProfile p : NabProfile.defaults()) {
                ThresholdSweep.Curve curve = corpus.sweep(p);
                assertTrue(curve.size() > 50);
                for (int j = 0; j < curve.size(); j++) {
                    ThresholdSweep.Point point = curve.point(j);
                    NabCorpusScore direct = corpus.scoreAt(p, point.threshold());
                    assertEquals(direct.rawScore(), point.score(), EPS, "theta = " + point.threshold());
                    assertEquals(direct.tp(), point.tp());
                    assertEquals(direct.tn(), point.tn());
                    assertEquals(direct.fp(), point.fp());
                    assertEquals(direct.fn(), point.fn());
                }
            }
        }
    }

    @Test
    void startsWithNoDetectionsAndDescends() {
        ThresholdSweep.Curve curve = randomCorpus(7).sweep(NabProfile.REWARD_LOW_FN_RATE);
        ThresholdSweep.Point first = curve.point(0);
        assertEquals(ThresholdSweep.NO_DETECTION_THRESHOLD, first.threshold(), 0.0);
        // 5 windows are labelled, but b/three.csv's [50, 54] lies inside its 60-row probationary period and,
        // as in NAB, does not enter the score: -A_FN * 4.
        assertEquals(-2.0 * 4, first.score(), 0.0);
        assertEquals(0, first.tp() + first.fp());
        double[] t = curve.thresholds();
        for (int j = 1; j < t.length; j++) {
            assertTrue(t[j] < t[j - 1]);
        }
    }

    @Test
    void bestIsTheMaximumOfTheCurve() {
        NabCorpusScorer corpus = randomCorpus(11);
        ThresholdSweep.Curve curve = corpus.sweep(NabProfile.STANDARD);
        double max = Double.NEGATIVE_INFINITY;
        for (double s : curve.scores()) {
            max = Math.max(max, s);
        }
        assertEquals(max, curve.best().score(), 0.0);
        assertEquals(max, corpus.optimize(NabProfile.STANDARD).rawScore(), EPS);
    }

    @Test
    void tiesGoToTheHighestThreshold() {
        // 0.9 on the window's first row is worth A_TP = 1; adding the later in-window row at 0.8 changes nothing,
        // so Score(0.9) == Score(0.8) and NAB keeps 0.9.
        double[] a = new double[40];
        a[10] = 0.9;
        a[12] = 0.8;
        NabCorpusScorer corpus = NabCorpusScorer.of(NabFixtures.labels("f.csv", rows(10, 13)),
                List.of(NabSeries.of("f.csv", timestamps(40), a)));
        ThresholdSweep.Point best = corpus.sweep(NabProfile.STANDARD).best();
        assertEquals(0.9, best.threshold(), 0.0);
        assertEquals(1.0, best.score(), 1e-12);
    }

    @Test
    void scoresAboveOneMoveTheNoDetectionCandidateUp() {
        double[] a = new double[40];
        a[10] = 2.0;
        NabCorpusScorer corpus = NabCorpusScorer.of(NabFixtures.labels("f.csv", rows(10, 13)),
                List.of(NabSeries.of("f.csv", timestamps(40), a)));
        ThresholdSweep.Point first = corpus.sweep(NabProfile.STANDARD).point(0);
        assertTrue(first.threshold() > 2.0);
        assertEquals(-1.0, first.score(), 0.0);
    }
}
