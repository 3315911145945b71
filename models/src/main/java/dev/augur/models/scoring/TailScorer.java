package dev.augur.models.scoring;

import dev.augur.models.Predictive;

/**
 * Scores an arriving observation against the one-step predictive distribution made before it arrived.
 * <pre>
 *   u = F(y)                      predictive CDF at the observation
 *   tail = 2 min(u, 1 - u)        two-sided tail probability
 *   score = 1 - tail              in [0,1], higher is more anomalous
 * </pre>
 * and the central interval at {@code level}: [F^-1((1-level)/2), F^-1((1+level)/2)].
 *
 * <p>Results are written into this object's fields (no allocation); not thread-safe.
 */
public final class TailScorer {
    private final double level;
    private double tail;
    private double lower;
    private double upper;
    private double expected;

    /** @param level nominal central interval level in (0,1), e.g. 0.9 */
    public TailScorer(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0,1) but was " + level);
        }
        this.level = level;
    }

    /**
     * Scores y against step 1 of {@code predictive}.
     *
     * @return the anomaly score in [0,1]
     */
    public double score(Predictive predictive, double y) {
        double u = predictive.cdf(1, y);
        tail = Math.min(1.0, Math.max(0.0, 2 * Math.min(u, 1 - u)));
        expected = predictive.mean(1);
        lower = predictive.quantile(1, (1 - level) / 2);
        upper = predictive.quantile(1, (1 + level) / 2);
        return 1 - tail;
    }

    public double level() {
        return level;
    }

    public double tailProbability() {
        return tail;
    }

    public double lower() {
        return lower;
    }

    public double upper() {
        return upper;
    }

    public double expected() {
        return expected;
    }
}
