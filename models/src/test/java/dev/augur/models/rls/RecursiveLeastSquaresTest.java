package dev.augur.models.rls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RecursiveLeastSquaresTest {

    private static double[] randomSpd(int m, Random rng) {
        double[] a = new double[m * m];
        for (int i = 0; i < m * m; i++) {
            a[i] = rng.nextGaussian();
        }
        double[] r = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = i == j ? 0.5 : 0;
                for (int k = 0; k < m; k++) {
                    s += a[i * m + k] * a[j * m + k];
                }
                r[i * m + j] = s;
            }
        }
        return r;
    }

    /** UD factors from the Cholesky factor of R expand to R^{-1}: R P = I. */
    @Test
    void factorsFromCholeskyGiveTheInverse() {
        Random rng = new Random(1);
        int m = 7;
        double[] r = randomSpd(m, rng);
        double[] l = new double[m * m];
        assertTrue(Cholesky.factor(r, 0, m, l, 1e-12));
        double[] ud = new double[m * m];
        RecursiveLeastSquares.factorsFromCholesky(l, m, ud, 0, new double[m * m]);
        double[] p = new double[m * m];
        RecursiveLeastSquares.expand(ud, 0, m, p, 0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += r[i * m + k] * p[k * m + j];
                }
                assertEquals(i == j ? 1.0 : 0.0, s, 1e-10, "(R P)[" + i + "][" + j + "]");
            }
        }
    }

    /** Bierman's step equals the covariance-form step: same gain P x, same beta, same updated P. */
    @Test
    void biermanStepEqualsTheCovarianceForm() {
        Random rng = new Random(2);
        int m = 6;
        double lambda = 0.97;
        double[] r = randomSpd(m, rng);
        double[] l = new double[m * m];
        assertTrue(Cholesky.factor(r, 0, m, l, 0));
        double[] ud = new double[m * m];
        RecursiveLeastSquares.factorsFromCholesky(l, m, ud, 0, new double[m * m]);
        for (int step = 0; step < 50; step++) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = rng.nextGaussian() * 3;
            }
            double[] p = new double[m * m];
            RecursiveLeastSquares.expand(ud, 0, m, p, 0);
            double[] px = new double[m];
            double xpx = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    px[i] += p[i * m + j] * x[j];
                }
                xpx += x[i] * px[i];
            }
            double[] f = new double[m];
            double[] nu = new double[m];
            double beta = RecursiveLeastSquares.update(ud, 0, m, x, lambda, f, nu);
            assertEquals(lambda + xpx, beta, 1e-10 * beta);
            for (int i = 0; i < m; i++) {
                assertEquals(px[i], nu[i], 1e-10 * (1 + Math.abs(px[i])), "gain " + i);
            }
            double[] after = new double[m * m];
            RecursiveLeastSquares.expand(ud, 0, m, after, 0);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double expected = (p[i * m + j] - px[i] * px[j] / beta) / lambda;
                    assertEquals(expected, after[i * m + j], 1e-9 * (1 + Math.abs(expected)), "P[" + i + "][" + j
                            + "] at step " + step);
                }
            }
            assertEquals(RecursiveLeastSquares.quadraticForm(ud, 0, m, x, 0), quad(after, x, m),
                    1e-9 * (1 + quad(after, x, m)));
        }
    }

    @Test
    void choleskyRefusesNearlySingularMatrices() {
        double[] singular = {1, 1, 1, 1 + 1e-14};
        assertFalse(Cholesky.factor(singular, 0, 2, new double[4], 1e-10));
        assertTrue(Cholesky.factor(new double[] {4, 2, 2, 3}, 0, 2, new double[4], 1e-10));
    }

    private static double quad(double[] p, double[] x, int m) {
        double q = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                q += x[i] * p[i * m + j] * x[j];
            }
        }
        return q;
    }

    @Test
    void splitStepEqualsTheFusedStepToTheBit() {
        Random rng = new Random(5);
        int m = 6;
        double[] ud = new double[m * m];
        RecursiveLeastSquares.setScaledIdentity(ud, 0, m, 3.0);
        double[] x = new double[m];
        double[] f = new double[m];
        double[] nu = new double[m];
        double[] g = new double[m];
        double[] nu2 = new double[m];
        for (int t = 0; t < 200; t++) {
            for (int i = 0; i < m; i++) {
                x[i] = rng.nextGaussian();
            }
            double[] copy = ud.clone();
            double q = RecursiveLeastSquares.quadraticForm(ud, 0, m, x, 0);
            assertEquals(q, RecursiveLeastSquares.quadraticForm(ud, 0, m, x, 0, g), 0.0);
            double beta = RecursiveLeastSquares.update(ud, 0, m, x, 0.99, f, nu);
            for (int i = 0; i < m; i++) {
                assertEquals(f[i], g[i], 0.0, "U'x from the quadratic form");
            }
            double beta2 = RecursiveLeastSquares.updateTransformed(copy, 0, m, g, 0.99, nu2);
            assertEquals(beta, beta2, 0.0);
            for (int i = 0; i < m * m; i++) {
                assertEquals(ud[i], copy[i], 0.0);
            }
            for (int i = 0; i < m; i++) {
                assertEquals(nu[i], nu2[i], 0.0);
            }
        }
    }

    /**
     * The fused kernels give the separate passes' numbers to the bit: the one-pass update with its health check, and
     * the step that also transforms the next regressor and forms its quadratic form (in place of f, as the models
     * call it).
     */
    @Test
    void fusedStepsMatchTheSeparatePassesToTheBit() {
        Random rng = new Random(5);
        for (int m : new int[] {1, 2, 9, 17, 29}) {
            double[] ud = new double[m * m];
            RecursiveLeastSquares.setScaledIdentity(ud, 0, m, 3.0);
            double[] x = new double[m];
            double[] z = new double[m];
            double[] f = new double[m];
            double[] g = new double[m];
            double[] nu = new double[m];
            double[] nu2 = new double[m];
            double[] health = new double[1];
            double[] health2 = new double[2];
            for (int t = 0; t < 300; t++) {
                for (int i = 0; i < m; i++) {
                    x[i] = rng.nextGaussian() * (t % 50 == 0 ? 1e6 : 1);
                    z[i] = rng.nextGaussian();
                }
                double[] copy = ud.clone();
                double[] copy2 = ud.clone();
                double beta = RecursiveLeastSquares.update(ud, 0, m, x, 0.98, f, nu, health);
                RecursiveLeastSquares.transform(copy, 0, m, x, g);
                double beta2 = RecursiveLeastSquares.updateTransformed(copy, 0, m, g, 0.98, nu2, health2);
                assertEquals(beta2, beta, 0.0);
                assertEquals(health2[0], health[0], 0.0);
                for (int i = 0; i < m; i++) {
                    assertEquals(g[i], f[i], 0.0, "U'x");
                    assertEquals(nu2[i], nu[i], 0.0, "nu");
                }
                for (int i = 0; i < m * m; i++) {
                    assertEquals(copy[i], ud[i], 0.0, "factors");
                }
                double beta3 = RecursiveLeastSquares.updateTransformed(copy2, 0, m, g, 0.98, nu2, health2, z, g);
                assertEquals(beta, beta3, 0.0);
                assertEquals(health[0], health2[0], 0.0);
                for (int i = 0; i < m * m; i++) {
                    assertEquals(ud[i], copy2[i], 0.0, "factors");
                }
                assertEquals(RecursiveLeastSquares.quadraticForm(ud, 0, m, z, 0, f), health2[1], 0.0, "z'Pz");
                for (int i = 0; i < m; i++) {
                    assertEquals(f[i], g[i], 0.0, "U'z after the step");
                }
            }
        }
    }

    @Test
    void healthChecksSeeANaNAnywhereOnTheDiagonal() {
        int m = 3;
        double[] ud = new double[m * m];
        RecursiveLeastSquares.setScaledIdentity(ud, 0, m, 2.0);
        for (int j = 0; j < m; j++) {
            double[] bad = ud.clone();
            bad[j * m + j] = Double.NaN;
            assertTrue(Double.isNaN(RecursiveLeastSquares.minDiagonal(bad, 0, m)), "NaN at " + j);
            assertTrue(Double.isNaN(RecursiveLeastSquares.traceIfPositive(bad, 0, m)), "NaN at " + j);
        }
        assertEquals(2.0, RecursiveLeastSquares.minDiagonal(ud, 0, m), 0.0);
        assertEquals(6.0, RecursiveLeastSquares.traceIfPositive(ud, 0, m), 0.0);
    }
}
