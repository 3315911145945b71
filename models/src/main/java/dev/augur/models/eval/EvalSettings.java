package dev.augur.models.eval;

/**
 * The model settings of a replay, with the Flink job's defaults ({@code JobConfig}): horizon 12, AR(8) with forgetting
 * 0.995, quantile levels 0.05..0.95, anomaly interval 0.9, calibration step 0.05, CRPS decay 0.05, 512 pending
 * targets, gaps of up to 50 steps imputed, VAR(2) with forgetting 0.995 for groups.
 *
 * @param horizon forecast steps H, in [1, 1000]
 * @param arOrder AR order p, in [1, 64]
 * @param arForgetting in (0.9, 1]
 * @param levels quantile levels, ascending in (0, 1)
 * @param anomalyLevel central interval level of anomaly scores, in (0, 1)
 * @param gamma calibration step, in (0, 1]
 * @param crpsDecay weight of the newest CRPS in the ensemble weights, in (0, 1]
 * @param maxPending most pending target times per series, at least H
 * @param maxImputeGap most missing steps filled by forecasts
 * @param varOrder VAR order for groups, in [1, 32]
 * @param varForgetting in (0.9, 1]
 */
public record EvalSettings(int horizon, int arOrder, double arForgetting, double[] levels, double anomalyLevel,
        double gamma, double crpsDecay, int maxPending, int maxImputeGap, int varOrder, double varForgetting) {

    /** The job's default quantile levels. */
    public static final double[] DEFAULT_LEVELS = {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95};

    public EvalSettings {
        check("horizon", horizon, 1, 1000);
        check("ar.order", arOrder, 1, 64);
        check("var.order", varOrder, 1, 32);
        if (!(arForgetting > 0.9 && arForgetting <= 1)) {
            throw new IllegalArgumentException("ar.forgetting must be in (0.9, 1] but was " + arForgetting);
        }
        if (!(varForgetting > 0.9 && varForgetting <= 1)) {
            throw new IllegalArgumentException("var.forgetting must be in (0.9, 1] but was " + varForgetting);
        }
        if (!(anomalyLevel > 0 && anomalyLevel < 1)) {
            throw new IllegalArgumentException("anomaly.interval-level must be in (0, 1) but was " + anomalyLevel);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("calibration.gamma must be in (0, 1] but was " + gamma);
        }
        if (!(crpsDecay > 0 && crpsDecay <= 1)) {
            throw new IllegalArgumentException("ensemble.crps-decay must be in (0, 1] but was " + crpsDecay);
        }
        if (maxPending < horizon) {
            throw new IllegalArgumentException("combine.max-pending-targets must be >= horizon " + horizon
                    + " but was " + maxPending);
        }
        check("impute.max-gap", maxImputeGap, 0, 100_000);
        levels = levels.clone();
        for (int i = 0; i < levels.length; i++) {
            if (!(levels[i] > 0 && levels[i] < 1) || (i > 0 && levels[i] <= levels[i - 1])) {
                throw new IllegalArgumentException("quantile levels must be ascending in (0, 1) but were "
                        + java.util.Arrays.toString(levels));
            }
        }
    }

    /** The job's defaults. */
    public static EvalSettings defaults() {
        return new EvalSettings(12, 8, 0.995, DEFAULT_LEVELS, 0.9, 0.05, 0.05, 512, 50, 2, 0.995);
    }

    public EvalSettings withHorizon(int h) {
        return new EvalSettings(h, arOrder, arForgetting, levels, anomalyLevel, gamma, crpsDecay,
                Math.max(maxPending, h), maxImputeGap, varOrder, varForgetting);
    }

    public EvalSettings withAr(int order, double forgetting) {
        return new EvalSettings(horizon, order, forgetting, levels, anomalyLevel, gamma, crpsDecay, maxPending,
                maxImputeGap, varOrder, varForgetting);
    }

    public EvalSettings withVar(int order, double forgetting) {
        return new EvalSettings(horizon, arOrder, arForgetting, levels, anomalyLevel, gamma, crpsDecay, maxPending,
                maxImputeGap, order, forgetting);
    }

    @Override
    public double[] levels() {
        return levels.clone();
    }

    private static void check(String key, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(key + " must be in [" + lo + ", " + hi + "] but was " + v);
        }
    }
}
