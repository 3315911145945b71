package dev.augur.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MultivariateForecaster} keeps, run against each implementation (the multivariate twin of
 * {@link OnlineForecasterContract}). Implementations: {@code RlsVarContractTest} (VAR), {@code SparseVarContractTest}
 * (lasso VAR), {@code SpaceTimeArContractTest} (STAR).
 *
 * @param <S> the state type
 */
public abstract class MultivariateForecasterContract<S> {

    protected abstract MultivariateForecaster<S> forecaster();

    protected abstract Class<S> stateType();

    protected int warmUpBound() {
        return 400;
    }

    /** A stationary VAR(1) around (10, 10, ...) with unit-variance noise, coupled to the next series. */
    protected double[][] series(int k, int n, long seed) {
        Random rng = new Random(seed);
        double[][] y = new double[n][k];
        double[] prev = new double[k];
        for (int t = 0; t < n; t++) {
            double[] cur = new double[k];
            for (int i = 0; i < k; i++) {
                cur[i] = 0.5 * prev[i] + 0.2 * prev[(i + 1) % k] + rng.nextGaussian();
            }
            prev = cur;
            for (int i = 0; i < k; i++) {
                y[t][i] = 10 + cur[i];
            }
        }
        return y;
    }

    private S trained(MultivariateForecaster<S> f, int n) {
        S s = f.newState();
        for (double[] y : series(f.dimension(), n, 11)) {
            f.learn(s, y);
        }
        return s;
    }

    @Test
    void stateIsPlainVersionedData() {
        PlainState.assertPlain(stateType());
    }

    @Test
    void forecastDoesNotChangeTheState() {
        MultivariateForecaster<S> f = forecaster();
        for (int n : new int[] {0, 1, 5, 600}) {
            S s = trained(f, n);
            S before = f.copy(s);
            f.forecast(s, new MultivariatePredictive(f.dimension(), 1));
            f.forecast(s, new MultivariatePredictive(f.dimension(), 30));
            PlainState.assertSame(before, s, "after forecast at n=" + n);
        }
    }

    @Test
    void learnRejectsBadVectorsAndLeavesTheStateUntouched() {
        MultivariateForecaster<S> f = forecaster();
        int k = f.dimension();
        for (int n : new int[] {0, 3, 600}) {
            S s = trained(f, n);
            S before = f.copy(s);
            for (int bad = 0; bad < k; bad++) {
                for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    double[] y = new double[k];
                    y[bad] = v;
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.learn(s, y));
                    assertTrue(e.getMessage().contains("finite"), e.getMessage());
                }
            }
            assertThrows(IllegalArgumentException.class, () -> f.learn(s, new double[k + 1]));
            assertThrows(IllegalArgumentException.class, () -> f.learn(s, null));
            PlainState.assertSame(before, s, "after rejections at n=" + n);
        }
    }

    @Test
    void learnDoesNotModifyItsInput() {
        MultivariateForecaster<S> f = forecaster();
        S s = trained(f, 300);
        double[] y = series(f.dimension(), 1, 99)[0];
        double[] copy = y.clone();
        f.learn(s, y);
        assertEquals(java.util.Arrays.toString(copy), java.util.Arrays.toString(y));
    }

    @Test
    void copyIsDeepAndForecastsTheSame() {
        MultivariateForecaster<S> f = forecaster();
        int k = f.dimension();
        for (int n : new int[] {0, 4, 600}) {
            S s = trained(f, n);
            S c = f.copy(s);
            PlainState.assertSame(s, c, "copy at n=" + n);
            PlainState.assertNoSharedArrays(s, c);
            MultivariatePredictive a = new MultivariatePredictive(k, 12);
            MultivariatePredictive b = new MultivariatePredictive(k, 12);
            f.forecast(s, a);
            f.forecast(c, b);
            for (int h = 1; h <= 12; h++) {
                for (int i = 0; i < k; i++) {
                    assertEquals(a.mean(h, i), b.mean(h, i), 0.0);
                    for (int j = 0; j < k; j++) {
                        assertEquals(a.covariance(h, i, j), b.covariance(h, i, j), 0.0);
                    }
                }
            }
            S before = f.copy(s);
            f.learn(c, series(k, 1, 5)[0]);
            PlainState.assertSame(before, s, "original after learning on its copy");
        }
    }

    /** Step 1 of the predictive does not depend on how many steps were asked for (horizon 1 may take a faster path). */
    @Test
    void firstStepDoesNotDependOnTheHorizonAskedFor() {
        MultivariateForecaster<S> f = forecaster();
        int k = f.dimension();
        for (int n : new int[] {0, 4, 600}) {
            S s = trained(f, n);
            MultivariatePredictive one = new MultivariatePredictive(k, 1);
            MultivariatePredictive many = new MultivariatePredictive(k, 6);
            f.forecast(s, one);
            f.forecast(s, many);
            for (int i = 0; i < k; i++) {
                assertEquals(many.mean(1, i), one.mean(1, i), 0.0, "mean at n=" + n);
                for (int j = 0; j < k; j++) {
                    assertEquals(many.covariance(1, i, j), one.covariance(1, i, j), 0.0, "covariance at n=" + n);
                }
            }
            assertEquals(many.dof(), one.dof(), 0.0);
        }
    }

    /**
     * One model object serving several states (as the operators use it, one per subtask for all keys) gives each state
     * the numbers an object of its own gives, to the bit, whatever it carries from one call to the next.
     */
    @Test
    void oneInstanceServingManyStatesMatchesOneInstancePerState() {
        MultivariateForecaster<S> shared = forecaster();
        int k = shared.dimension();
        int states = 3;
        java.util.List<MultivariateForecaster<S>> own = new java.util.ArrayList<>();
        java.util.List<S> a = new java.util.ArrayList<>();
        java.util.List<S> b = new java.util.ArrayList<>();
        for (int i = 0; i < states; i++) {
            own.add(forecaster());
            a.add(shared.newState());
            b.add(own.get(i).newState());
        }
        double[][] y = series(k, 1500, 21);
        Random rng = new Random(5);
        MultivariatePredictive[] outs = {new MultivariatePredictive(k, 1), new MultivariatePredictive(k, 5)};
        MultivariatePredictive[] refs = {new MultivariatePredictive(k, 1), new MultivariatePredictive(k, 5)};
        for (int t = 0; t < y.length; t++) {
            int i = rng.nextInt(states);
            int h = rng.nextInt(2);
            shared.forecast(a.get(i), outs[h]);
            own.get(i).forecast(b.get(i), refs[h]);
            for (int step = 1; step <= refs[h].horizon(); step++) {
                for (int c = 0; c < k; c++) {
                    assertEquals(refs[h].mean(step, c), outs[h].mean(step, c), 0.0);
                    for (int d = 0; d < k; d++) {
                        assertEquals(refs[h].covariance(step, c, d), outs[h].covariance(step, c, d), 0.0);
                    }
                }
            }
            if (t % 97 == 0) {
                a.set(i, shared.copy(a.get(i)));
                b.set(i, own.get(i).copy(b.get(i)));
            }
            int j = rng.nextInt(4) == 0 ? rng.nextInt(states) : i;
            shared.learn(a.get(j), y[t]);
            own.get(j).learn(b.get(j), y[t]);
        }
        for (int i = 0; i < states; i++) {
            PlainState.assertSame(b.get(i), a.get(i), "state " + i + " on a shared instance");
        }
    }

    /**
     * Whatever order the calls come in (learn then forecast, forecast then learn, runs of learns or of forecasts on one
     * state, switches to another state), a shared object gives each state the numbers of an object of its own, to the
     * bit. A model that carries values from a learn to the next forecast or learn is checked here against the plain
     * calls.
     */
    @Test
    void anyCallOrderOnASharedInstanceMatchesOneInstancePerState() {
        MultivariateForecaster<S> shared = forecaster();
        int k = shared.dimension();
        int states = 3;
        java.util.List<MultivariateForecaster<S>> own = new java.util.ArrayList<>();
        java.util.List<S> a = new java.util.ArrayList<>();
        java.util.List<S> b = new java.util.ArrayList<>();
        for (int i = 0; i < states; i++) {
            own.add(forecaster());
            a.add(shared.newState());
            b.add(own.get(i).newState());
        }
        double[][] y = series(k, 1500, 23);
        Random rng = new Random(8);
        MultivariatePredictive[] outs = {new MultivariatePredictive(k, 1), new MultivariatePredictive(k, 4)};
        MultivariatePredictive[] refs = {new MultivariatePredictive(k, 1), new MultivariatePredictive(k, 4)};
        int i = 0;
        for (int t = 0; t < y.length; t++) {
            if (rng.nextInt(3) == 0) {
                i = rng.nextInt(states);
            }
            int h = rng.nextInt(3) == 0 ? 1 : 0;
            int action = rng.nextInt(4);
            if (action == 0 || action == 1) {
                shared.forecast(a.get(i), outs[h]);
                own.get(i).forecast(b.get(i), refs[h]);
                assertSamePredictive(refs[h], outs[h]);
            }
            if (action != 0) {
                shared.learn(a.get(i), y[t]);
                own.get(i).learn(b.get(i), y[t]);
            }
            if (action == 3) {
                shared.forecast(a.get(i), outs[h]);
                own.get(i).forecast(b.get(i), refs[h]);
                assertSamePredictive(refs[h], outs[h]);
            }
        }
        for (int j = 0; j < states; j++) {
            PlainState.assertSame(b.get(j), a.get(j), "state " + j + " on a shared instance");
        }
    }

    private static void assertSamePredictive(MultivariatePredictive expected, MultivariatePredictive actual) {
        int k = expected.dimension();
        for (int step = 1; step <= expected.horizon(); step++) {
            for (int c = 0; c < k; c++) {
                assertEquals(expected.mean(step, c), actual.mean(step, c), 0.0);
                for (int d = 0; d < k; d++) {
                    assertEquals(expected.covariance(step, c, d), actual.covariance(step, c, d), 0.0);
                }
            }
        }
        assertEquals(expected.dof(), actual.dof(), 0.0);
    }

    @Test
    void sameInputGivesBitIdenticalState() {
        PlainState.assertSame(trained(forecaster(), 700), trained(forecaster(), 700), "two runs");
    }

    @Test
    void forecastsAreFiniteWithSymmetricPositiveSemidefiniteCovariance() {
        MultivariateForecaster<S> f = forecaster();
        int k = f.dimension();
        S s = trained(f, warmUpBound());
        assertFalse(f.warmingUp(s));
        assertEquals(warmUpBound(), f.observations(s));
        MultivariatePredictive out = new MultivariatePredictive(k, 20);
        f.forecast(s, out);
        for (int h = 1; h <= 20; h++) {
            for (int i = 0; i < k; i++) {
                assertTrue(Double.isFinite(out.mean(h, i)));
                assertTrue(out.variance(h, i) > 0);
                for (int j = 0; j < k; j++) {
                    assertEquals(out.covariance(h, i, j), out.covariance(h, j, i), 0.0);
                    assertTrue(Math.abs(out.covariance(h, i, j))
                            <= Math.sqrt(out.variance(h, i) * out.variance(h, j)) * (1 + 1e-12));
                }
            }
        }
    }

    /** One-step 90% marginal intervals cover 86-94% of 2000 x k arrivals (binomial s.e. below 0.7%). */
    @Test
    void oneStepMarginalsAreRoughlyCalibrated() {
        MultivariateForecaster<S> f = forecaster();
        int k = f.dimension();
        S s = f.newState();
        double[][] y = series(k, 2000 + warmUpBound(), 5);
        MultivariatePredictive out = new MultivariatePredictive(k, 1);
        int hits = 0;
        int total = 0;
        for (int t = 0; t < y.length; t++) {
            if (t >= warmUpBound()) {
                f.forecast(s, out);
                for (int i = 0; i < k; i++) {
                    total++;
                    if (y[t][i] >= out.quantile(1, i, 0.05) && y[t][i] <= out.quantile(1, i, 0.95)) {
                        hits++;
                    }
                }
            }
            f.learn(s, y[t]);
        }
        double coverage = (double) hits / total;
        assertTrue(coverage > 0.86 && coverage < 0.94, "90% interval coverage was " + coverage);
    }

    @Test
    void survivesConstantStretchesAndExtremeScales() {
        MultivariateForecaster<S> f = forecaster();
        int k = f.dimension();
        S s = f.newState();
        Random rng = new Random(4);
        MultivariatePredictive out = new MultivariatePredictive(k, 3);
        for (int t = 0; t < 4000; t++) {
            double[] y = new double[k];
            for (int i = 0; i < k; i++) {
                y[i] = t < 1000 ? 3.0 : t < 2000 ? 1e8 + 1e2 * rng.nextGaussian() : 1e-8 * rng.nextGaussian();
            }
            f.learn(s, y);
            if (t % 101 == 0) {
                f.forecast(s, out);
                for (int i = 0; i < k; i++) {
                    assertTrue(Double.isFinite(out.mean(3, i)) && out.variance(3, i) > 0, "at t=" + t);
                }
            }
        }
    }
}
