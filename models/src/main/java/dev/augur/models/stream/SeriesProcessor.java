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

        /** A neural inference request (only when the processor was built with a context length). */
        default void neuralRequest(StageRecord r) {
        }
    }

    private final RlsAr model;
    private final Predictive predictive;
    private final int order;
    private final int horizon;
    private final int maxImputeGap;
    private final int diagnosticsEvery;
    private final int contextLength;
    private final int requestHorizon;
    private final int requestEvery;
    private long lastImputed;

    public SeriesProcessor(int order, double forgetting, int horizon, int maxImputeGap, int diagnosticsEvery) {
        this(order, forgetting, horizon, maxImputeGap, diagnosticsEvery, 0, 0, 1);
    }

    /**
     * A processor that also feeds a neural stage: it keeps the last {@code contextLength} values of each series (the
     * observations and the points imputed into gaps, in time order) and, every {@code requestEvery} observations once
     * the window is full and the AR model is past warm-up, emits a {@link StageRecord#REQUEST} with that window and
     * the AR forecast of {@code requestHorizon} steps from the same origin (the neural model's conditioning input).
     *
     * @param contextLength C, 0 for no neural requests
     * @param requestHorizon H of the neural model, at least {@code horizon} when C > 0
     */
    public SeriesProcessor(int order, double forgetting, int horizon, int maxImputeGap, int diagnosticsEvery,
            int contextLength, int requestHorizon, int requestEvery) {
        if (contextLength < 0 || (contextLength > 0 && (requestHorizon < horizon || requestEvery < 1))) {
            throw new IllegalArgumentException("expected context length >= 0 and, with a context, a request horizon "
                    + ">= " + horizon + " and a request stride >= 1 but found " + contextLength + ", "
                    + requestHorizon + ", " + requestEvery);
        }
        this.model = new RlsAr(new ArConfig(order, forgetting, 1e4));
        this.predictive = new Predictive(contextLength > 0 ? requestHorizon : horizon);
        this.order = order;
        this.horizon = horizon;
        this.maxImputeGap = maxImputeGap;
        this.diagnosticsEvery = diagnosticsEvery;
        this.contextLength = contextLength;
        this.requestHorizon = requestHorizon;
        this.requestEvery = requestEvery;
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
                    remember(s, fill);
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
        remember(s, y);
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
            boolean warming = model.warmingUp(s.ar);
            out.candidate(StageRecord.candidate(series, s.group, t, model.name(), model.version(), s.stepMillis,
                    means, vars, predictive.dof(), warming, s.recentImputed));
            if (contextLength > 0 && !warming && s.windowCount >= contextLength
                    && s.observations % requestEvery == 0) {
                double[] arMeans = new double[requestHorizon];
                double[] arVars = new double[requestHorizon];
                for (int h = 1; h <= requestHorizon; h++) {
                    arMeans[h - 1] = predictive.mean(h);
                    arVars[h - 1] = predictive.variance(h);
                }
                out.neuralRequest(StageRecord.request(series, s.group, t, s.stepMillis, context(s), arMeans, arVars,
                        s.recentImputed));
            }
        }
        if (diagnosticsEvery > 0 && s.observations % diagnosticsEvery == 0) {
            out.diagnosticsDue(s, t);
        }
    }

    /** Appends y to the context ring of {@code s} (allocated on first use) when a context length is configured. */
    private void remember(SeriesState s, double y) {
        if (contextLength == 0) {
            return;
        }
        if (s.window == null || s.window.length != contextLength) {
            s.window = new double[contextLength];
            s.windowNext = 0;
            s.windowCount = 0;
        }
        s.window[s.windowNext] = y;
        s.windowNext = (s.windowNext + 1) % contextLength;
        s.windowCount++;
    }

    /** The context ring of a full window, oldest first (a new array). */
    static double[] context(SeriesState s) {
        int c = s.window.length;
        double[] out = new double[c];
        int head = s.windowNext;
        System.arraycopy(s.window, head, out, 0, c - head);
        System.arraycopy(s.window, 0, out, c - head, head);
        return out;
    }
}
