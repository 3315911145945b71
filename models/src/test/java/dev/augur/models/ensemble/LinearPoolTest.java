package dev.augur.models.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.models.dist.Normal;
import org.junit.jupiter.api.Test;

class LinearPoolTest {
    @Test
    void singleComponentIsThatDistribution() {
        LinearPool p = new LinearPool(4);
        p.add(3, 1.0, 2.0, Double.POSITIVE_INFINITY);
        p.normalise();
        assertEquals(1 + 2 * Normal.inverseCdf(0.9), p.quantile(0.9, 1), 1e-12);
        assertEquals(1 + 4 * Normal.inverseCdf(0.9), p.quantile(0.9, 2), 1e-12);
        assertEquals(Normal.cdf(0.25), p.cdf(1.5, 1), 1e-14);
    }

    @Test
    void mixtureQuantileInvertsTheMixtureCdf() {
        LinearPool p = new LinearPool(4);
        p.add(1, -2, 1, Double.POSITIVE_INFINITY);
        p.add(3, 3, 0.5, 6);
        p.normalise();
        assertEquals(0.25 * -2 + 0.75 * 3, p.mean(), 1e-12);
        for (double level : new double[] {0.01, 0.1, 0.3, 0.5, 0.9, 0.99}) {
            assertEquals(level, p.cdf(p.quantile(level, 1), 1), 1e-9);
        }
    }
}
