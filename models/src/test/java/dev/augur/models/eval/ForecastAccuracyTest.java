package dev.augur.models.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ForecastAccuracyTest {
    private static final double[] LEVELS = {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95};

    @Test
    void pointMetricsByHandAtEachHorizonAndOverall() {
        ForecastAccuracy a = new ForecastAccuracy(LEVELS, 2);
        double[] q = {-3, -2, -1, 0, 1, 2, 3};
        a.add(1, 1.0, 0.0, q);   // error 1
        a.add(1, -3.0, 0.0, q);  // error 3
        a.add(2, 0.5, 0.0, q);   // error 0.5
        assertEquals(2, a.count(1));
        assertEquals(3, a.count(0));
        assertEquals(2.0, a.mae(1), 1e-15);
        assertEquals(Math.sqrt(5.0), a.rmse(1), 1e-15);
        assertEquals(4.5 / 3, a.mae(0), 1e-15);
        assertEquals(Math.sqrt(10.25 / 3), a.rmse(0), 1e-15);
        assertEquals(2.0 / 4.0, a.mase(1, 4.0), 1e-15);
    }

    @Test
    void intervalsCoverageWidthAndWinklerByHand() {
        ForecastAccuracy a = new ForecastAccuracy(LEVELS, 1);
        assertArrayEquals(new double[] {0.5, 0.8, 0.9}, a.centralLevels(), 1e-12);
        double[] q = {-3, -2, -1, 0, 1, 2, 3};
        a.add(1, 2.5, 0.0, q);
        // 50%: [-1, 1], y above by 1.5, alpha 0.5: 2 + 2/0.5 * 1.5 = 8
        assertEquals(0.0, a.coverage(1, 0), 0.0);
        assertEquals(2.0, a.width(1, 0), 0.0);
        assertEquals(8.0, a.winkler(1, 0), 1e-12);
        // 80%: [-2, 2], above by 0.5, alpha 0.2: 4 + 10 * 0.5 = 9
        assertEquals(9.0, a.winkler(1, 1), 1e-12);
        // 90%: [-3, 3] covers: width 6
        assertEquals(1.0, a.coverage(1, 2), 0.0);
        assertEquals(6.0, a.winkler(1, 2), 1e-12);
    }

    @Test
    void crpsFromQuantilesIsTheMeanPinballLossTimesTwo() {
        ForecastAccuracy a = new ForecastAccuracy(new double[] {0.25, 0.5, 0.75}, 1);
        a.add(1, 1.0, 0.0, new double[] {-1, 0, 1});
        // pinball: tau=.25,q=-1: (0-.25)(-1-1)=0.5; tau=.5,q=0: (0-.5)(0-1)=0.5; tau=.75,q=1: y<q false -> (0-.75)(0)=0
        assertEquals(2 * (0.5 + 0.5 + 0) / 3, a.crps(1), 1e-15);
    }

    @Test
    void intervalScoreBelowTheInterval() {
        assertEquals(2 + 2 / 0.1 * 1.0, ForecastAccuracy.intervalScore(0, 2, 0.1, -1), 1e-12);
        assertEquals(2.0, ForecastAccuracy.intervalScore(0, 2, 0.1, 1), 0.0);
    }
}
