package dev.augur.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link OnlineForecaster} keeps, as one suite that each implementation's test extends (River's
 * {@code utils/estimator_checks} idea): forecast does not change the state, learn rejects non-finite values without
 * touching the state, copies are deep and forecast the same, results are deterministic, state is plain versioned data,
 * and the predictive is usable (finite, positive variance, roughly calibrated on data the model can represent).
 *
 * @param <S> the state type
 */
public abstract class OnlineForecasterContract<S> {

    /** A fresh forecaster under test (a new instance per call). */
    protected abstract OnlineForecaster<S> forecaster();

    /** The state class, checked against the plain-state rules. */
    protected abstract Class<S> stateType();

    /** Observations after which {@link OnlineForecaster#warmingUp} must be false on {@link #series}. */
    protected int warmUpBound() {
        return 400;
    }

    /**
     * A series the model can represent: by default a stationary AR(2) around 50 with N(0,1) noise. Models that need
     * other structure override it.
     */
    protected double[] series(int n, long seed) {
        Random rng = new Random(seed);
        double[] y = new double[n];
        double a = 0;
        double b = 0;
        for (int t = 0; t < n; t++) {
            double v = 0.6 * a - 0.25 * b + rng.nextGaussian();
            b = a;
            a = v;
            y[t] = 50 + v;
        }
        return y;
    }

    private S trained(OnlineForecaster<S> f, int n) {
        S s = f.newState();
        for (double v : series(n, 11)) {
            f.learn(s, v);
        }
        return s;
    }

    @Test
    void stateIsPlainVersionedData() {
        PlainState.assertPlain(stateType());
        assertEquals(stateType(), forecaster().newState().getClass());
    }

    @Test
    void nameAndVersionAreSet() {
        OnlineForecaster<S> f = forecaster();
        assertNotNull(f.name());
        assertFalse(f.name().isBlank());
        assertNotNull(f.version());
        assertFalse(f.version().isBlank());
    }

    @Test
    void freshStateHasSeenNothing() {
        OnlineForecaster<S> f = forecaster();
        S s = f.newState();
        assertEquals(0, f.observations(s));
        assertTrue(f.warmingUp(s));
        Predictive out = new Predictive(3);
        f.forecast(s, out);
        for (int h = 1; h <= 3; h++) {
            assertFalse(Double.isNaN(out.mean(h)), "mean of a fresh state");
            assertTrue(out.variance(h) > 0, "variance of a fresh state");
        }
    }

    @Test
    void forecastDoesNotChangeTheState() {
        OnlineForecaster<S> f = forecaster();
        for (int n : new int[] {0, 1, 3, 10, 40, 600}) {
            S s = trained(f, n);
            S before = f.copy(s);
            f.forecast(s, new Predictive(1));
            f.forecast(s, new Predictive(50));
            PlainState.assertSame(before, s, "after forecast at n=" + n);
        }
    }

    @Test
    void learnRejectsNonFiniteValuesAndLeavesTheStateUntouched() {
        OnlineForecaster<S> f = forecaster();
        for (int n : new int[] {0, 2, 10, 600}) {
            S s = trained(f, n);
            S before = f.copy(s);
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.learn(s, bad));
                assertTrue(e.getMessage().contains("finite"), "message should say what was expected: " + e);
                PlainState.assertSame(before, s, "after rejecting " + bad + " at n=" + n);
            }
        }
    }

    @Test
    void observationsCountLearnedValues() {
        OnlineForecaster<S> f = forecaster();
        S s = f.newState();
        double[] y = series(123, 3);
        for (int i = 0; i < y.length; i++) {
            assertEquals(i, f.observations(s));
            f.learn(s, y[i]);
        }
        assertEquals(123, f.observations(s));
    }

    @Test
    void copyIsDeepAndForecastsTheSame() {
        OnlineForecaster<S> f = forecaster();
        for (int n : new int[] {0, 5, 600}) {
            S s = trained(f, n);
            S c = f.copy(s);
            PlainState.assertSame(s, c, "copy at n=" + n);
            PlainState.assertNoSharedArrays(s, c);
            Predictive a = new Predictive(20);
            Predictive b = new Predictive(20);
            f.forecast(s, a);
            f.forecast(c, b);
            assertSamePredictive(a, b);
            S before = f.copy(s);
            f.learn(c, 1234.5);
            PlainState.assertSame(before, s, "original after learning on its copy");
        }
    }

    /** Step 1 of the predictive does not depend on the horizon asked for (horizon 1 may take a faster path). */
    @Test
    void firstStepDoesNotDependOnTheHorizonAskedFor() {
        OnlineForecaster<S> f = forecaster();
        for (int n : new int[] {0, 5, 600}) {
            S s = trained(f, n);
            Predictive one = new Predictive(1);
            Predictive many = new Predictive(9);
            f.forecast(s, one);
            f.forecast(s, many);
            assertEquals(many.mean(1), one.mean(1), 0.0, "mean at n=" + n);
            assertEquals(many.variance(1), one.variance(1), 0.0, "variance at n=" + n);
            assertEquals(many.dof(), one.dof(), 0.0, "dof at n=" + n);
        }
    }

    /**
     * The operators keep one model object per subtask for all keys, and a model may carry values from one call to the
     * next (see {@code dev.augur.models.rls.FactorCache}): interleaving several states on one object, forecasting one
     * and then learning another, or learning on a copy of the state just forecast, must give each state the numbers
     * it gets from an object of its own, to the bit.
     */
    @Test
    void oneInstanceServingManyStatesMatchesOneInstancePerState() {
        OnlineForecaster<S> shared = forecaster();
        int states = 3;
        java.util.List<OnlineForecaster<S>> own = new java.util.ArrayList<>();
        java.util.List<S> a = new java.util.ArrayList<>();
        java.util.List<S> b = new java.util.ArrayList<>();
        for (int i = 0; i < states; i++) {
            own.add(forecaster());
            a.add(shared.newState());
            b.add(own.get(i).newState());
        }
        double[] y = series(2400, 21);
        Random rng = new Random(5);
        Predictive[] outs = {new Predictive(1), new Predictive(7)};
        Predictive[] refs = {new Predictive(1), new Predictive(7)};
        for (int t = 0; t < y.length; t++) {
            int i = rng.nextInt(states);
            int h = rng.nextInt(2);
            shared.forecast(a.get(i), outs[h]);
            own.get(i).forecast(b.get(i), refs[h]);
            assertSamePredictive(refs[h], outs[h]);
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
     * Whatever order the calls come in (learn then forecast as the streaming stage does, forecast then learn as the
     * evaluation does, runs of learns or of forecasts on one state, switches to another state), a shared object gives
     * each state the numbers of an object of its own that forecasts only when asked, to the bit. A model that carries
     * values from a learn to the next forecast or learn is checked here against the plain calls.
     */
    @Test
    void anyCallOrderOnASharedInstanceMatchesOneInstancePerState() {
        OnlineForecaster<S> shared = forecaster();
        int states = 3;
        java.util.List<OnlineForecaster<S>> own = new java.util.ArrayList<>();
        java.util.List<S> a = new java.util.ArrayList<>();
        java.util.List<S> b = new java.util.ArrayList<>();
        for (int i = 0; i < states; i++) {
            own.add(forecaster());
            a.add(shared.newState());
            b.add(own.get(i).newState());
        }
        double[] y = series(3000, 23);
        Random rng = new Random(8);
        Predictive[] outs = {new Predictive(1), new Predictive(6)};
        Predictive[] refs = {new Predictive(1), new Predictive(6)};
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

    @Test
    void sameInputGivesBitIdenticalStateAcrossInstances() {
        S a = trained(forecaster(), 777);
        S b = trained(forecaster(), 777);
        PlainState.assertSame(a, b, "two runs");
    }

    @Test
    void forecastIsIndependentOfPreviousCallsOnTheSameInstance() {
        OnlineForecaster<S> f = forecaster();
        S s = trained(f, 500);
        Predictive first = new Predictive(12);
        f.forecast(s, first);
        S other = trained(f, 300);
        f.forecast(other, new Predictive(40));
        Predictive again = new Predictive(12);
        f.forecast(s, again);
        assertSamePredictive(first, again);
    }

    @Test
    void warmsUpAndForecastsAreFiniteWithPositiveVariance() {
        OnlineForecaster<S> f = forecaster();
        S s = trained(f, warmUpBound());
        assertFalse(f.warmingUp(s), "still warming up after " + warmUpBound() + " observations");
        Predictive out = new Predictive(30);
        f.forecast(s, out);
        for (int h = 1; h <= 30; h++) {
            assertTrue(Double.isFinite(out.mean(h)), "mean at h=" + h);
            assertTrue(out.variance(h) > 0 && Double.isFinite(out.variance(h)), "variance at h=" + h);
            assertTrue(out.quantile(h, 0.05) < out.quantile(h, 0.95), "quantiles at h=" + h);
        }
    }

    /**
     * Forecast-then-learn over 3000 steps of {@link #series}: the one-step 90% central interval must cover between
     * 86% and 94% of the arrivals after warm-up (binomial standard error 0.6%, so a calibrated model fails this with
     * negligible probability, while a model with a wrong variance or a biased mean does not pass).
     */
    @Test
    void oneStepIntervalsAreRoughlyCalibrated() {
        OnlineForecaster<S> f = forecaster();
        S s = f.newState();
        double[] y = series(3000 + warmUpBound(), 5);
        Predictive out = new Predictive(1);
        int hits = 0;
        int total = 0;
        for (int t = 0; t < y.length; t++) {
            if (t >= warmUpBound()) {
                f.forecast(s, out);
                total++;
                if (y[t] >= out.quantile(1, 0.05) && y[t] <= out.quantile(1, 0.95)) {
                    hits++;
                }
            }
            f.learn(s, y[t]);
        }
        double coverage = (double) hits / total;
        assertTrue(coverage > 0.86 && coverage < 0.94, "90% interval coverage was " + coverage);
    }

    @Test
    void survivesConstantStretchesJumpsAndExtremeScales() {
        OnlineForecaster<S> f = forecaster();
        S s = f.newState();
        Random rng = new Random(9);
        Predictive out = new Predictive(5);
        for (int t = 0; t < 6000; t++) {
            double v;
            if (t < 1500) {
                v = 7.0;
            } else if (t < 3000) {
                v = 1e9 + 1e3 * rng.nextGaussian();
            } else if (t < 4500) {
                v = 1e-9 * rng.nextGaussian();
            } else {
                v = (t % 50 == 0) ? 1e6 : rng.nextGaussian();
            }
            f.learn(s, v);
            if (t % 97 == 0) {
                f.forecast(s, out);
                for (int h = 1; h <= 5; h++) {
                    assertTrue(Double.isFinite(out.mean(h)), "mean at t=" + t + ", h=" + h);
                    assertTrue(out.variance(h) > 0 && !Double.isNaN(out.variance(h)), "variance at t=" + t);
                }
            }
        }
    }

    protected static void assertSamePredictive(Predictive a, Predictive b) {
        assertEquals(a.horizon(), b.horizon());
        assertEquals(Double.doubleToLongBits(a.dof()), Double.doubleToLongBits(b.dof()), "dof");
        for (int h = 1; h <= a.horizon(); h++) {
            assertEquals(Double.doubleToLongBits(a.mean(h)), Double.doubleToLongBits(b.mean(h)), "mean at h=" + h);
            assertEquals(Double.doubleToLongBits(a.variance(h)), Double.doubleToLongBits(b.variance(h)),
                    "variance at h=" + h);
        }
    }
}
