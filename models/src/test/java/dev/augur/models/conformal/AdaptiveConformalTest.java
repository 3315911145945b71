package dev.augur.models.conformal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.augur.models.dist.Normal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptiveConformalTest {
    static final double Z95 = Normal.inverseCdf(0.95);

    /** Runs the calibration with a N(0, sd^2) base on outcomes N(0, truthSd^2); returns the coverage. */
    static double run(AdaptiveConformal aci, double[] m, long[] hits, long[] counts, double sd, double truthSd,
            int steps, Random r) {
        long h0 = hits[0];
        long c0 = counts[0];
        for (int t = 0; t < steps; t++) {
            double lo = AdaptiveConformal.lower(0, -sd * Z95, m[0]);
            double hi = AdaptiveConformal.upper(0, sd * Z95, m[0]);
            double y = truthSd * r.nextGaussian();
            aci.update(m, hits, counts, 0, 0.1, y >= lo && y <= hi);
        }
        return (hits[0] - h0) / (double) (counts[0] - c0);
    }

    @Test
    void reachesNominalCoverageFromAMiscalibratedBaseAndAfterARegimeChange() {
        AdaptiveConformal aci = new AdaptiveConformal(0.05);
        double[] m = {1};
        long[] hits = new long[1];
        long[] counts = new long[1];
        Random r = new Random(42);
        // the base predictive (sd 0.5) is too narrow, then far too narrow: raw coverage 59%, then 26%
        assertEquals(0.9, run(aci, m, hits, counts, 0.5, 1.0, 20_000, r), 0.01, "coverage before the change");
        assertEquals(2.0, m[0], 0.35, "multiplier tracks truth/base = 2");
        assertEquals(0.9, run(aci, m, hits, counts, 0.5, 2.5, 20_000, r), 0.01, "coverage after the change");
        assertEquals(5.0, m[0], 0.8, "multiplier tracks truth/base = 5");
    }

    @Test
    void boundsStretchAboutTheMedian() {
        assertEquals(1 - 2 * (1 - 0.4), AdaptiveConformal.lower(1, 0.4, 2), 1e-15);
        assertEquals(1 + 2 * (1.5 - 1), AdaptiveConformal.upper(1, 1.5, 2), 1e-15);
    }

    @Test
    void rejectsABadStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdaptiveConformal(0));
        assertEquals("calibration.gamma must be in (0, 1] but was 0.0", e.getMessage());
    }
}
