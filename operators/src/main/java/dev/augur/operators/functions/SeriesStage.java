package dev.augur.operators.functions;

import dev.augur.models.Predictive;
import dev.augur.models.ar.ArConfig;
import dev.augur.models.ar.RlsAr;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.DeadLetters;
import dev.augur.operators.io.StageRecord;
import dev.augur.operators.state.SeriesState;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The AR stage, keyed by series. Observations wait in a small reorder buffer until the watermark passes their event
 * time, then are applied in event-time order, so results do not depend on arrival order or timing. For each applied
 * observation it emits an ARRIVAL (to be scored by the combine stage), learns it, and emits the AR model's
 * CANDIDATE forecast. The math lives in {@link RlsAr}; this function only moves state and records.
 *
 * <p>Input handling, never touching model state for bad input:
 * <ul>
 *   <li>non-finite value: dead letter NON_FINITE;
 *   <li>event time at or behind the watermark: side output {@link OutputTags#LATE} (the late topic);
 *   <li>the same (series, time) again before it was applied: dropped once if the value is the same (an exact
 *       duplicate, counted), dead letter DUPLICATE_CONFLICT if it differs;
 *   <li>reorder buffer full ({@code buffer.max-per-series}): dead letter BUFFER_FULL;
 *   <li>a gap of k steps (k >= 2, up to {@code impute.max-gap}): the k-1 missing points are imputed with the model's
 *       own one-step forecast so lags stay aligned; counted and flagged on later candidates. Longer gaps are not
 *       imputed (the lags then span the gap).
 * </ul>
 * State expires after {@code state.ttl} of event time without observations (an event-time timer), so a flood of
 * random series ids cannot grow state without bound.
 */
public final class SeriesStage extends KeyedProcessFunction<String, Observation, StageRecord> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "job.ar";

    private final int order;
    private final double forgetting;
    private final int horizon;
    private final long ttlMillis;
    private final int maxBuffered;
    private final int maxImputeGap;
    private final int diagnosticsEvery;

    private transient ValueState<SeriesState> state;
    private transient MapState<Long, Double> buffer;
    private transient RlsAr model;
    private transient Predictive predictive;
    private transient Counter learned;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter rejected;
    private transient Counter imputedCounter;
    private transient Counter expired;

    public SeriesStage(JobConfig config) {
        this.order = config.arOrder();
        this.forgetting = config.arForgetting();
        this.horizon = config.horizon();
        this.ttlMillis = config.stateTtl().toMillis();
        this.maxBuffered = config.maxBufferedPerSeries();
        this.maxImputeGap = config.maxImputeGap();
        this.diagnosticsEvery = config.diagnosticsEvery();
    }

    public static ValueStateDescriptor<SeriesState> stateDescriptor() {
        return new ValueStateDescriptor<>("series", TypeInformation.of(SeriesState.class));
    }

    public static MapStateDescriptor<Long, Double> bufferDescriptor() {
        return new MapStateDescriptor<>("reorder-buffer", Types.LONG, Types.DOUBLE);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
        buffer = getRuntimeContext().getMapState(bufferDescriptor());
        model = new RlsAr(new ArConfig(order, forgetting, 1e4));
        predictive = new Predictive(horizon);
        var g = getRuntimeContext().getMetricGroup();
        learned = g.counter("observationsLearned");
        late = g.counter("observationsLate");
        duplicates = g.counter("duplicatesDropped");
        rejected = g.counter("observationsRejected");
        imputedCounter = g.counter("pointsImputed");
        expired = g.counter("seriesExpired");
    }

    @Override
    public void processElement(Observation o, Context ctx, Collector<StageRecord> out) throws Exception {
        double y = o.getValue();
        long t = o.getEventTime().toEpochMilli();
        if (!Double.isFinite(y)) {
            reject(ctx, o, "NON_FINITE", "expected a finite value but found " + y);
            return;
        }
        if (t <= ctx.timerService().currentWatermark()) {
            late.inc();
            ctx.output(OutputTags.LATE, o);
            return;
        }
        SeriesState s = load();
        Double pending = buffer.get(t);
        if (pending != null) {
            if (Double.compare(pending, y) == 0) {
                duplicates.inc();
            } else {
                reject(ctx, o, "DUPLICATE_CONFLICT", "expected at most one value per (series, time) but found "
                        + pending + " and then " + y + " at " + Instant.ofEpochMilli(t) + "; kept the first");
            }
            return;
        }
        if (s.buffered >= maxBuffered) {
            reject(ctx, o, "BUFFER_FULL", "expected at most " + maxBuffered + " observations of one series "
                    + "waiting for the watermark but found " + s.buffered + " (event times far ahead of the rest?)");
            return;
        }
        buffer.put(t, y);
        s.buffered++;
        s.group = o.getGroup();
        state.update(s);
        ctx.timerService().registerEventTimeTimer(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StageRecord> out) throws Exception {
        SeriesState s = state.value();
        if (s == null) {
            return;
        }
        s.migrate();
        Double y = buffer.get(timestamp);
        if (y == null) {
            if (timestamp == s.expiresAt && s.buffered == 0) {
                state.clear();
                buffer.clear();
                expired.inc();
            }
            return;
        }
        buffer.remove(timestamp);
        s.buffered--;
        apply(s, ctx.getCurrentKey(), timestamp, y, ctx, out);
        s.expiresAt = timestamp + ttlMillis;
        ctx.timerService().registerEventTimeTimer(s.expiresAt);
        state.update(s);
    }

    private void apply(SeriesState s, String series, long t, double y, OnTimerContext ctx,
            Collector<StageRecord> out) {
        if (s.observations > 0) {
            long delta = t - s.lastEventTime;
            s.stepMillis = s.stepMillis == 0 ? delta : Math.min(s.stepMillis, delta);
            long k = Math.round((double) delta / s.stepMillis);
            boolean onGrid = Math.abs(delta - k * s.stepMillis) <= s.stepMillis / 10;
            if (k >= 2 && onGrid && k - 1 <= maxImputeGap) {
                for (long i = 1; i < k; i++) {
                    model.forecast(s.ar, predictive);
                    model.learn(s.ar, predictive.mean(1));
                }
                s.imputed += k - 1;
                s.recentImputed = (int) Math.min(order, k - 1);
                imputedCounter.inc(k - 1);
            } else if (s.recentImputed > 0) {
                s.recentImputed--;
            }
        }
        out.collect(StageRecord.arrival(series, s.group, t, y, model.warmingUp(s.ar)));
        model.learn(s.ar, y);
        s.lastEventTime = t;
        s.observations++;
        learned.inc();
        if (s.stepMillis > 0) {
            model.forecast(s.ar, predictive);
            double[] means = new double[horizon];
            double[] vars = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                means[h - 1] = predictive.mean(h);
                vars[h - 1] = predictive.variance(h);
            }
            out.collect(StageRecord.candidate(series, s.group, t, model.name(), model.version(), s.stepMillis,
                    means, vars, predictive.dof(), model.warmingUp(s.ar), s.recentImputed));
        }
        if (diagnosticsEvery > 0 && s.observations % diagnosticsEvery == 0) {
            ctx.output(OutputTags.DIAGNOSTICS, diagnostics(series, t, s));
        }
    }

    private ModelDiagnostics diagnostics(String series, long t, SeriesState s) {
        List<Double> coef = new ArrayList<>(s.ar.theta.length);
        for (double c : s.ar.theta) {
            coef.add(c);
        }
        return ModelDiagnostics.newBuilder()
                .setSubject(series)
                .setModel(model.name())
                .setModelVersion(model.version())
                .setTime(Instant.ofEpochMilli(t))
                .setObservations(s.observations)
                .setOrder(s.ar.order)
                .setCoefficients(coef)
                .setNoiseVariance(model.noiseVariance(s.ar))
                .build();
    }

    private SeriesState load() throws Exception {
        SeriesState s = state.value();
        return s == null ? new SeriesState(model.newState()) : s.migrate();
    }

    private void reject(Context ctx, Observation o, String type, String message) {
        rejected.inc();
        ctx.output(OutputTags.DEAD_LETTERS, DeadLetters.rejected(o, STAGE, type, message));
    }
}
