package dev.augur.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.models.Fixture;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The energy score estimator against hand-computed values, the sample CRPS (k = 1), and numpy values written by
 * {@code models/fixtures/make_joint_scores.py}.
 */
class EnergyScoreTest {
    static double[] flat(JsonNode rows) {
        int n = rows.size();
        int k = rows.get(0).size();
        double[] out = new double[n * k];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < k; i++) {
                out[p * k + i] = rows.get(p).get(i).asDouble();
            }
        }
        return out;
    }

    @Test
    void twoPointsByHand() {
        // samples (0,0) and (3,4), y = (0,4): distances to y 4 and 3; between the samples 5
        // ES = (4 + 3)/2 - (2 * 5) / (2 * 4) = 3.5 - 1.25
        double[] x = {0, 0, 3, 4};
        assertEquals(2.25, EnergyScore.samples(x, 2, 2, new double[] {0, 4}), 1e-15);
    }

    @Test
    void pointMassScoresTheDistance() {
        double[] x = {1, 2, 2, 1, 2, 2, 1, 2, 2};
        assertEquals(Math.sqrt(1 + 4 + 9), EnergyScore.samples(x, 3, 3, new double[] {0, 4, 5}), 1e-12);
    }

    @Test
    void oneDimensionIsTheSampleCrps() {
        Random r = new Random(5);
        for (int n : new int[] {1, 2, 17, 100}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 3 * r.nextGaussian() + 1;
            }
            double y = r.nextGaussian();
            double es = EnergyScore.samples(x, n, 1, new double[] {y});
            assertEquals(Crps.samples(x.clone(), n, y), es, 1e-12, "n = " + n);
        }
    }

    @Test
    void matchesNumpy() {
        Fixture f = Fixture.load("joint_scores.json");
        int cases = 0;
        for (JsonNode c : f.node("energy_cases")) {
            int n = c.get("n").asInt();
            int k = c.get("k").asInt();
            double expected = c.get("energy").asDouble();
            double actual = EnergyScore.samples(flat(c.get("samples")), n, k, Fixture.vector(c.get("observed")));
            assertEquals(expected, actual, 1e-12 * Math.abs(expected), c.get("name").asText());
            cases++;
        }
        assertEquals(4, cases);
    }

    @Test
    void properScoreFavoursTheTrueCorrelation() {
        // y ~ N(0, [[1, .9], [.9, 1]]); the correctly correlated forecast has the lower mean energy score than the
        // independent one with the same marginals
        Random r = new Random(11);
        int n = 200;
        double[] right = new double[2 * n];
        double[] wrong = new double[2 * n];
        double c = Math.sqrt(1 - 0.81);
        double sumRight = 0;
        double sumWrong = 0;
        for (int t = 0; t < 400; t++) {
            for (int p = 0; p < n; p++) {
                double a = r.nextGaussian();
                double b = r.nextGaussian();
                right[2 * p] = a;
                right[2 * p + 1] = 0.9 * a + c * b;
                wrong[2 * p] = a;
                wrong[2 * p + 1] = b;
            }
            double a = r.nextGaussian();
            double[] y = {a, 0.9 * a + c * r.nextGaussian()};
            sumRight += EnergyScore.samples(right, n, 2, y);
            sumWrong += EnergyScore.samples(wrong, n, 2, y);
        }
        assertTrue(sumRight < sumWrong, sumRight + " vs " + sumWrong);
    }

    @Test
    void rejectsShortArrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnergyScore.samples(new double[5], 3, 2, new double[2]));
        assertTrue(e.getMessage().contains("6 sample values") && e.getMessage().contains("found n = 3"),
                e.getMessage());
    }
}
