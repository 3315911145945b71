package dev.augur.models.arima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.Fixture;
import dev.augur.models.OnlineForecaster;
import dev.augur.models.OnlineForecasterContract;
import dev.augur.models.Predictive;
import dev.augur.models.ar.ArConfig;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeasonalArimaTest {

    /** A series with drift, a period-12 cycle and AR(1) noise: what SARIMA(1,1,0)(1,1,0)_12 represents. */
    static double[] seasonal(int n, long seed, int period) {
        Random rng = new Random(seed);
        double[] y = new double[n];
        double a = 0;
        for (int t = 0; t < n; t++) {
            a = 0.5 * a + rng.nextGaussian();
            y[t] = 100 + 0.05 * t + 6 * Math.sin(2 * Math.PI * t / period) + a;
        }
        return y;
    }

    @Nested
    class KnownPeriod extends OnlineForecasterContract<SarimaState> {
        @Override
        protected OnlineForecaster<SarimaState> forecaster() {
            return new SeasonalArima(SarimaConfig.of(1, 1, 0, 1, 1, 0, 12));
        }

        @Override
        protected Class<SarimaState> stateType() {
            return SarimaState.class;
        }

        @Override
        protected double[] series(int n, long seed) {
            return seasonal(n, seed, 12);
        }
    }

    @Nested
    class DetectedPeriodWithMaTerms extends OnlineForecasterContract<SarimaState> {
        @Override
        protected OnlineForecaster<SarimaState> forecaster() {
            return new SeasonalArima(new SarimaConfig(1, 0, 1, 1, 1, 0, 0, 30, 0.999, ArConfig.Intervals.BAYESIAN));
        }

        @Override
        protected Class<SarimaState> stateType() {
            return SarimaState.class;
        }

        @Override
        protected double[] series(int n, long seed) {
            return seasonal(n, seed, 12);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sarima_sim_d1_D1_s12.json", "sarima_sim_d1.json", "sarima_nab_nyc_taxi_s48.json"})
    void plugInMatchesStatsmodelsSarimax(String file) {
        Fixture f = Fixture.load(file);
        int period = f.integer("period");
        SarimaConfig config = new SarimaConfig(f.integer("p"), f.integer("d"), 0, f.integer("seasonal_p"),
                f.integer("seasonal_d"), 0, period, Math.min(period, 500), 1.0, ArConfig.Intervals.PLUG_IN);
        SeasonalArima model = new SeasonalArima(config);
        SarimaState s = model.newState();
        for (double v : f.vector("y")) {
            model.learn(s, v);
        }
        assertEquals(f.integer("nobs"), s.weight, 0.0, "regressions");
        f.assertClose("coefficients", f.vector("params"), s.theta, 1e-8);
        f.assertClose("sigma2 (SSR/nobs)", f.number("sigma2"), s.ssr / s.weight, 1e-8);
        double[] mean = f.vector("forecast_mean");
        int horizon = mean.length;
        Predictive out = new Predictive(horizon);
        model.forecast(s, out);
        double[] m = new double[horizon];
        double[] v = new double[horizon];
        double[] lo = new double[horizon];
        double[] hi = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            m[h - 1] = out.mean(h);
            v[h - 1] = out.variance(h);
            lo[h - 1] = out.quantile(h, 0.05);
            hi[h - 1] = out.quantile(h, 0.95);
        }
        f.assertClose("level forecast means", mean, m, 1e-8);
        f.assertClose("level forecast variances", f.vector("forecast_var"), v, 1e-8);
        f.assertClose("90% lower", f.vector("forecast_lower_90"), lo, 1e-6);
        f.assertClose("90% upper", f.vector("forecast_upper_90"), hi, 1e-6);
    }

    @Test
    void detectsTheSeasonLength() {
        assertEquals(24, SeasonalArima.detectPeriod(seasonal(600, 1, 24), 100));
        assertEquals(7, SeasonalArima.detectPeriod(seasonal(600, 2, 7), 100));
        Random rng = new Random(3);
        double[] noise = new double[600];
        double walk = 0;
        for (int t = 0; t < noise.length; t++) {
            walk += rng.nextGaussian();
            noise[t] = walk;
        }
        assertEquals(0, SeasonalArima.detectPeriod(noise, 100), "a random walk has no season");
        double[] taxi = Fixture.load("sarima_nab_nyc_taxi_s48.json").vector("y");
        assertEquals(48, SeasonalArima.detectPeriod(java.util.Arrays.copyOf(taxi, 4 * 60 + 16), 60),
                "NAB nyc_taxi, half-hourly: daily season");
    }

    @Test
    void modelWithDetectionForecastsLikeTheModelGivenThePeriod() {
        double[] y = seasonal(800, 4, 12);
        SeasonalArima detecting = new SeasonalArima(
                new SarimaConfig(2, 1, 0, 1, 1, 0, 0, 20, 1.0, ArConfig.Intervals.BAYESIAN));
        SeasonalArima given = new SeasonalArima(
                new SarimaConfig(2, 1, 0, 1, 1, 0, 12, 20, 1.0, ArConfig.Intervals.BAYESIAN));
        SarimaState a = detecting.newState();
        SarimaState b = given.newState();
        for (double v : y) {
            detecting.learn(a, v);
            given.learn(b, v);
        }
        assertEquals(12, detecting.period(a));
        Predictive pa = new Predictive(24);
        Predictive pb = new Predictive(24);
        detecting.forecast(a, pa);
        given.forecast(b, pb);
        for (int h = 1; h <= 24; h++) {
            assertEquals(pb.mean(h), pa.mean(h), 0.0);
            assertEquals(pb.variance(h), pa.variance(h), 0.0);
        }
    }

    /**
     * Recursive extended least squares identifies an ARMA(1,1): phi = 0.6, theta = 0.4 from 20000 observations; the
     * asymptotic standard errors are about 0.01, so 0.05 is five of them.
     */
    @Test
    void extendedLeastSquaresIdentifiesAnArma() {
        Random rng = new Random(5);
        SeasonalArima model = new SeasonalArima(
                new SarimaConfig(1, 0, 1, 0, 0, 0, 2, 2, 1.0, ArConfig.Intervals.BAYESIAN));
        SarimaState s = model.newState();
        double prevY = 0;
        double prevE = 0;
        for (int t = 0; t < 20000; t++) {
            double e = rng.nextGaussian();
            double y = 1.0 + 0.6 * prevY + 0.4 * prevE + e;
            model.learn(s, y);
            prevY = y;
            prevE = e;
        }
        assertEquals(0.6, s.theta[1], 0.05, "phi");
        assertEquals(0.4, s.theta[2], 0.05, "theta");
        assertEquals(1.0, s.ssr / s.weight, 0.05, "innovation variance");
    }

    /**
     * A series that is exactly SARIMA(1,1,0)(1,1,0)_12 in the model's additive form: w_t = 0.2 + 0.5 w_{t-1} - 0.4
     * w_{t-12} + e_t, then y integrated back through (1-B)(1-B^12).
     */
    static double[] integratedSeasonal(int n, long seed) {
        Random rng = new Random(seed);
        double[] w = new double[n];
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            w[t] = 0.2 + (t >= 1 ? 0.5 * w[t - 1] : 0) - (t >= 12 ? 0.4 * w[t - 12] : 0) + rng.nextGaussian();
            y[t] = w[t] + (t >= 1 ? y[t - 1] : 0) + (t >= 12 ? y[t - 12] : 0) - (t >= 13 ? y[t - 13] : 0);
        }
        return y;
    }

    /**
     * Bayesian 6-step intervals of the level, after only 150 observations, cover as often as they claim: 90% central
     * intervals over 600 independent replications must cover 86-94% (binomial s.e. 1.2%). The plug-in Normal
     * intervals, which ignore parameter uncertainty, are checked to be narrower on the same replications.
     */
    @Test
    void bayesianIntervalsOfTheLevelAreCalibratedAtLongHorizons() {
        int hits = 0;
        int narrower = 0;
        int reps = 600;
        for (int r = 0; r < reps; r++) {
            double[] y = integratedSeasonal(150 + 200 + 6, 1000 + r);
            SeasonalArima bayes = new SeasonalArima(SarimaConfig.of(1, 1, 0, 1, 1, 0, 12).with(1.0,
                    ArConfig.Intervals.BAYESIAN));
            SeasonalArima plugIn = new SeasonalArima(SarimaConfig.of(1, 1, 0, 1, 1, 0, 12).with(1.0,
                    ArConfig.Intervals.PLUG_IN));
            SarimaState s = bayes.newState();
            SarimaState t = plugIn.newState();
            for (int i = 200; i < 350; i++) {
                bayes.learn(s, y[i]);
                plugIn.learn(t, y[i]);
            }
            Predictive out = new Predictive(6);
            bayes.forecast(s, out);
            double v = y[355];
            if (v >= out.quantile(6, 0.05) && v <= out.quantile(6, 0.95)) {
                hits++;
            }
            Predictive plain = new Predictive(6);
            plugIn.forecast(t, plain);
            if (plain.quantile(6, 0.95) - plain.quantile(6, 0.05) < out.quantile(6, 0.95) - out.quantile(6, 0.05)) {
                narrower++;
            }
        }
        double coverage = (double) hits / reps;
        assertTrue(coverage > 0.86 && coverage < 0.94, "6-step 90% coverage " + coverage);
        assertEquals(reps, narrower, "plug-in intervals should be narrower than Bayesian ones");
    }
}
