package dev.augur.models.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link EnsembleProcessor}'s ensemble into a reused object against the one that allocates. */
class EnsembleProcessorTest {
    static final int H = 4;
    static final long STEP = 60_000;
    static final double[] LEVELS = {0.05, 0.25, 0.5, 0.75, 0.95};

    /**
     * Two processors fed the same arrivals and candidates (two models, one of them with fewer steps at some origins,
     * so ensembles of different lengths follow each other): the reused ensemble holds, at every origin, exactly what
     * the allocating one returns, and is one object throughout.
     */
    @Test
    void reusedEnsembleEqualsANewOneAtEveryOrigin() {
        EnsembleProcessor a = new EnsembleProcessor(H, LEVELS, 0.99, 0.01, 0.1, 64);
        EnsembleProcessor b = new EnsembleProcessor(H, LEVELS, 0.99, 0.01, 0.1, 64);
        CombineState sa = a.newState();
        CombineState sb = b.newState();
        Random r = new Random(3);
        EnsembleProcessor.Ensemble first = null;
        for (int i = 0; i < 60; i++) {
            long t = i * STEP;
            double y = r.nextGaussian();
            StageRecord arrival = StageRecord.arrival("s", null, t, y, false);
            int steps = i % 3 == 0 ? 2 : H;
            double[] m1 = new double[H];
            double[] v1 = new double[H];
            double[] m2 = new double[steps];
            double[] v2 = new double[steps];
            for (int h = 0; h < H; h++) {
                m1[h] = 0.3 * y;
                v1[h] = 1 + 0.1 * h;
            }
            for (int h = 0; h < steps; h++) {
                m2[h] = 0.5 * y + 0.1 * h;
                v2[h] = 0.8 + 0.2 * h;
            }
            StageRecord c1 = StageRecord.candidate("s", null, t, "ar", "1", STEP, m1, v1, 12, false, 0);
            StageRecord c2 = StageRecord.candidate("s", null, t, "var", "1", STEP, m2, v2,
                    Double.POSITIVE_INFINITY, false, 0);
            for (EnsembleProcessor p : new EnsembleProcessor[] {a, b}) {
                CombineState s = p == a ? sa : sb;
                p.addArrival(s, arrival);
                p.addCandidate(s, c1);
                if (i % 5 != 4) {
                    p.addCandidate(s, c2);
                }
                p.score(s, t);
                p.retire(s, t);
            }
            EnsembleProcessor.Ensemble expected = a.ensemble(sa, t);
            EnsembleProcessor.Ensemble got = b.ensembleReused(sb, t);
            assertNotNull(expected);
            assertNotNull(got);
            if (first == null) {
                first = got;
            }
            assertSame(first, got, "one object reused");
            assertEquals(expected.origin, got.origin);
            assertEquals(expected.stepMillis, got.stepMillis);
            assertEquals(expected.steps, got.steps, "steps at origin " + i);
            for (int k = 0; k < expected.steps; k++) {
                assertEquals(expected.horizon[k], got.horizon[k]);
                assertEquals(expected.target[k], got.target[k]);
                assertEquals(Double.doubleToLongBits(expected.mean[k]), Double.doubleToLongBits(got.mean[k]));
                assertArrayEquals(expected.quantiles[k], got.quantiles[k], 0.0, "quantiles at origin " + i);
            }
        }
        // the states went the same way too (intervals issued, calibration)
        assertArrayEquals(sa.issLower, sb.issLower, 0.0);
        assertArrayEquals(sa.multiplier, sb.multiplier, 0.0);
        assertEquals(Arrays.toString(sa.ringOrigin), Arrays.toString(sb.ringOrigin));
    }
}
