package dev.augur.models.star;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.Fixture;
import dev.augur.models.MultivariatePredictive;
import dev.augur.models.PlainState;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpaceTimeArTest {

    /** Twelve sites on a 4 x 3 grid with inverse-distance weights within distance 1.5. */
    static SpatialWeights grid12() {
        double[][] xy = new double[12][];
        for (int i = 0; i < 12; i++) {
            xy[i] = new double[] {i % 4, i / 4 + 0.1 * (i % 2)};
        }
        return SpatialWeights.inverseDistance(xy, 1, 1.5);
    }

    /** y_t = c + sum phi_l y_{t-l} + sum psi_l W y_{t-l} + e_t, e_t ~ N(0, I), after a burn-in of 200 steps. */
    static double[][] simulate(SpatialWeights w, double c, double[] phi, double[] psi, int n, long seed) {
        int k = w.size();
        int p = phi.length;
        Random rng = new Random(seed);
        double[][] hist = new double[n + 200 + p][k];
        double[] wy = new double[k];
        for (int t = p; t < hist.length; t++) {
            for (int i = 0; i < k; i++) {
                hist[t][i] = c + rng.nextGaussian();
            }
            for (int l = 1; l <= p; l++) {
                w.apply(hist[t - l], 0, wy, 0);
                for (int i = 0; i < k; i++) {
                    hist[t][i] += phi[l - 1] * hist[t - l][i] + psi[l - 1] * wy[i];
                }
            }
        }
        double[][] y = new double[n][];
        System.arraycopy(hist, 200 + p, y, 0, n);
        return y;
    }

    private static void assertClose(String what, double[] expected, double[] actual, double tolerance) {
        double err = Fixture.maxRelativeError(expected, actual);
        System.out.printf("%-52s max relative error %.3e (tolerance %.0e)%n", what, err, tolerance);
        assertTrue(err <= tolerance, what + ": max relative error " + err);
    }

    @Test
    void recoversPhiAndPsiOfASimulatedStar2() {
        SpatialWeights w = grid12();
        double[] phi = {0.4, 0.15};
        double[] psi = {0.25, -0.1};
        SpaceTimeAr model = new SpaceTimeAr(new StarConfig(w, 2, 1.0, 1e4));
        StarState s = model.newState();
        for (double[] y : simulate(w, 1.0, phi, psi, 3000, 17)) {
            model.learn(s, y);
        }
        System.out.printf("STAR(2_1) k=12, n=3000: c %.4f (1), phi %.4f %.4f (0.4 0.15), psi %.4f %.4f (0.25 -0.1), "
                + "sigma^2 %.4f (1)%n", model.intercept(s), model.phi(s, 1), model.phi(s, 2), model.psi(s, 1),
                model.psi(s, 2), model.pooledVariance(s));
        for (int l = 1; l <= 2; l++) {
            assertEquals(phi[l - 1], model.phi(s, l), 0.03, "phi_" + l);
            assertEquals(psi[l - 1], model.psi(s, l), 0.05, "psi_" + l);
        }
        assertEquals(1.0, model.intercept(s), 0.3, "intercept");
        assertEquals(1.0, model.pooledVariance(s), 0.05, "pooled noise variance");
        assertFalse(model.warmingUp(s));
    }

    /**
     * RLS on the stacked regression equals (weighted) pooled OLS computed directly by EJML's least-squares solve on the
     * stacked design, rows weighted by lambda^{(T-t)/2} per time step.
     */
    @ParameterizedTest
    @CsvSource({"1, 1.0", "2, 1.0", "3, 1.0", "2, 0.98"})
    void equalsPooledOlsOnTheStackedDesign(int p, double lambda) {
        SpatialWeights w = grid12();
        int k = w.size();
        int m = 1 + 2 * p;
        int n = 400;
        double[][] y = simulate(w, 2.0, p == 1 ? new double[] {0.5} : p == 2 ? new double[] {0.4, 0.15}
                : new double[] {0.3, 0.1, 0.1}, p == 1 ? new double[] {0.3} : p == 2 ? new double[] {0.25, -0.1}
                : new double[] {0.2, 0.1, -0.05}, n, 5 + p);
        SpaceTimeAr model = new SpaceTimeAr(new StarConfig(w, p, lambda, 1e4));
        StarState s = model.newState();
        for (double[] row : y) {
            model.learn(s, row);
        }
        int rows = (n - p) * k;
        DMatrixRMaj a = new DMatrixRMaj(rows, m);
        DMatrixRMaj b = new DMatrixRMaj(rows, 1);
        double[][] wy = new double[n][k];
        for (int t = 0; t < n; t++) {
            w.apply(y[t], 0, wy[t], 0);
        }
        int r = 0;
        for (int t = p; t < n; t++) {
            double scale = Math.sqrt(Math.pow(lambda, n - 1 - t));
            for (int i = 0; i < k; i++) {
                a.set(r, 0, scale);
                for (int l = 1; l <= p; l++) {
                    a.set(r, l, scale * y[t - l][i]);
                    a.set(r, p + l, scale * wy[t - l][i]);
                }
                b.set(r, 0, scale * y[t][i]);
                r++;
            }
        }
        DMatrixRMaj theta = new DMatrixRMaj(m, 1);
        assertTrue(CommonOps_DDRM.solve(a, b, theta));
        DMatrixRMaj fitted = new DMatrixRMaj(rows, 1);
        CommonOps_DDRM.mult(a, theta, fitted);
        double ssr = 0;
        for (int i = 0; i < rows; i++) {
            double e = b.get(i, 0) - fitted.get(i, 0);
            ssr += e * e;
        }
        String tag = "STAR(" + p + "_1) lambda=" + lambda;
        assertClose(tag + " theta vs EJML pooled OLS", theta.getData(), s.coef, 1e-8);
        assertClose(tag + " weighted SSR vs EJML", new double[] {ssr}, new double[] {s.ssr}, 1e-8);
    }

    /** The forecast is the VAR with A_l = phi_l I + psi_l W: step-1 mean and MSE(2) = Sigma_u + A_1 Sigma_u A_1'. */
    @Test
    void forecastIsTheEquivalentVar() {
        SpatialWeights w = grid12();
        int k = w.size();
        SpaceTimeAr model = new SpaceTimeAr(StarConfig.of(w, 1));
        StarState s = model.newState();
        for (double[] y : simulate(w, 1.0, new double[] {0.5}, new double[] {0.3}, 500, 3)) {
            model.learn(s, y);
        }
        double[][] wm = w.toMatrix();
        double phi = model.phi(s, 1);
        double psi = model.psi(s, 1);
        double[][] a1 = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                a1[i][j] = (i == j ? phi : 0) + psi * wm[i][j];
            }
        }
        double[] sigma = new double[k * k];
        model.residualCovariance(s, sigma);
        MultivariatePredictive out = new MultivariatePredictive(k, 2);
        model.forecast(s, out);
        double[] meanExpected = new double[k];
        double[] meanActual = new double[k];
        double[] mseExpected = new double[k * k];
        double[] mseActual = new double[k * k];
        for (int i = 0; i < k; i++) {
            meanExpected[i] = model.intercept(s);
            for (int j = 0; j < k; j++) {
                meanExpected[i] += a1[i][j] * s.lags[j];
                double v = sigma[i * k + j];
                for (int c = 0; c < k; c++) {
                    for (int d = 0; d < k; d++) {
                        v += a1[i][c] * sigma[c * k + d] * a1[j][d];
                    }
                }
                mseExpected[i * k + j] = v;
                mseActual[i * k + j] = out.covariance(2, i, j);
                assertEquals(sigma[i * k + j], out.covariance(1, i, j), 0.0);
            }
            meanActual[i] = out.mean(1, i);
        }
        assertClose("STAR one-step mean vs nu + A_1 y_t", meanExpected, meanActual, 1e-12);
        assertClose("STAR MSE(2) vs Sigma_u + A_1 Sigma_u A_1'", mseExpected, mseActual, 1e-12);
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += sigma[i * k + i];
        }
        assertEquals(k * model.pooledVariance(s), trace, 1e-9 * trace, "tr Sigma_u = k sigma^2");
        System.out.printf("STAR state bytes: k=12 p=1 %d%n", PlainState.payloadBytes(s));
    }
}
