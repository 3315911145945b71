package dev.augur.models.var.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LassoCoordinateDescentTest {

    /** With C diagonal the lasso is soft-thresholding: b_j = S(c_j, t_j) / C_jj in one sweep. */
    @Test
    void diagonalDesignIsSoftThresholding() {
        int q = 4;
        double[] cxx = new double[q * q];
        double[] diag = {4, 1, 9, 0.25};
        double[] cxy = {3, -0.2, -10, 0.4};
        double[] sd = new double[q];
        for (int j = 0; j < q; j++) {
            cxx[j * q + j] = diag[j];
            sd[j] = Math.sqrt(diag[j]);
        }
        double sdY = 2;
        double alpha = 0.3;
        double[] b = new double[q];
        double[] g = cxy.clone();
        LassoCoordinateDescent.solve(cxx, q, sd, sdY, alpha, b, g, 1e-14, 100);
        for (int j = 0; j < q; j++) {
            double t = alpha * sd[j] * sdY;
            double z = cxy[j];
            double expected = Math.signum(z) * Math.max(Math.abs(z) - t, 0) / diag[j];
            assertEquals(expected, b[j], 1e-15, "coordinate " + j);
        }
        assertEquals(0.0, b[1], 0.0, "below the threshold the coefficient is exactly zero");
    }

    /** On a random correlated problem the result satisfies the lasso's KKT conditions. */
    @Test
    void solutionSatisfiesTheOptimalityConditions() {
        Random rng = new Random(3);
        int q = 12;
        int n = 200;
        double[][] x = new double[n][q];
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            double common = rng.nextGaussian();
            for (int j = 0; j < q; j++) {
                x[t][j] = 0.6 * common + rng.nextGaussian();
            }
            y[t] = 2 * x[t][0] - x[t][3] + 0.5 * x[t][7] + rng.nextGaussian();
        }
        double[] cxx = new double[q * q];
        double[] cxy = new double[q];
        double cyy = 0;
        for (int t = 0; t < n; t++) {
            for (int a = 0; a < q; a++) {
                cxy[a] += x[t][a] * y[t];
                for (int c = 0; c < q; c++) {
                    cxx[a * q + c] += x[t][a] * x[t][c];
                }
            }
            cyy += y[t] * y[t];
        }
        double[] sd = new double[q];
        for (int j = 0; j < q; j++) {
            sd[j] = Math.sqrt(cxx[j * q + j]);
        }
        double sdY = Math.sqrt(cyy);
        double alpha = 0.05;
        double[] b = new double[q];
        double[] g = new double[q];
        LassoCoordinateDescent.gradient(cxx, q, cxy, 0, 1, b, g);
        int sweeps = LassoCoordinateDescent.solve(cxx, q, sd, sdY, alpha, b, g, 1e-13, 1000);
        assertTrue(sweeps < 1000, "converged in " + sweeps + " sweeps");
        int nonzero = 0;
        for (int j = 0; j < q; j++) {
            double grad = cxy[j];
            for (int l = 0; l < q; l++) {
                grad -= cxx[j * q + l] * b[l];
            }
            assertEquals(grad, g[j], 1e-9 * sdY * sd[j], "the maintained gradient is current");
            double t = alpha * sd[j] * sdY;
            if (b[j] == 0) {
                assertTrue(Math.abs(grad) <= t * (1 + 1e-9), "|g_" + j + "| = " + Math.abs(grad) + " > " + t);
            } else {
                nonzero++;
                assertEquals(t * Math.signum(b[j]), grad, 1e-8 * t, "g_" + j + " = t sign(b_" + j + ")");
            }
        }
        assertTrue(nonzero >= 3 && nonzero < q, "nonzeros " + nonzero);
        assertTrue(b[0] > 1.5 && b[3] < -0.5 && b[7] > 0.2, java.util.Arrays.toString(b));
    }
}
