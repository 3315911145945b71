package dev.augur.models.arima;

import dev.augur.models.ar.ArConfig;

/**
 * Settings of an online seasonal ARIMA(p, d, q)(P, D, Q)_s model. Validated on construction; errors name the setting
 * and its allowed range.
 *
 * @param p non-seasonal AR order, in [0, 32]
 * @param d non-seasonal differencing, in [0, 2]
 * @param q non-seasonal MA order, in [0, 8]
 * @param seasonalP seasonal AR order (lags s, 2s, ..), in [0, 3]
 * @param seasonalD seasonal differencing, in [0, 1]
 * @param seasonalQ seasonal MA order (lags s, 2s, ..), in [0, 2]
 * @param period season length s in [2, 1000], or 0 to detect it from the first {@link #detectionWindow()}
 *     observations
 * @param maxPeriod largest period considered by detection, in [2, 500]; ignored when {@code period} is set
 * @param forgetting RLS forgetting factor lambda, in (0.9, 1]
 * @param intervals predictive form, as for AR
 */
public record SarimaConfig(int p, int d, int q, int seasonalP, int seasonalD, int seasonalQ, int period,
        int maxPeriod, double forgetting, ArConfig.Intervals intervals) {
    public SarimaConfig {
        range("arima.p", p, 0, 32);
        range("arima.d", d, 0, 2);
        range("arima.q", q, 0, 8);
        range("arima.seasonal-p", seasonalP, 0, 3);
        range("arima.seasonal-d", seasonalD, 0, 1);
        range("arima.seasonal-q", seasonalQ, 0, 2);
        if (period != 0) {
            range("arima.period", period, 2, 1000);
        }
        range("arima.max-period", maxPeriod, 2, 500);
        if (!(forgetting > 0.9 && forgetting <= 1.0)) {
            throw new IllegalArgumentException("arima.forgetting must be in (0.9, 1] but was " + forgetting);
        }
        if (intervals == null) {
            throw new IllegalArgumentException("arima.intervals must be one of BAYESIAN, PLUG_IN but was null");
        }
    }

    private static void range(String key, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(key + " must be in [" + lo + ", " + hi + "] but was " + v);
        }
    }

    /** ARIMA(p, d, q)(P, D, Q)_s with a known period, lambda = 0.999, Bayesian intervals. */
    public static SarimaConfig of(int p, int d, int q, int seasonalP, int seasonalD, int seasonalQ, int period) {
        return new SarimaConfig(p, d, q, seasonalP, seasonalD, seasonalQ, period, Math.max(2, Math.min(period, 500)),
                0.999, ArConfig.Intervals.BAYESIAN);
    }

    /** Observations buffered to detect the period: 4 maxPeriod + 16. */
    public int detectionWindow() {
        return 4 * maxPeriod + 16;
    }

    /** This configuration with other intervals and forgetting. */
    public SarimaConfig with(double lambda, ArConfig.Intervals mode) {
        return new SarimaConfig(p, d, q, seasonalP, seasonalD, seasonalQ, period, maxPeriod, lambda, mode);
    }
}
