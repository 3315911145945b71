package dev.augur.models.ar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.Predictive;
import dev.augur.models.rls.Cholesky;
import dev.augur.models.rls.RecursiveLeastSquares;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RlsArRobustnessTest {

    /** P = U D U' must have a positive finite D and factor by Cholesky once expanded (symmetric by construction). */
    private static void assertSymmetricPositiveDefinite(ArState s, String where) {
        int m = s.order + 1;
        double minD = RecursiveLeastSquares.minDiagonal(s.ud, 0, m);
        assertTrue(minD > 0 && Double.isFinite(RecursiveLeastSquares.trace(s.ud, 0, m)), where + ": D has " + minD);
        double[] p = new double[m * m];
        RecursiveLeastSquares.expand(s.ud, 0, m, p, 0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(Double.doubleToLongBits(p[i * m + j]), Double.doubleToLongBits(p[j * m + i]),
                        where + ": P not symmetric at (" + i + "," + j + ")");
            }
        }
        assertTrue(Cholesky.factor(p, 0, m, new double[m * m], 0), where + ": P not positive definite");
    }

    /**
     * 10^7 updates of AR(8) with lambda = 0.98 through regimes chosen to break covariance-form RLS: long constant
     * stretches (no excitation: P winds up by 1/lambda per step), scale jumps over twelve orders of magnitude, and
     * spikes. P must stay exactly symmetric and positive definite throughout, without needing a reset, and the model
     * must still identify the AR process at the end.
     */
    @Test
    void tenMillionUpdatesWithForgettingKeepTheCovarianceSymmetricPositiveDefinite() {
        RlsAr model = new RlsAr(new ArConfig(8, 0.98, 1e4));
        ArState s = model.newState();
        SplittableRandom rng = new SplittableRandom(42);
        double a1 = 0;
        double a2 = 0;
        int segment = 250_000;
        for (int t = 0; t < 10_000_000; t++) {
            int regime = (t / segment) % 5;
            double e = gaussian(rng);
            double v = 0.5 * a1 - 0.3 * a2 + e;
            a2 = a1;
            a1 = v;
            double y = switch (regime) {
                case 0 -> 10 + v;
                case 1 -> 3.25;
                case 2 -> 1e6 + 1e4 * v;
                case 3 -> 1e-6 * v;
                default -> (t % 1000 == 0 ? 1e5 : 0) + v;
            };
            model.learn(s, y);
            if (t % 100_000 == 99_999) {
                assertSymmetricPositiveDefinite(s, "after " + (t + 1) + " updates");
            }
        }
        assertEquals(10_000_000L, s.n);
        assertEquals(0, s.resets, "P needed resets");
        // then the model must still identify the process: with lambda = 0.98 (a window of about 50 steps) each
        // estimate has a standard error near 0.13, so average over 5000 steps (about 100 independent windows)
        double sum1 = 0;
        double sum2 = 0;
        double sse = 0;
        Predictive out = new Predictive(1);
        for (int t = 0; t < 6000; t++) {
            double v = 0.5 * a1 - 0.3 * a2 + gaussian(rng);
            a2 = a1;
            a1 = v;
            if (t >= 1000) {
                model.forecast(s, out);
                sse += (v - out.mean(1)) * (v - out.mean(1));
            }
            model.learn(s, v);
            if (t >= 1000) {
                sum1 += s.theta[1];
                sum2 += s.theta[2];
            }
        }
        assertEquals(0.5, sum1 / 5000, 0.05);
        assertEquals(-0.3, sum2 / 5000, 0.05);
        double mse = sse / 5000;
        assertTrue(mse < 1.25, "one-step mean squared error " + mse + " for unit noise variance");
        assertSymmetricPositiveDefinite(s, "at the end");
    }

    @Test
    void windUpOnAConstantStretchIsBounded() {
        RlsAr model = new RlsAr(new ArConfig(4, 0.95, 1e4));
        ArState s = model.newState();
        SplittableRandom rng = new SplittableRandom(1);
        for (int t = 0; t < 500; t++) {
            model.learn(s, gaussian(rng));
        }
        assertTrue(s.solved);
        for (int t = 0; t < 100_000; t++) {
            model.learn(s, 5.0);
        }
        double trace = RecursiveLeastSquares.trace(s.ud, 0, 5);
        assertTrue(trace <= RlsAr.WINDUP_LIMIT * 5 * s.resetDiagonal / 0.95, "trace(D) wound up to " + trace);
        assertSymmetricPositiveDefinite(s, "after the constant stretch");
        assertEquals(0, s.resets);
        Predictive out = new Predictive(3);
        model.forecast(s, out);
        assertEquals(5.0, out.mean(1), 1e-6);
    }

    @Test
    void recoversFromACovarianceThatLostPositiveDefiniteness() {
        RlsAr model = new RlsAr(ArConfig.of(3));
        ArState s = model.newState();
        SplittableRandom rng = new SplittableRandom(2);
        for (int t = 0; t < 300; t++) {
            model.learn(s, gaussian(rng));
        }
        RecursiveLeastSquares.setScaledIdentity(s.ud, 0, 4, -1.0);
        model.learn(s, gaussian(rng));
        assertEquals(1, s.resets);
        assertSymmetricPositiveDefinite(s, "after recovery");
        Predictive out = new Predictive(4);
        model.forecast(s, out);
        assertTrue(Double.isFinite(out.mean(4)) && out.variance(4) > 0);
    }

    @Test
    void restartsTheWarmUpAfterNonFiniteCoefficients() {
        RlsAr model = new RlsAr(ArConfig.of(2));
        ArState s = model.newState();
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < 300; t++) {
            model.learn(s, gaussian(rng));
        }
        s.theta[1] = Double.POSITIVE_INFINITY;
        model.learn(s, gaussian(rng));
        assertEquals(1, s.resets);
        assertFalse(s.solved, "a non-finite state restarts the warm-up");
        for (int t = 0; t < 50; t++) {
            model.learn(s, gaussian(rng));
        }
        assertTrue(s.solved);
        for (double th : s.theta) {
            assertTrue(Double.isFinite(th));
        }
    }

    @Test
    void aConstantSeriesStartsFromTheRidgeSolution() {
        RlsAr model = new RlsAr(new ArConfig(3, 1.0, 1e4));
        ArState s = model.newState();
        int t = 0;
        while (!s.solved && t < 1000) {
            model.learn(s, 42.0);
            t++;
        }
        assertTrue(s.solved);
        assertEquals(3 + 4 * 4 + 20, t, "ridge start after 4m + 20 regressions");
        Predictive out = new Predictive(2);
        model.forecast(s, out);
        assertEquals(42.0, out.mean(1), 1e-6);
        assertEquals(42.0, out.mean(2), 1e-6);
    }

    /** Box-Muller from a SplittableRandom (java.util.Random's synchronised Gaussian is slower in a 10^7 loop). */
    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
