package dev.augur.alerting.views;

import dev.augur.schemas.records.AnomalyScore;

/**
 * One anomaly score of a series, as kept for the chart and the scores endpoint.
 *
 * @param t event time of the scored observation, epoch ms
 * @param score anomaly score in [0, 1]
 * @param observed the observed value
 * @param expected the one-step predictive mean
 * @param lower lower end of the central interval at {@code level}
 * @param upper upper end of that interval
 * @param level nominal coverage of [lower, upper]
 * @param warmingUp whether the model was still warming up (the rules ignore such scores)
 */
public record ScorePoint(long t, double score, double observed, double expected, double lower, double upper,
        double level, boolean warmingUp) {

    public static ScorePoint of(AnomalyScore a) {
        return new ScorePoint(a.getTime().toEpochMilli(), a.getScore(), a.getObserved(), a.getExpected(),
                a.getLower(), a.getUpper(), a.getIntervalLevel(), a.getWarmingUp());
    }
}
