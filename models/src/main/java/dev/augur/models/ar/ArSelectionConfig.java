package dev.augur.models.ar;

import java.util.Arrays;

/**
 * Settings of online AR order selection. Validated on construction.
 *
 * @param orders candidate orders, strictly increasing, each in [1, 64], between 1 and 8 of them
 * @param forgetting RLS forgetting factor lambda of every candidate, in (0.9, 1]
 * @param scoreDiscount discount delta of the predictive log-likelihood score, in (0.9, 1]; 1 = cumulative (Dawid's
 *     prequential criterion), below 1 lets the choice follow a process whose order changes
 * @param intervals predictive form of the candidates (also the density that scores them)
 */
public record ArSelectionConfig(int[] orders, double forgetting, double scoreDiscount, ArConfig.Intervals intervals) {
    public ArSelectionConfig {
        if (orders == null || orders.length < 1 || orders.length > 8) {
            throw new IllegalArgumentException("ar.select.orders must list 1 to 8 orders but was "
                    + Arrays.toString(orders));
        }
        orders = orders.clone();
        for (int i = 0; i < orders.length; i++) {
            if (orders[i] < 1 || orders[i] > 64 || (i > 0 && orders[i] <= orders[i - 1])) {
                throw new IllegalArgumentException("ar.select.orders must be strictly increasing values in [1, 64] "
                        + "but was " + Arrays.toString(orders));
            }
        }
        if (!(scoreDiscount > 0.9 && scoreDiscount <= 1.0)) {
            throw new IllegalArgumentException("ar.select.score-discount must be in (0.9, 1] but was "
                    + scoreDiscount);
        }
        if (intervals == null) {
            throw new IllegalArgumentException("ar.select.intervals must be one of BAYESIAN, PLUG_IN but was null");
        }
        new ArConfig(orders[0], forgetting, 1e4, intervals);
    }

    /** Candidates {1, 2, 4, 8, 16}, lambda = 0.999, score discount 0.999, Bayesian intervals. */
    public static ArSelectionConfig defaults() {
        return new ArSelectionConfig(new int[] {1, 2, 4, 8, 16}, 0.999, 0.999, ArConfig.Intervals.BAYESIAN);
    }

    @Override
    public int[] orders() {
        return orders.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArSelectionConfig c && Arrays.equals(orders, c.orders) && forgetting == c.forgetting
                && scoreDiscount == c.scoreDiscount && intervals == c.intervals;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(orders) * 31 + Double.hashCode(forgetting) * 17 + Double.hashCode(scoreDiscount)
                + intervals.hashCode();
    }

    @Override
    public String toString() {
        return "ArSelectionConfig[orders=" + Arrays.toString(orders) + ", forgetting=" + forgetting
                + ", scoreDiscount=" + scoreDiscount + ", intervals=" + intervals + "]";
    }
}
