package dev.augur.models.stream;

import dev.augur.models.Predictive;
import dev.augur.models.ar.ArConfig;
import dev.augur.models.ar.RlsAr;

/**
 * The AR stage for one series, applied to observations in event-time order: an ARRIVAL for the combine stage, then
 * learn, then the model's CANDIDATE forecast. A gap of k steps (k >= 2, within a tenth of a step of the grid, at most
 * {@code maxImputeGap} missing points) is first filled by learning the model's own one-step forecasts, so the lags stay
 * aligned; the imputed count is flagged on the next candidates. The sampling step is the first spacing seen, then any
 * spacing seen twice in a row.
 *
 * <p>Modifies the {@link SeriesState} passed in; holds scratch space only; not thread-safe.
 */
public final class SeriesProcessor {
    /** Receives what applying one observation produced. */
    public interface Output {
        void arrival(StageRecord r);

        void candidate(StageRecord r);

        /** Called when diagnostics are due (every {@code diagnosticsEvery} observations). */
        void diagnosticsDue(SeriesState s, long t);
    }

    private final RlsAr model;
    private final Predictive predictive;
    private final int order;
    private final int horizon;
    private final int maxImputeGap;
    private final int diagnosticsEvery;
    private long lastImputed;

    public SeriesProcessor(int order, double forgetting, int horizon, int maxImputeGap, int diagnosticsEvery) {
        this.model = new RlsAr(new ArConfig(order, forgetting, 1e4));
        this.predictive = new Predictive(horizon);
        this.order = order;
        this.horizon = horizon;
        this.maxImputeGap = maxImputeGap;
        this.diagnosticsEvery = diagnosticsEvery;
    }

    public RlsAr model() {
        return model;
    }

    public SeriesState newState() {
        return new SeriesState(model.newState());
    }

    /** Points imputed by the last {@link #apply}. */
    public long lastImputed() {
        return lastImputed;
    }

    /**
     * Applies observation y at event time t (after every earlier one) to {@code s}.
     *
     * @param s modified
     * @param y finite
     */
    public void apply(SeriesState s, String series, long t, double y, Output out) {
        lastImputed = 0;
        if (s.observations > 0) {
            long delta = t - s.lastEventTime;
            if (delta <= 0) {
                throw new IllegalArgumentException("expected event time after " + s.lastEventTime + " but found " + t);
            }
            if (s.stepMillis == 0 || delta == s.lastDelta) {
                s.stepMillis = delta;
            }
            s.lastDelta = delta;
            long k = Math.round((double) delta / s.stepMillis);
            boolean onGrid = Math.abs(delta - k * s.stepMillis) <= s.stepMillis / 10;
            if (k >= 2 && onGrid && k - 1 <= maxImputeGap) {
                long filled = 0;
                for (long i = 1; i < k; i++) {
                    model.forecast(s.ar, predictive);
                    double fill = predictive.mean(1);
                    if (!Double.isFinite(fill)) {
                        s.imputeSkipped++;
                        break; // a model that cannot forecast learns the observation without the gap filled
                    }
                    model.learn(s.ar, fill);
                    filled++;
                }
                s.imputed += filled;
                s.recentImputed = (int) Math.min(order, filled);
                lastImputed = filled;
            } else if (s.recentImputed > 0) {
                s.recentImputed--;
            }
        }
        out.arrival(StageRecord.arrival(series, s.group, t, y, model.warmingUp(s.ar)));
        model.learn(s.ar, y);
        s.lastEventTime = t;
        s.observations++;
        if (s.stepMillis > 0) {
            model.forecast(s.ar, predictive);
            double[] means = new double[horizon];
            double[] vars = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                means[h - 1] = predictive.mean(h);
                vars[h - 1] = predictive.variance(h);
            }
            out.candidate(StageRecord.candidate(series, s.group, t, model.name(), model.version(), s.stepMillis,
                    means, vars, predictive.dof(), model.warmingUp(s.ar), s.recentImputed));
        }
        if (diagnosticsEvery > 0 && s.observations % diagnosticsEvery == 0) {
            out.diagnosticsDue(s, t);
        }
    }
}
