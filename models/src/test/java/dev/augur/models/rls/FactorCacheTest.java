package dev.augur.models.rls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.MultivariatePredictive;
import dev.augur.models.Predictive;
import dev.augur.models.ar.ArConfig;
import dev.augur.models.ar.ArState;
import dev.augur.models.ar.RlsAr;
import dev.augur.models.var.RlsVar;
import dev.augur.models.var.VarConfig;
import dev.augur.models.var.VarState;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The values a model object carries between calls (trace(D) for the wind-up check, U'x for the next step) must never
 * cross from one state to another. Here one state is wound up (a long constant stretch pauses forgetting) and the
 * other is not, so a trace taken from the wrong state flips the wind-up decision and changes the numbers: the shared
 * object must match one object per state to the bit.
 */
class FactorCacheTest {

    @Test
    void arCarriesNothingAcrossStates() {
        ArConfig config = new ArConfig(3, 0.98, 1e4);
        RlsAr shared = new RlsAr(config);
        RlsAr ownA = new RlsAr(config);
        RlsAr ownB = new RlsAr(config);
        ArState a = shared.newState();
        ArState b = shared.newState();
        ArState refA = ownA.newState();
        ArState refB = ownB.newState();
        SplittableRandom rng = new SplittableRandom(2);
        Predictive out = new Predictive(1);
        Predictive ref = new Predictive(1);
        for (int t = 0; t < 3000; t++) {
            double ya = t > 200 && t < 2500 ? 7.0 : rng.nextDouble();
            double yb = rng.nextDouble();
            // forecast a, then learn b before a: the shared object last saw a's factors when it learns b
            shared.forecast(a, out);
            ownA.forecast(refA, ref);
            assertEquals(ref.mean(1), out.mean(1), 0.0);
            assertEquals(ref.variance(1), out.variance(1), 0.0);
            shared.learn(b, yb);
            ownB.learn(refB, yb);
            shared.learn(a, ya);
            ownA.learn(refA, ya);
            if (t == 2400) {
                assertTrue(RecursiveLeastSquares.trace(a.ud, 0, 4) > 1e3 * RecursiveLeastSquares.trace(b.ud, 0, 4),
                        "the test needs one wound-up state");
            }
        }
        assertStates(refA, a);
        assertStates(refB, b);
    }

    @Test
    void varCarriesNothingAcrossStates() {
        VarConfig config = new VarConfig(2, 1, 0.98, 1e4);
        RlsVar shared = new RlsVar(config);
        RlsVar ownA = new RlsVar(config);
        RlsVar ownB = new RlsVar(config);
        VarState a = shared.newState();
        VarState b = shared.newState();
        VarState refA = ownA.newState();
        VarState refB = ownB.newState();
        SplittableRandom rng = new SplittableRandom(4);
        MultivariatePredictive out = new MultivariatePredictive(2, 1);
        for (int t = 0; t < 3000; t++) {
            double[] ya = t > 200 && t < 2500 ? new double[] {3.0, -1.0} : new double[] {rng.nextDouble(),
                rng.nextDouble()};
            double[] yb = {rng.nextDouble(), rng.nextDouble()};
            shared.learn(a, ya);
            ownA.learn(refA, ya);
            shared.forecast(a, out);
            shared.learn(b, yb);
            ownB.learn(refB, yb);
            if (t == 2400) {
                assertTrue(RecursiveLeastSquares.trace(a.ud, 0, 3) > 1e3 * RecursiveLeastSquares.trace(b.ud, 0, 3),
                        "the test needs one wound-up state");
            }
        }
        assertArrayEquals(refA.coef, a.coef);
        assertArrayEquals(refA.ud, a.ud);
        assertArrayEquals(refA.ssr, a.ssr);
        assertArrayEquals(refB.coef, b.coef);
        assertArrayEquals(refB.ud, b.ud);
        assertArrayEquals(refB.ssr, b.ssr);
    }

    private static void assertStates(ArState expected, ArState actual) {
        assertArrayEquals(expected.theta, actual.theta);
        assertArrayEquals(expected.ud, actual.ud);
        assertEquals(expected.ssr, actual.ssr, 0.0);
        assertEquals(expected.resets, actual.resets);
    }

    private static void assertArrayEquals(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}
