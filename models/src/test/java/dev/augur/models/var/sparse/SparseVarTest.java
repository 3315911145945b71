package dev.augur.models.var.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.models.Fixture;
import dev.augur.models.MultivariatePredictive;
import dev.augur.models.PlainState;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseVarTest {

    private static double[] flatten(JsonNode n) {
        if (!n.isArray()) {
            return new double[] {n.asDouble()};
        }
        double[][] parts = new double[n.size()][];
        int total = 0;
        for (int i = 0; i < n.size(); i++) {
            parts[i] = flatten(n.get(i));
            total += parts[i].length;
        }
        double[] out = new double[total];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** With alpha = 0 and lambda = 1 the lasso is OLS: statsmodels VAR(y).fit(p, trend='c') on the VAR fixtures. */
    @ParameterizedTest
    @ValueSource(strings = {"var_sim_k3_p2.json", "var_nab_k2_p3.json"})
    void zeroPenaltyMatchesStatsmodelsOls(String file) {
        Fixture f = Fixture.load(file);
        int k = f.integer("k");
        int order = f.integer("order");
        int horizon = f.integer("horizon");
        SparseVar model = new SparseVar(new SparseVarConfig(k, order, 1.0, new double[] {0.0}, 0.99, 0.01, 10_000,
                1e-14));
        SparseVarState s = model.newState();
        for (double[] row : f.matrix("y")) {
            model.learn(s, row);
        }
        double[] coef = new double[(1 + k * order) * k];
        model.coefficients(s, coef);
        f.assertClose("lasso(alpha=0) coefficients", flatten(f.node("params")), coef, 1e-6);
        double[] sigma = new double[k * k];
        model.residualCovariance(s, sigma);
        f.assertClose("lasso(alpha=0) sigma_u", flatten(f.node("sigma_u")), sigma, 1e-6);
        MultivariatePredictive out = new MultivariatePredictive(k, horizon);
        model.forecast(s, out);
        double[] mean = new double[horizon * k];
        double[] mse = new double[horizon * k * k];
        for (int h = 1; h <= horizon; h++) {
            for (int i = 0; i < k; i++) {
                mean[(h - 1) * k + i] = out.mean(h, i);
                for (int j = 0; j < k; j++) {
                    mse[((h - 1) * k + i) * k + j] = out.covariance(h, i, j);
                }
            }
        }
        f.assertClose("lasso(alpha=0) forecast", flatten(f.node("forecast")), mean, 1e-6);
        f.assertClose("lasso(alpha=0) mse", flatten(f.node("mse")), mse, 1e-6);
    }

    /** A VAR(1) for k = 20 whose A has 20 + 20 nonzeros among 400 entries; y_t = 5 + A y_{t-1} + N(0, I). */
    static double[][] sparseVar1(double[][] a, int n, long seed) {
        int k = a.length;
        Random rng = new Random(seed);
        double[][] y = new double[n][k];
        double[] prev = new double[k];
        for (int t = -200; t < n; t++) {
            double[] cur = new double[k];
            for (int i = 0; i < k; i++) {
                double v = rng.nextGaussian();
                for (int j = 0; j < k; j++) {
                    v += a[i][j] * prev[j];
                }
                cur[i] = v;
            }
            prev = cur;
            if (t >= 0) {
                for (int i = 0; i < k; i++) {
                    y[t][i] = 5 + cur[i];
                }
            }
        }
        return y;
    }

    static double[][] sparseTruth(int k) {
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            a[i][i] = 0.5;
            a[i][(i + 3) % k] = i % 2 == 0 ? 0.3 : -0.25;
        }
        return a;
    }

    @Test
    void recoversTheSupportOfASparseVar1WithTwentySeries() {
        int k = 20;
        double[][] a = sparseTruth(k);
        SparseVar model = new SparseVar(new SparseVarConfig(k, 1, 0.999, SparseVarConfig.DEFAULT_PENALTIES, 0.99, 0.01,
                10, 1e-6));
        SparseVarState s = model.newState();
        for (double[] y : sparseVar1(a, 3000, 7)) {
            model.learn(s, y);
        }
        double[] coef = new double[(1 + k) * k];
        model.coefficients(s, coef);
        int zeros = 0;
        int zerosKept = 0;
        int nonzeros = 0;
        int found = 0;
        double worst = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double est = coef[(1 + j) * k + i];
                if (a[i][j] == 0) {
                    zeros++;
                    zerosKept += est == 0 ? 1 : 0;
                } else {
                    nonzeros++;
                    found += est != 0 && Math.signum(est) == Math.signum(a[i][j]) ? 1 : 0;
                    worst = Math.max(worst, Math.abs(est - a[i][j]));
                }
            }
        }
        System.out.printf("sparse VAR k=20: penalty %.3f, exact zeros %d/%d, nonzeros found %d/%d, "
                + "worst nonzero error %.3f%n", model.selectedPenalty(s), zerosKept, zeros, found, nonzeros, worst);
        assertEquals(nonzeros, found, "every true nonzero found with the right sign");
        assertTrue(zerosKept >= 0.8 * zeros, "exact zeros " + zerosKept + " of " + zeros);
        assertTrue(worst < 0.1, "worst error on a nonzero " + worst);
    }

    @Test
    void largePenaltyGivesTheMeanModelAndSmallerPenaltiesAreDenser() {
        int k = 20;
        SparseVar model = new SparseVar(new SparseVarConfig(k, 1, 0.999, new double[] {1.0, 0.1, 0.01}, 0.99, 0.01, 50,
                1e-8));
        SparseVarState s = model.newState();
        for (double[] y : sparseVar1(sparseTruth(k), 1500, 3)) {
            model.learn(s, y);
        }
        int m = 1 + k;
        int[] nonzero = new int[3];
        for (int g = 0; g < 3; g++) {
            for (int i = k; i < m * k; i++) {
                nonzero[g] += s.coef[g * m * k + i] != 0 ? 1 : 0;
            }
        }
        assertEquals(0, nonzero[0], "alpha = 1 zeroes every slope");
        for (int i = 0; i < k; i++) {
            assertEquals(s.meanY[i], s.coef[i], 1e-12, "intercept of the empty model is the mean");
        }
        assertTrue(nonzero[1] < nonzero[2], "nonzeros " + java.util.Arrays.toString(nonzero));
    }

    /** Not a timing assertion: prints the state size and a rough update cost for k = 50 (README numbers). */
    @Test
    void fiftySeriesStateSizeAndCost() {
        int k = 50;
        SparseVar model = new SparseVar(SparseVarConfig.of(k, 1));
        SparseVarState s = model.newState();
        double[][] y = sparseVar1(sparseTruth(k), 1500, 5);
        long start = 0;
        for (int t = 0; t < y.length; t++) {
            if (t == 500) {
                start = System.nanoTime();
            }
            model.learn(s, y[t]);
        }
        double micros = (System.nanoTime() - start) / 1e3 / 1000;
        MultivariatePredictive out = new MultivariatePredictive(k, 10);
        long f0 = System.nanoTime();
        model.forecast(s, out);
        double forecastMicros = (System.nanoTime() - f0) / 1e3;
        System.out.printf("sparse VAR k=50 p=1 G=6: state %d bytes, about %.0f us per update, %.0f us per "
                + "10-step forecast (cold), penalty %.3f%n", PlainState.payloadBytes(s), micros, forecastMicros,
                model.selectedPenalty(s));
        assertTrue(Double.isFinite(out.mean(10, 49)));
    }

    @Test
    void configErrorsNameTheSettingAndRange() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> new SparseVarConfig(65, 1, 0.99, new double[] {0.1}, 0.99, 0.01, 10, 1e-6)).getMessage();
        assertTrue(msg.contains("sparse-var.dimension") && msg.contains("[1, 64]"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> new SparseVarConfig(50, 16, 0.99, new double[] {0.1}, 0.99, 0.01, 10, 1e-6)).getMessage();
        assertTrue(msg.contains("at most 512"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> new SparseVarConfig(5, 1, 0.99, new double[] {0.1, -0.1}, 0.99, 0.01, 10, 1e-6)).getMessage();
        assertTrue(msg.contains("sparse-var.penalties") && msg.contains("[0, 1]"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> new SparseVarConfig(5, 1, 0.99, new double[] {0.1, 0.1}, 0.99, 0.01, 10, 1e-6)).getMessage();
        assertTrue(msg.contains("distinct"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> new SparseVarConfig(5, 1, 0.9, new double[] {0.1}, 0.99, 0.01, 10, 1e-6)).getMessage();
        assertTrue(msg.contains("sparse-var.forgetting"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> new SparseVarConfig(5, 1, 0.99, new double[] {0.1}, 1.0, 0.01, 10, 1e-6)).getMessage();
        assertTrue(msg.contains("sparse-var.selection-forgetting"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> new SparseVarConfig(5, 1, 0.99, new double[] {0.1}, 0.99, 0.01, 0, 1e-6)).getMessage();
        assertTrue(msg.contains("sparse-var.max-sweeps"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> new SparseVarConfig(5, 1, 0.99, new double[] {0.1}, 0.99, 0.5, 10, 1e-6)).getMessage();
        assertTrue(msg.contains("sparse-var.selection-slack") && msg.contains("[0, 0.1]"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> new SparseVarConfig(5, 1, 0.99, new double[] {0.1}, 0.99, 0.01, 10, 0.1)).getMessage();
        assertTrue(msg.contains("sparse-var.tolerance"), msg);
        double[] grid = {0.01, 0.5, 0.1};
        SparseVarConfig c = new SparseVarConfig(5, 1, 0.99, grid, 0.99, 0.01, 10, 1e-6);
        assertEquals("[0.5, 0.1, 0.01]", java.util.Arrays.toString(c.penalties()));
        grid[0] = 9;
        assertEquals(0.01, c.penalties()[2], 0.0, "the config keeps its own copy");
    }
}
