package dev.augur.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.models.dist.StudentT;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrpsTest {
    /** CRPS by numerical integration: Simpson's rule on F^2 over [lo, y] and on (1 - F)^2 over [y, hi]. */
    static double integrate(java.util.function.DoubleUnaryOperator cdf, double y, double lo, double hi) {
        return simpson(x -> Math.pow(cdf.applyAsDouble(x), 2), lo, y)
                + simpson(x -> Math.pow(1 - cdf.applyAsDouble(x), 2), y, hi);
    }

    static double simpson(java.util.function.DoubleUnaryOperator f, double a, double b) {
        int n = 200_000;
        double h = (b - a) / n;
        double s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return s * h / 3;
    }

    @Test
    void normalClosedFormMatchesIntegral() {
        for (double y : new double[] {-3, -0.2, 0, 1.7, 5}) {
            double expected = integrate(x -> dev.augur.models.dist.Normal.cdf((x - 0.5) / 2), y, -60, 60);
            assertEquals(expected, Crps.normal(0.5, 2, y), 1e-9);
        }
    }

    @Test
    void studentTClosedFormMatchesIntegral() {
        for (double nu : new double[] {3, 5, 30}) {
            for (double y : new double[] {-4, 0.3, 2.5}) {
                double expected = integrate(x -> StudentT.cdf((x - 1) / 1.5, nu), y, -3000, 3000);
                assertEquals(expected, Crps.studentT(1, 1.5, nu, y), 1e-6, "nu=" + nu + " y=" + y);
            }
        }
    }

    @Test
    void sampleEstimatorConvergesToClosedForm() {
        Random r = new Random(1);
        double[] s = new double[200_000];
        for (int i = 0; i < s.length; i++) {
            s[i] = 2 + 3 * r.nextGaussian();
        }
        assertEquals(Crps.normal(2, 3, 4.5), Crps.samples(s, s.length, 4.5), 0.02);
    }

    @Test
    void theJobsSevenLevelsUnderstateTheCrpsOfACalibratedNormal() {
        // E_y[2/K sum_k QS_tau(z_tau, y)] for y ~ N(0,1) at the true quantiles is 2/K sum_k phi(z_tau), because the
        // expected pinball loss at the true tau-quantile of N(0, 1) is phi(z_tau); the CRPS's expectation is 1/sqrt(pi)
        double[] levels = {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95};
        double[] q = new double[levels.length];
        double closedForm = 0;
        for (int k = 0; k < levels.length; k++) {
            q[k] = dev.augur.models.dist.Normal.inverseCdf(levels[k]);
            closedForm += 2.0 / levels.length * dev.augur.models.dist.Normal.pdf(q[k]);
        }
        double expected = simpson(y -> Crps.fromQuantiles(levels, q, y) * dev.augur.models.dist.Normal.pdf(y), -12,
                12);
        assertEquals(closedForm, expected, 1e-6);
        assertEquals(0.4548, expected, 1e-4);
        double crps = simpson(y -> Crps.normal(0, 1, y) * dev.augur.models.dist.Normal.pdf(y), -12, 12);
        assertEquals(1 / Math.sqrt(Math.PI), crps, 1e-9);
        assertEquals(0.806, expected / crps, 1e-3);
    }

    @Test
    void quantileScoreApproximatesCrps() {
        int k = 99;
        double[] levels = new double[k];
        double[] q = new double[k];
        for (int i = 0; i < k; i++) {
            levels[i] = (i + 1) / 100.0;
            q[i] = dev.augur.models.dist.Normal.inverseCdf(levels[i]);
        }
        assertEquals(Crps.normal(0, 1, 0.7), Crps.fromQuantiles(levels, q, 0.7), 0.01);
    }

    /** Averaged over many small ensembles from N(0, 1), the fair estimate is unbiased and the empirical one is not. */
    @Test
    void fairEnsembleCrpsIsUnbiasedAndTheEmpiricalOneIsNot() {
        Random rng = new Random(11);
        int n = 10;
        int reps = 200_000;
        double y = 0.7;
        double fair = 0;
        double empirical = 0;
        double[] x = new double[n];
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextGaussian();
            }
            fair += Crps.samplesFair(x, n, y);
            empirical += Crps.samples(x, n, y);
        }
        double exact = Crps.normal(0, 1, y);
        assertEquals(exact, fair / reps, 0.003);
        // bias of the empirical form: E|X - X'| / (2n) = (2 / sqrt(pi)) / (2n)
        assertEquals(exact + 1 / (Math.sqrt(Math.PI) * n), empirical / reps, 0.003);
    }
}
