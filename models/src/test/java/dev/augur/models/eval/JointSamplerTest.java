package dev.augur.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.dist.Normal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JointSamplerTest {
    private static final double[] SIGMA = {4, 1.2, -0.6, 1.2, 1, 0.3, -0.6, 0.3, 2.25};

    private static double[] draws(int n, int k, long seed) {
        Random r = new Random(seed);
        double[] e = new double[n * k];
        for (int i = 0; i < e.length; i++) {
            e[i] = r.nextGaussian();
        }
        return e;
    }

    private static double[] covariance(double[] x, int n, int k) {
        double[] mean = new double[k];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < k; i++) {
                mean[i] += x[p * k + i] / n;
            }
        }
        double[] c = new double[k * k];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    c[i * k + j] += (x[p * k + i] - mean[i]) * (x[p * k + j] - mean[j]) / (n - 1);
                }
            }
        }
        return c;
    }

    @Test
    void gaussianSamplesHaveTheMeanAndCovariance() {
        int n = 200_000;
        int k = 3;
        double[] l = new double[k * k];
        JointSampler.factor(SIGMA, k, l);
        double[] x = new double[n * k];
        JointSampler.gaussian(new double[] {1, -2, 10}, l, draws(n, k, 3), n, k, x);
        double[] c = covariance(x, n, k);
        for (int i = 0; i < k * k; i++) {
            assertEquals(SIGMA[i], c[i], 0.03 * Math.sqrt(SIGMA[(i / k) * k + i / k] * SIGMA[(i % k) * k + i % k]),
                    "covariance entry " + i);
        }
        double m = 0;
        for (int p = 0; p < n; p++) {
            m += x[p * k + 2] / n;
        }
        assertEquals(10, m, 0.02);
    }

    @Test
    void copulaKeepsTheMarginalsAndTheCorrelation() {
        int n = 100_000;
        int k = 3;
        double[] corr = new double[k * k];
        JointSampler.correlation(SIGMA, k, corr);
        assertEquals(1.2 / 2, corr[1], 1e-15);
        assertEquals(-0.6 / 3, corr[2], 1e-15);
        double[] c = new double[k * k];
        JointSampler.factor(corr, k, c);
        // marginals N(mu_i, s_i^2) known at 99 levels
        double[] levels = new double[99];
        for (int i = 0; i < 99; i++) {
            levels[i] = (i + 1) / 100.0;
        }
        double[] mu = {5, 0, -3};
        double[] s = {1, 10, 0.1};
        double[] q = new double[k * 99];
        for (int i = 0; i < k; i++) {
            for (int l = 0; l < 99; l++) {
                q[i * 99 + l] = mu[i] + s[i] * Normal.inverseCdf(levels[l]);
            }
        }
        double[] u = new double[n * k];
        JointSampler.uniforms(c, draws(n, k, 9), n, k, u);
        double[] x = new double[n * k];
        JointSampler.copula(levels, q, u, n, k, x);
        double[] cov = covariance(x, n, k);
        for (int i = 0; i < k; i++) {
            assertEquals(s[i] * s[i], cov[i * k + i], 0.03 * s[i] * s[i], "variance " + i);
            for (int j = 0; j < k; j++) {
                double r = cov[i * k + j] / Math.sqrt(cov[i * k + i] * cov[j * k + j]);
                assertEquals(corr[i * k + j], r, 0.02, "correlation " + i + "," + j);
            }
        }
    }

    @Test
    void singularCovarianceStillFactors() {
        // rank one: a = b
        double[] a = {2, 2, 2, 2};
        double[] l = new double[4];
        JointSampler.factor(a, 2, l);
        double[] back = {l[0] * l[0], l[0] * l[2], l[2] * l[0], l[2] * l[2] + l[3] * l[3]};
        for (int i = 0; i < 4; i++) {
            assertTrue(Double.isFinite(l[i]), "entry " + i + " of " + java.util.Arrays.toString(l));
            assertEquals(a[i], back[i], 1e-8, "L L' entry " + i);
        }
    }
}
