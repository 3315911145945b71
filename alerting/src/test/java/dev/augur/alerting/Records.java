package dev.augur.alerting;

import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import dev.augur.schemas.records.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test records: scores, observations and forecasts with every field set. */
final class Records {
    /** 2024-01-01T00:00:00Z. */
    static final long T0 = 1_704_067_200_000L;
    static final long MINUTE = 60_000L;
    static final List<Double> LEVELS = List.of(0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95);
    /** Standard normal quantiles of {@link #LEVELS}. */
    private static final double[] Z = {-1.6449, -1.2816, -0.6745, 0, 0.6745, 1.2816, 1.6449};

    private Records() {
    }

    /** Time of step {@code i} (one a minute from {@link #T0}). */
    static long at(int i) {
        return T0 + i * MINUTE;
    }

    static AnomalyScore score(String series, String group, long time, double score) {
        return score(series, group, time, score, false);
    }

    static AnomalyScore score(String series, String group, long time, double score, boolean warmingUp) {
        return score(series, group, time, score, warmingUp, 10 + 5 * score, 10);
    }

    /** A score of {@code observed} against a forecast with mean {@code expected} and 90% interval +-2. */
    static AnomalyScore score(String series, String group, long time, double score, boolean warmingUp,
            double observed, double expected) {
        return AnomalyScore.newBuilder()
                .setSeries(series)
                .setGroup(group)
                .setTime(Instant.ofEpochMilli(time))
                .setObserved(observed)
                .setExpected(expected)
                .setLower(expected - 2)
                .setUpper(expected + 2)
                .setIntervalLevel(0.9)
                .setScore(score)
                .setTailProbability(1 - score)
                .setModel("ar-rls")
                .setWarmingUp(warmingUp)
                .build();
    }

    static Observation observation(String series, String group, long time, double value) {
        return Observation.newBuilder()
                .setSeries(series)
                .setGroup(group)
                .setEventTime(Instant.ofEpochMilli(time))
                .setValue(value)
                .setLabels(Map.of())
                .build();
    }

    /** A forecast of {@code horizon} steps of one minute from {@code origin}, mean {@code mean}, sd {@code sd}. */
    static Forecast forecast(String series, long origin, int horizon, double mean, double sd) {
        List<ForecastStep> steps = new ArrayList<>();
        for (int h = 1; h <= horizon; h++) {
            double s = sd * Math.sqrt(h);
            List<Double> q = new ArrayList<>();
            for (double z : Z) {
                q.add(mean + z * s);
            }
            steps.add(ForecastStep.newBuilder().setHorizon(h).setTargetTime(Instant.ofEpochMilli(origin + h * MINUTE))
                    .setMean(mean).setQuantiles(q).build());
        }
        return Forecast.newBuilder()
                .setSeries(series)
                .setModel("ar-rls")
                .setModelVersion("test")
                .setOriginTime(Instant.ofEpochMilli(origin))
                .setStepMillis(MINUTE)
                .setLevels(LEVELS)
                .setSteps(steps)
                .build();
    }
}
