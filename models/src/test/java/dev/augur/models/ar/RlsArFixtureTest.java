package dev.augur.models.ar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.models.Fixture;
import dev.augur.models.Predictive;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RLS with lambda = 1 against statsmodels {@code AutoReg(trend='c')} (OLS) and the OLS prediction interval, on the
 * fixtures written by {@code models/fixtures/make_fixtures.py}: coefficients and means to 1e-8 relative, quantities
 * involving distributions to 1e-6.
 */
class RlsArFixtureTest {

    private static ArState learnAll(RlsAr model, double[] y) {
        ArState s = model.newState();
        for (double v : y) {
            model.learn(s, v);
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ar_sim_ar3.json", "ar_sim_ar8.json", "ar_sim_ar1_short.json",
        "ar_nab_machine_temperature.json", "ar_nab_ambient_temperature.json"})
    void plugInMatchesAutoReg(String file) {
        Fixture f = Fixture.load(file);
        int order = f.integer("order");
        double[] y = f.vector("y");
        RlsAr model = new RlsAr(new ArConfig(order, 1.0, 1e4, ArConfig.Intervals.PLUG_IN));
        ArState s = learnAll(model, y);
        assertEquals(f.integer("nobs"), s.weight, 0.0, "number of regressions");
        f.assertClose("coefficients", f.vector("params"), s.theta, 1e-8);
        f.assertClose("sigma2 (SSR/nobs)", f.number("sigma2"), s.ssr / s.weight, 1e-8);

        double[] mean = f.vector("forecast_mean");
        int horizon = mean.length;
        Predictive out = new Predictive(horizon);
        model.forecast(s, out);
        double[] m = new double[horizon];
        double[] v = new double[horizon];
        double[] se = f.vector("forecast_se");
        double[] expectedVar = new double[horizon];
        double[] lo = new double[horizon];
        double[] hi = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            m[h - 1] = out.mean(h);
            v[h - 1] = out.variance(h);
            expectedVar[h - 1] = se[h - 1] * se[h - 1];
            lo[h - 1] = out.quantile(h, 0.025);
            hi[h - 1] = out.quantile(h, 0.975);
        }
        assertEquals(Double.POSITIVE_INFINITY, out.dof(), "plug-in predictive is Normal");
        f.assertClose("forecast means", mean, m, 1e-8);
        f.assertClose("forecast variances", expectedVar, v, 1e-8);
        f.assertClose("95% lower", f.vector("forecast_lower_95"), lo, 1e-6);
        f.assertClose("95% upper", f.vector("forecast_upper_95"), hi, 1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ar_sim_ar3.json", "ar_sim_ar8.json", "ar_sim_ar1_short.json",
        "ar_nab_machine_temperature.json", "ar_nab_ambient_temperature.json"})
    void bayesianOneStepMatchesOlsPredictionInterval(String file) {
        Fixture f = Fixture.load(file);
        int order = f.integer("order");
        RlsAr model = new RlsAr(new ArConfig(order, 1.0, 1e4, ArConfig.Intervals.BAYESIAN));
        ArState s = learnAll(model, f.vector("y"));
        f.assertClose("coefficients", f.vector("params"), s.theta, 1e-8);
        f.assertClose("s^2 (OLS scale)", f.number("ols_scale"), model.noiseVariance(s), 1e-8);
        Predictive out = new Predictive(1);
        model.forecast(s, out);
        assertEquals(f.number("ols_df_resid"), out.dof(), 1e-9, "Student-t degrees of freedom");
        f.assertClose("one-step mean", f.number("ols_next_mean"), out.mean(1), 1e-8);
        f.assertClose("one-step 90% lower (t)", f.number("ols_next_obs_lower_90"), out.quantile(1, 0.05), 1e-6);
        f.assertClose("one-step 90% upper (t)", f.number("ols_next_obs_upper_90"), out.quantile(1, 0.95), 1e-6);
    }
}
