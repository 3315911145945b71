package dev.augur.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.dist.Normal;
import org.junit.jupiter.api.Test;

/** The seasonal naive baseline and the MASE scale, by hand. */
class ForecastEvaluationTest {
    private static final double[] Y = {1, 2, 3, 4, 5, 7};

    @Test
    void seasonalVarianceIsTheRunningMeanSquaredSeasonalDifference() {
        // m = 2: differences at t = 2..5 are 2, 2, 2, 3
        double[] s = ForecastEvaluation.seasonalVariance(Y, 2);
        assertTrue(Double.isNaN(s[0]) && Double.isNaN(s[1]) && Double.isNaN(s[2]), "fewer than two differences");
        assertEquals(4.0, s[3], 1e-15);
        assertEquals(4.0, s[4], 1e-15);
        assertEquals((4 + 4 + 4 + 9) / 4.0, s[5], 1e-15);
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeasonWithGrowingVariance() {
        double[] s = ForecastEvaluation.seasonalVariance(Y, 2);
        double[] levels = {0.05, 0.5, 0.95};
        double[] q = new double[3];
        // origin 3, step 1: y[2] = 3, sd 2
        assertEquals(3.0, ForecastEvaluation.seasonalNaive(Y, s, 2, 3, 1, levels, q, 0), 0.0);
        assertEquals(3 + 2 * Normal.inverseCdf(0.05), q[0], 1e-12);
        assertEquals(3.0, q[1], 1e-12);
        // origin 3, step 3: a second season back, y[2] again, variance 2 sigma^2
        assertEquals(3.0, ForecastEvaluation.seasonalNaive(Y, s, 2, 3, 3, levels, q, 0), 0.0);
        assertEquals(3 + Math.sqrt(8) * Normal.inverseCdf(0.95), q[2], 1e-12);
        // origin 2: only one difference yet
        assertTrue(Double.isNaN(ForecastEvaluation.seasonalNaive(Y, s, 2, 2, 1, levels, q, 0)));
    }

    @Test
    void maseScaleIsTheInSampleSeasonalNaiveMae() {
        assertEquals(2.0, ForecastEvaluation.maseScale(Y, 2, 5), 1e-15);
        // fewer than m + 2 rows before --eval-from: all rows
        assertEquals(9 / 4.0, ForecastEvaluation.maseScale(Y, 2, 0), 1e-15);
    }
}
