package dev.augur.models.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.models.MultivariatePredictive;
import dev.augur.models.dist.ChiSquared;
import org.junit.jupiter.api.Test;

class GroupResidualScorerTest {
    @Test
    void mahalanobisDistanceTailAndShares() {
        MultivariatePredictive p = new MultivariatePredictive(2, 1);
        p.setMean(1, 0, 1);
        p.setMean(1, 1, -1);
        // Sigma = [[4, 1], [1, 2]]
        p.setCovariance(1, 0, 0, 4);
        p.setCovariance(1, 0, 1, 1);
        p.setCovariance(1, 1, 0, 1);
        p.setCovariance(1, 1, 1, 2);
        GroupResidualScorer s = new GroupResidualScorer(2);
        double score = s.score(p, new double[] {3, 2});
        // e = (2, 3); Sigma^-1 = [[2, -1], [-1, 4]] / 7; d^2 = (8 - 12 + 36) / 7 = 32/7
        assertEquals(32.0 / 7, s.distance2(), 1e-12);
        assertEquals(ChiSquared.survival(32.0 / 7, 2), s.tailProbability(), 1e-15);
        assertEquals(1 - Math.exp(-16.0 / 7), score, 1e-12); // chi^2_2 survival is exp(-x/2)
        // standardised squares 4/4 = 1 and 9/2 = 4.5
        assertEquals(1 / 5.5, s.share(0), 1e-12);
        assertEquals(4.5 / 5.5, s.share(1), 1e-12);
    }
}
