package dev.augur.models.ar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.augur.models.OnlineForecaster;
import dev.augur.models.OnlineForecasterContract;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderSelectingArTest {

    @Nested
    class Contract extends OnlineForecasterContract<ArSelectionState> {
        @Override
        protected OnlineForecaster<ArSelectionState> forecaster() {
            return new OrderSelectingAr(ArSelectionConfig.defaults());
        }

        @Override
        protected Class<ArSelectionState> stateType() {
            return ArSelectionState.class;
        }
    }

    private static double[] ar(double[] phi, int n, long seed) {
        Random rng = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            double v = rng.nextGaussian() + 3;
            for (int i = 0; i < phi.length; i++) {
                v += t > i ? phi[i] * (y[t - 1 - i] - 3) : 0;
            }
            y[t] = v;
        }
        return y;
    }

    /** Prequential selection with lambda = 1 and delta = 1 is consistent: it finds the true order on every seed. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void findsTheTrueOrder(long seed) {
        OrderSelectingAr model = new OrderSelectingAr(
                new ArSelectionConfig(new int[] {1, 2, 6}, 1.0, 1.0, ArConfig.Intervals.BAYESIAN));
        ArSelectionState s = model.newState();
        for (double v : ar(new double[] {0.5, -0.4}, 4000, seed)) {
            model.learn(s, v);
        }
        assertEquals(2, model.selectedOrder(s), "scores " + java.util.Arrays.toString(s.score));
    }

    /** With discounting the choice follows a change of the process from AR(1) to AR(4). */
    @Test
    void followsAChangeOfOrder() {
        OrderSelectingAr model = new OrderSelectingAr(
                new ArSelectionConfig(new int[] {1, 4}, 0.99, 0.99, ArConfig.Intervals.BAYESIAN));
        ArSelectionState s = model.newState();
        for (double v : ar(new double[] {0.7}, 3000, 7)) {
            model.learn(s, v);
        }
        assertEquals(1, model.selectedOrder(s));
        for (double v : ar(new double[] {0.1, 0.0, 0.0, 0.7}, 3000, 8)) {
            model.learn(s, v);
        }
        assertEquals(4, model.selectedOrder(s));
    }

    @Test
    void rejectsBadCandidateLists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ArSelectionConfig(new int[] {2, 2}, 1.0, 1.0, ArConfig.Intervals.BAYESIAN));
        assertEquals("ar.select.orders must be strictly increasing values in [1, 64] but was [2, 2]", e.getMessage());
    }
}
