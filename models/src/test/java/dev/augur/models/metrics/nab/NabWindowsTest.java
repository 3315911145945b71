package dev.augur.models.metrics.nab;

import static dev.augur.models.metrics.nab.NabFixtures.rows;
import static dev.augur.models.metrics.nab.NabFixtures.timestamps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed sweep scores on a 40-row file (P = floor(0.15 * 40) = 6) with windows on rows [10, 13] (W = 4) and
 * [30, 33]. S(y) = -tanh(2.5 y); S(-1) = 0.9866142981514303.
 */
class NabWindowsTest {
    private static final double EPS = 1e-12;
    private static final NabProfile STD = NabProfile.STANDARD;

    private final NabWindows w = NabWindows.resolve("f.csv", timestamps(40), List.of(rows(10, 13), rows(30, 33)));

    @Test
    void resolvesRowsAndProbation() {
        assertEquals(40, w.rows());
        assertEquals(6, w.probation());
        assertEquals(2, w.count());
        assertEquals(2, w.countedWindows());
        assertEquals(10, w.startRow(0));
        assertEquals(13, w.endRow(0));
        assertEquals(-1, w.windowOf(9));
        assertEquals(0, w.windowOf(10));
        assertEquals(0, w.windowOf(13));
        assertEquals(-1, w.windowOf(14));
        assertEquals(1, w.windowOf(30));
        assertEquals(1, w.label(12));
        assertEquals(0, w.label(29));
    }

    @Test
    void insideAWindowEarlierIsWorthMore() {
        assertEquals(1.0, w.sweepScore(10, STD), EPS);                   // y = -4/4 = -1: exactly A_TP
        assertEquals(0.9669890878000605, w.sweepScore(11, STD), EPS);    // y = -3/4: tanh(1.875) / tanh(2.5)
        assertEquals(0.8597925669097837, w.sweepScore(12, STD), EPS);    // y = -2/4: tanh(1.25) / tanh(2.5)
        assertEquals(0.5621241486044827, w.sweepScore(13, STD), EPS);    // y = -1/4: tanh(0.625) / tanh(2.5)
        assertEquals(1.0, w.sweepScore(30, STD), EPS);
    }

    @Test
    void falsePositivesAreJudgedAgainstThePrecedingWindow() {
        assertEquals(-0.11, w.sweepScore(7, STD), EPS);                              // no window yet: -A_FP
        assertEquals(0.11 * -0.6822617902381697, w.sweepScore(14, STD), EPS);       // y = 1/3
        assertEquals(0.11 * -0.9866142981514303, w.sweepScore(16, STD), EPS);       // y = 3/3 = 1
        assertEquals(0.11 * -0.9999828502688526, w.sweepScore(20, STD), EPS);       // y = 7/3
        assertEquals(0.11 * -0.9999993881955461, w.sweepScore(22, STD), EPS);       // y = 9/3 = 3, still the curve
        assertEquals(-0.11, w.sweepScore(23, STD), EPS);                             // y = 10/3 > 3: full penalty
        assertEquals(-0.11, w.sweepScore(29, STD), EPS);                             // just before window 2: still -A_FP
        assertEquals(0.22 * -0.9866142981514303, w.sweepScore(36, NabProfile.REWARD_LOW_FP_RATE), EPS); // y = 3/3
    }

    @Test
    void scalesTruePositivesByTheTpWeight() {
        NabProfile doubled = new NabProfile("double", 2.0, 0.11, 1.0, 1.0);
        assertEquals(2.0, w.sweepScore(10, doubled), EPS);
        assertEquals(2 * 0.5621241486044827, w.sweepScore(13, doubled), EPS);
    }

    @Test
    void sweepScoresAreTheColumnNabWrites() {
        double[] column = w.sweepScores(STD);
        assertEquals(40, column.length);
        assertEquals(w.sweepScore(0, STD), column[0], 0.0);
        assertEquals(w.sweepScore(39, STD), column[39], 0.0);
    }

    @Test
    void aWindowInsideTheProbationaryPeriodIsNotCounted() {
        NabWindows early = NabWindows.resolve("f.csv", timestamps(20), List.of(rows(0, 2)));
        assertEquals(3, early.probation());
        assertEquals(0, early.countedWindows());
        assertEquals(0.11 * -Math.tanh(2.5 * 1.5), early.sweepScore(5, STD), EPS);  // y = |2 - 5| / (3 - 1)
    }

    @Test
    void repeatedTimestampsResolveToTheirFirstRow() {
        long[] t = timestamps(40);
        t[12] = t[11];
        NabWindows dup = NabWindows.resolve("f.csv", t, List.of(new NabLabels.Window(t[10], t[11])));
        assertEquals(11, dup.endRow(0));
        assertEquals(-1, dup.windowOf(12));
    }

    @Test
    void rejectsAWindowWhoseTimestampIsNotARow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NabWindows.resolve("f.csv", timestamps(40), List.of(rows(10, 100))));
        assertTrue(e.getMessage().contains("end timestamp 2014-04-01 08:20:00"), e.getMessage());
        assertTrue(e.getMessage().contains("40 rows"), e.getMessage());
    }

    @Test
    void rejectsWindowsThatAreNotOrderedInRowOrder() {
        long[] t = timestamps(40);
        long[] shuffled = t.clone();
        shuffled[10] = t[20];
        shuffled[20] = t[10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NabWindows.resolve("f.csv", shuffled, List.of(new NabLabels.Window(t[10], t[15]))));
        assertTrue(e.getMessage().contains("start row 20, end row 15"), e.getMessage());
    }

    @Test
    void labelsRejectOverlappingWindows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NabFixtures.labels("f.csv", rows(10, 13), rows(13, 20)));
        assertTrue(e.getMessage().contains("must start after window 0"), e.getMessage());
    }
}
