package dev.augur.models.var;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.models.Fixture;
import dev.augur.models.MultivariatePredictive;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Online VAR with lambda = 1 against statsmodels {@code VAR(y).fit(p, trend='c')} on the fixtures written by
 * {@code models/fixtures/make_fixtures.py}: coefficients, Sigma_u, forecasts, MSE matrices, IRF, orthogonalised IRF and
 * FEVD to 1e-8 relative; intervals and Granger-test p-values and critical values (distribution functions) to 1e-6.
 */
class RlsVarFixtureTest {

    private static double[] flatten(double[][] a) {
        int n = 0;
        for (double[] r : a) {
            n += r.length;
        }
        double[] out = new double[n];
        int i = 0;
        for (double[] r : a) {
            for (double v : r) {
                out[i++] = v;
            }
        }
        return out;
    }

    private static double[] flatten(double[][][] a) {
        double[][] rows = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            rows[i] = flatten(a[i]);
        }
        return flatten(rows);
    }

    private static double[] flatten(JsonNode n) {
        if (!n.isArray()) {
            return new double[] {n.asDouble()};
        }
        double[][] parts = new double[n.size()][];
        for (int i = 0; i < n.size(); i++) {
            parts[i] = flatten(n.get(i));
        }
        return flatten(parts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"var_sim_k3_p2.json", "var_nab_k2_p3.json"})
    void matchesStatsmodelsVar(String file) {
        Fixture f = Fixture.load(file);
        int k = f.integer("k");
        int order = f.integer("order");
        int horizon = f.integer("horizon");
        RlsVar model = new RlsVar(new VarConfig(k, order, 1.0, 1e4));
        VarState s = model.newState();
        for (double[] row : f.matrix("y")) {
            model.learn(s, row);
        }
        VarAnalysis a = new VarAnalysis(model, s);
        assertEquals(f.number("df_resid"), a.residualDof(), 0.0, "residual degrees of freedom");
        f.assertClose("coefficients", flatten(f.matrix("params")), s.coef, 1e-8);
        f.assertClose("sigma_u", flatten(f.matrix("sigma_u")), flatten(a.residualCovariance()), 1e-8);

        MultivariatePredictive out = new MultivariatePredictive(k, horizon);
        model.forecast(s, out);
        double[] mean = new double[horizon * k];
        double[] lo = new double[horizon * k];
        double[] hi = new double[horizon * k];
        double[] mse = new double[horizon * k * k];
        for (int h = 1; h <= horizon; h++) {
            for (int i = 0; i < k; i++) {
                mean[(h - 1) * k + i] = out.mean(h, i);
                lo[(h - 1) * k + i] = out.quantile(h, i, 0.025);
                hi[(h - 1) * k + i] = out.quantile(h, i, 0.975);
                for (int j = 0; j < k; j++) {
                    mse[((h - 1) * k + i) * k + j] = out.covariance(h, i, j);
                }
            }
        }
        f.assertClose("forecast", flatten(f.node("forecast")), mean, 1e-8);
        f.assertClose("mse (forecast)", flatten(f.node("mse")), mse, 1e-8);
        f.assertClose("mse (analysis)", flatten(f.node("mse")), flatten(a.forecastMse(horizon)), 1e-8);
        f.assertClose("forecast_interval lower", flatten(f.node("forecast_lower_95")), lo, 1e-6);
        f.assertClose("forecast_interval upper", flatten(f.node("forecast_upper_95")), hi, 1e-6);
        f.assertClose("irf", flatten(f.node("irf")), flatten(a.maRepresentation(horizon)), 1e-8);
        f.assertClose("orth_irf", flatten(f.node("orth_irf")), flatten(a.orthogonalisedIrf(horizon)), 1e-8);
        f.assertClose("fevd", flatten(f.node("fevd")), flatten(a.fevd(horizon)), 1e-8);

        for (JsonNode t : f.node("causality")) {
            int[] caused = ints(t.get("caused"));
            int[] causing = ints(t.get("causing"));
            GrangerTest.Kind kind = t.get("kind").asText().equals("f") ? GrangerTest.Kind.F : GrangerTest.Kind.WALD;
            GrangerTest g = a.grangerCausality(caused, causing, kind, 0.05);
            String what = "granger " + kind + " " + t.get("caused") + "<-" + t.get("causing");
            double[] df = Fixture.vector(t.get("df"));
            assertEquals(df[0], g.df1(), 0.0, what + " df1");
            if (kind == GrangerTest.Kind.F) {
                assertEquals(df[1], g.df2(), 1e-9, what + " df2");
            }
            f.assertClose(what + " statistic", t.get("statistic").asDouble(), g.statistic(), 1e-8);
            f.assertClose(what + " pvalue", t.get("pvalue").asDouble(), g.pValue(), 1e-6);
            f.assertClose(what + " crit", t.get("crit_value").asDouble(), g.criticalValue(), 1e-6);
        }
    }

    private static int[] ints(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }
}
