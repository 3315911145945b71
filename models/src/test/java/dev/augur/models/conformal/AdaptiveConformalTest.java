package dev.augur.models.conformal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.dist.Normal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptiveConformalTest {
    /** Runs ACI with a Normal(0, sd^2) base predictive on outcomes drawn by {@code truthSd}; returns coverage. */
    static double run(AdaptiveConformal aci, double[] alpha, long[] hits, long[] counts, double sd, double[] truthSd,
            int from, int to, Random r) {
        long h0 = hits[0];
        long c0 = counts[0];
        for (int t = from; t < to; t++) {
            double lo = sd * Normal.inverseCdf(AdaptiveConformal.lowerLevel(alpha[0]));
            double hi = sd * Normal.inverseCdf(AdaptiveConformal.upperLevel(alpha[0]));
            double y = truthSd[t] * r.nextGaussian();
            aci.update(alpha, hits, counts, 0, 0.1, AdaptiveConformal.covers(alpha[0], lo, hi, y));
        }
        return (hits[0] - h0) / (double) (counts[0] - c0);
    }

    @Test
    void reachesNominalCoverageFromAMiscalibratedBaseAndAfterARegimeChange() {
        AdaptiveConformal aci = new AdaptiveConformal(0.01);
        double[] alpha = {0.1};
        long[] hits = new long[1];
        long[] counts = new long[1];
        int n = 40_000;
        double[] truth = new double[n];
        for (int t = 0; t < n; t++) {
            truth[t] = t < n / 2 ? 1.0 : 2.5; // the base predictive (sd 0.5) is too narrow, then far too narrow
        }
        Random r = new Random(42);
        double first = run(aci, alpha, hits, counts, 0.5, truth, 0, n / 2, r);
        double second = run(aci, alpha, hits, counts, 0.5, truth, n / 2, n, r);
        assertEquals(0.9, first, 0.01, "coverage before the change");
        assertEquals(0.9, second, 0.01, "coverage after the change");
        // without calibration the base would cover P(|Z| < 1.645 * 0.5 / 2.5) ~ 26% after the change
        assertTrue(alpha[0] < 0.01, "working level moved far towards wider intervals: " + alpha[0]);
    }

    @Test
    void rejectsABadStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdaptiveConformal(0));
        assertEquals("calibration.gamma must be in (0, 0.5] but was 0.0", e.getMessage());
    }
}
