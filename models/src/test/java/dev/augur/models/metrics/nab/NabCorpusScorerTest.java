package dev.augur.models.metrics.nab;

import static dev.augur.models.metrics.nab.NabFixtures.firing;
import static dev.augur.models.metrics.nab.NabFixtures.rows;
import static dev.augur.models.metrics.nab.NabFixtures.timestamps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NabCorpusScorerTest {
    private static final NabLabels LABELS;

    static {
        Map<String, List<NabLabels.Window>> w = new LinkedHashMap<>();
        w.put("a/one.csv", List.of(rows(10, 13), rows(30, 33)));
        w.put("a/none.csv", List.of());
        LABELS = NabLabels.of(w);
    }

    @Test
    void normalisesBetweenTheNullDetectorAndPerfection() {
        NabCorpusScorer corpus = NabCorpusScorer.of(LABELS, List.of(
                NabSeries.of("a/one.csv", timestamps(40), firing(40, 10)),
                NabSeries.of("a/none.csv", timestamps(40), new double[40])));
        NabCorpusScore s = corpus.scoreAt(NabProfile.REWARD_LOW_FN_RATE, 0.5);
        assertEquals(2, corpus.windowCount());
        assertEquals(2.0, s.perfectScore(), 0.0);
        assertEquals(-4.0, s.nullScore(), 0.0);              // the constant-0.5 detector's optimum: -A_FN * K
        assertEquals(1.0 - 2.0, s.rawScore(), 1e-12);        // one window on its first row, one missed
        assertEquals(100.0 * (-1.0 + 4.0) / (2.0 + 4.0), s.normalizedScore(), 1e-9);
        assertEquals(1, s.detectedWindows());
        assertEquals(1, s.missedWindows());
    }

    @Test
    void aDetectorFiringOnEveryWindowStartScoresOneHundred() {
        NabCorpusScorer corpus = NabCorpusScorer.of(LABELS, List.of(
                NabSeries.of("a/one.csv", timestamps(40), firing(40, 10, 30)),
                NabSeries.of("a/none.csv", timestamps(40), new double[40])));
        for (NabProfile p : NabProfile.defaults()) {
            assertEquals(100.0, corpus.optimize(p).normalizedScore(), 1e-9, p.name());
        }
    }

    @Test
    void rejectsOutputsThatDoNotCoverTheLabelledFiles() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NabCorpusScorer.of(LABELS,
                List.of(NabSeries.of("a/one.csv", timestamps(40), new double[40]),
                        NabSeries.of("a/other.csv", timestamps(40), new double[40]))));
        assertTrue(e.getMessage().contains("missing 1: [a/none.csv]"), e.getMessage());
        assertTrue(e.getMessage().contains("not labelled 1: [a/other.csv]"), e.getMessage());
    }

    @Test
    void restrictedLabelsScoreASubset() {
        NabLabels one = LABELS.restrictTo(Set.of("a/one.csv"));
        NabCorpusScorer corpus = NabCorpusScorer.of(one,
                List.of(NabSeries.of("a/one.csv", timestamps(40), firing(40, 10, 30))));
        assertEquals(100.0, corpus.scoreAt(NabProfile.STANDARD, 1.0).normalizedScore(), 1e-9);
    }

    @Test
    void rejectsNonFiniteScoresNamingTheRow() {
        double[] a = new double[40];
        a[17] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NabSeries.of("a/one.csv", timestamps(40), a));
        assertTrue(e.getMessage().contains("row 17 (2014-04-01 01:25:00)"), e.getMessage());
    }
}
