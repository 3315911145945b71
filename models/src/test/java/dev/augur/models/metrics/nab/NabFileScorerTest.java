package dev.augur.models.metrics.nab;

import static dev.augur.models.metrics.nab.NabFixtures.firing;
import static dev.augur.models.metrics.nab.NabFixtures.labels;
import static dev.augur.models.metrics.nab.NabFixtures.rows;
import static dev.augur.models.metrics.nab.NabFixtures.timestamps;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A 40-row file, P = 6, one window on rows [10, 13]; expected scores are sums of the values in NabWindowsTest. */
class NabFileScorerTest {
    private static final double EPS = 1e-12;
    private static final NabLabels LABELS = labels("f.csv", rows(10, 13));

    private static NabFileScore score(NabProfile profile, double threshold, double[] a) {
        return NabFileScorer.of(NabSeries.of("f.csv", timestamps(40), a), LABELS).score(profile, threshold);
    }

    @Test
    void onlyTheFirstDetectionInAWindowCountsAndEveryFalsePositiveAdds() {
        // row 2: probation, ignored; row 7: before any window, -0.11; rows 11 and 12: the window is worth
        // S(-3/4)/S(-1) = 0.9669890878000605; row 16: 0.11 * S(1) = -0.10852757279665733.
        NabFileScore s = score(NabProfile.STANDARD, 0.5, firing(40, 2, 7, 11, 12, 16));
        assertEquals(-0.11 + 0.9669890878000605 - 0.10852757279665733, s.score(), EPS);
        assertEquals(2, s.tp());
        assertEquals(2, s.fn());
        assertEquals(2, s.fp());
        assertEquals(28, s.tn());
        assertEquals(1, s.detectedWindows());
        assertEquals(0, s.missedWindows());
        assertEquals(40, s.rows());
    }

    @Test
    void aMissedWindowCostsTheFnWeight() {
        double[] a = firing(40, 20);
        // -A_FN + A_FP * S(7/3)
        assertEquals(-1.0 + 0.11 * -0.9999828502688526, score(NabProfile.STANDARD, 0.5, a).score(), EPS);
        assertEquals(-2.0 + 0.11 * -0.9999828502688526, score(NabProfile.REWARD_LOW_FN_RATE, 0.5, a).score(), EPS);
        assertEquals(-1.0 + 0.22 * -0.9999828502688526, score(NabProfile.REWARD_LOW_FP_RATE, 0.5, a).score(), EPS);
    }

    @Test
    void aRowIsADetectionWhenItsScoreReachesTheThreshold() {
        double[] a = new double[40];
        a[10] = 0.5;
        assertEquals(1.0, score(NabProfile.STANDARD, 0.5, a).score(), EPS);
        assertEquals(-1.0, score(NabProfile.STANDARD, Math.nextUp(0.5), a).score(), EPS);
    }

    @Test
    void detectionsInTheProbationaryPeriodAreIgnored() {
        NabFileScore s = score(NabProfile.STANDARD, 0.5, firing(40, 0, 1, 2, 3, 4, 5, 10));
        assertEquals(1.0, s.score(), EPS);
        assertEquals(0, s.fp());
    }

    @Test
    void firingOnEveryWindowStartIsPerfect() {
        NabLabels two = labels("f.csv", rows(10, 13), rows(30, 33));
        NabFileScorer f = NabFileScorer.of(NabSeries.of("f.csv", timestamps(40), firing(40, 10, 30)), two);
        assertEquals(2.0, f.score(NabProfile.STANDARD, 0.5).score(), EPS);
        assertEquals(2.0, f.score(NabProfile.REWARD_LOW_FN_RATE, 0.5).score(), EPS);
    }
}
