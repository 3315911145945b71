package dev.augur.operators.functions;

import dev.augur.models.Predictive;
import dev.augur.models.scoring.TailScorer;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a model's {@link Predictive} and scores into output records. Pure. */
public final class ForecastRecords {
    private ForecastRecords() {
    }

    /**
     * A {@link Forecast} for steps 1..H of {@code p} made at {@code originMillis}, target times spaced
     * {@code stepMillis} apart, quantiles at {@code levels}.
     */
    public static Forecast forecast(String series, String model, String modelVersion, long originMillis,
            long stepMillis, double[] levels, Predictive p) {
        List<Double> levelList = new ArrayList<>(levels.length);
        for (double l : levels) {
            levelList.add(l);
        }
        List<ForecastStep> steps = new ArrayList<>(p.horizon());
        for (int h = 1; h <= p.horizon(); h++) {
            List<Double> q = new ArrayList<>(levels.length);
            for (double l : levels) {
                q.add(p.quantile(h, l));
            }
            steps.add(ForecastStep.newBuilder()
                    .setHorizon(h)
                    .setTargetTime(Instant.ofEpochMilli(originMillis + h * stepMillis))
                    .setMean(p.mean(h))
                    .setQuantiles(q)
                    .build());
        }
        return Forecast.newBuilder()
                .setSeries(series)
                .setModel(model)
                .setModelVersion(modelVersion)
                .setOriginTime(Instant.ofEpochMilli(originMillis))
                .setStepMillis(stepMillis)
                .setLevels(levelList)
                .setSteps(steps)
                .build();
    }

    /** An {@link AnomalyScore} from a scorer that has just scored {@code observed}. */
    public static AnomalyScore anomaly(String series, String group, long timeMillis, double observed, double score,
            TailScorer scorer, String model, boolean warmingUp) {
        return AnomalyScore.newBuilder()
                .setSeries(series)
                .setGroup(group)
                .setTime(Instant.ofEpochMilli(timeMillis))
                .setObserved(observed)
                .setExpected(scorer.expected())
                .setLower(scorer.lower())
                .setUpper(scorer.upper())
                .setIntervalLevel(scorer.level())
                .setScore(score)
                .setTailProbability(scorer.tailProbability())
                .setModel(model)
                .setWarmingUp(warmingUp)
                .build();
    }
}
