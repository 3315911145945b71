package dev.augur.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.models.Fixture;
import org.junit.jupiter.api.Test;

/** CRPS-sum by hand and against the exact integral of the empirical CDF (numpy, make_joint_scores.py). */
class CrpsSumTest {
    @Test
    void byHand() {
        CrpsSum s = new CrpsSum();
        assertTrue(Double.isNaN(s.value()));
        // two series, two paths: sums 1 and 3, observed sum 2: mean|X - 2| - mean|X - X'| / 2 = 1 - 0.5 = 0.5
        assertEquals(0.5, s.add(new double[] {0.5, 0.5, 1.5, 1.5}, 2, 2, new double[] {1, 1}), 1e-15);
        // one path summing to 4, observed sum -1: |4 - (-1)| = 5
        assertEquals(5, s.add(new double[] {2, 2}, 1, 2, new double[] {-3, 2}), 1e-15);
        assertEquals(2, s.count());
        assertEquals(5.5 / 3, s.value(), 1e-15);
    }

    @Test
    void matchesTheIntegralOfTheEmpiricalCdf() {
        JsonNode c = Fixture.load("joint_scores.json").node("crps_sum_case");
        int n = c.get("n").asInt();
        int k = c.get("k").asInt();
        CrpsSum s = new CrpsSum();
        JsonNode samples = c.get("samples");
        for (int t = 0; t < samples.size(); t++) {
            s.add(EnergyScoreTest.flat(samples.get(t)), n, k, Fixture.vector(c.get("observed").get(t)));
        }
        assertEquals(5, s.count());
        assertEquals(c.get("crps_total").asDouble(), s.crpsTotal(), 1e-10);
        assertEquals(c.get("crps_sum").asDouble(), s.value(), 1e-12);
    }
}
