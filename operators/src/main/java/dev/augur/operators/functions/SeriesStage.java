package dev.augur.operators.functions;

import dev.augur.models.stream.SeriesProcessor;
import dev.augur.models.stream.SeriesState;
import dev.augur.models.stream.StageRecord;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.DeadLetters;
import dev.augur.operators.state.SeriesStateSerializer;
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
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The AR stage, keyed by series. Observations wait in a small reorder buffer (inside the series' {@link SeriesState},
 * so each observation costs one state read and write on arrival and one when applied) until the watermark passes their
 * event time, then are applied in event-time order by {@link SeriesProcessor} (ARRIVAL, learn, CANDIDATE), so results
 * do not depend on arrival order or timing. This function only buffers, loads and stores state, and emits.
 *
 * <p>Input handling, never touching model state for bad input:
 * <ul>
 *   <li>non-finite value: dead letter NON_FINITE;
 *   <li>event time outside [1900, 2200): dead letter BAD_TIMESTAMP;
 *   <li>event time at or behind the watermark: side output {@link OutputTags#LATE} (the late topic);
 *   <li>the same (series, time) again before it was applied: dropped once if the value is the same (an exact
 *       duplicate, counted), dead letter DUPLICATE_CONFLICT if it differs;
 *   <li>reorder buffer full ({@code buffer.max-per-series}): dead letter BUFFER_FULL.
 * </ul>
 * State expires after {@code state.ttl} of event time without observations (an event-time timer), so a flood of
 * random series ids cannot grow state without bound.
 */
public final class SeriesStage extends KeyedProcessFunction<String, Observation, StageRecord> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "job.ar";
    /** Event times accepted, as the ingest app's default range: [1900-01-01, 2200-01-01) UTC. */
    public static final long MIN_EVENT_TIME = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
    public static final long MAX_EVENT_TIME = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();

    private final int order;
    private final double forgetting;
    private final int horizon;
    private final long ttlMillis;
    private final int maxBuffered;
    private final int maxImputeGap;
    private final int diagnosticsEvery;
    private final int contextLength;
    private final int requestHorizon;
    private final int requestEvery;

    private transient ValueState<SeriesState> state;
    private transient MapState<Long, Double> buffer;
    private transient SeriesProcessor processor;
    private transient Counter learned;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter rejected;
    private transient Counter imputedCounter;
    private transient Counter expired;

    public SeriesStage(JobConfig config) {
        this(config, 0, 0);
    }

    /**
     * An AR stage that also emits neural inference requests (side output {@link OutputTags#NEURAL_REQUESTS}) with
     * the last {@code contextLength} values and the AR forecast of {@code requestHorizon} steps.
     */
    public SeriesStage(JobConfig config, int contextLength, int requestHorizon) {
        this.order = config.arOrder();
        this.forgetting = config.arForgetting();
        this.horizon = config.horizon();
        this.ttlMillis = config.stateTtl().toMillis();
        this.maxBuffered = config.maxBufferedPerSeries();
        this.maxImputeGap = config.maxImputeGap();
        this.diagnosticsEvery = config.diagnosticsEvery();
        this.contextLength = contextLength;
        this.requestHorizon = requestHorizon;
        this.requestEvery = config.neuralEvery();
    }

    public static ValueStateDescriptor<SeriesState> stateDescriptor() {
        return new ValueStateDescriptor<>("series", new SeriesStateSerializer());
    }

    /**
     * The reorder buffer of builds before SeriesState version 3, which kept waiting observations in a map state of
     * their own; now only read (and emptied) for states restored from such a build.
     */
    public static MapStateDescriptor<Long, Double> bufferDescriptor() {
        return new MapStateDescriptor<>("reorder-buffer", Types.LONG, Types.DOUBLE);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
        buffer = getRuntimeContext().getMapState(bufferDescriptor());
        processor = new SeriesProcessor(order, forgetting, horizon, maxImputeGap, diagnosticsEvery, contextLength,
                requestHorizon, requestEvery);
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
        if (t < MIN_EVENT_TIME || t >= MAX_EVENT_TIME) {
            reject(ctx, o, "BAD_TIMESTAMP", "expected an event time in [1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z) "
                    + "but found " + Instant.ofEpochMilli(t));
            return;
        }
        if (t <= ctx.timerService().currentWatermark()) {
            late.inc();
            ctx.output(OutputTags.LATE, o);
            return;
        }
        SeriesState s = load();
        int waiting = s.waitingAt(t);
        Double pending = waiting >= 0 ? Double.valueOf(s.waitValue[waiting])
                : s.legacyWaiting > 0 ? buffer.get(t) : null;
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
        s.addWaiting(t, y, o.getGroup());
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
        int waiting = s.waitingAt(timestamp);
        Double y = null;
        if (waiting >= 0) {
            // the records of this observation carry its own group (the series' group from here on), not that of a
            // later observation received before the watermark passed this one
            s.group = s.waitingGroup(waiting);
            y = s.takeWaiting(waiting);
        } else if (s.legacyWaiting > 0) {
            y = buffer.get(timestamp);
            if (y != null) {
                buffer.remove(timestamp);
                s.legacyWaiting--;
                s.buffered--;
            }
        }
        if (y == null) {
            // the key's expiry timer (or a per-record one from a state written before version 2)
            if (timestamp == s.ttlTimer || timestamp == s.expiresAt) {
                if (timestamp >= s.expiresAt && s.buffered == 0) {
                    state.clear();
                    expired.inc();
                    return;
                }
                if (timestamp == s.ttlTimer) {
                    s.ttlTimer = ExpiryTimer.rearm(ctx.timerService(), timestamp, s.ttlTimer, s.expiresAt);
                    state.update(s);
                }
            }
            return;
        }
        String series = ctx.getCurrentKey();
        // the arrival waits for the candidate of the same origin, which usually follows, to go out as one record
        StageRecord[] arrival = new StageRecord[1];
        processor.apply(s, series, timestamp, y, new SeriesProcessor.Output() {
            @Override
            public void arrival(StageRecord r) {
                arrival[0] = r;
            }

            @Override
            public void candidate(StageRecord r) {
                if (arrival[0] != null && arrival[0].time == r.time) {
                    out.collect(StageRecord.arrivalAndCandidate(arrival[0], r));
                    arrival[0] = null;
                } else {
                    out.collect(r);
                }
            }

            @Override
            public void diagnosticsDue(SeriesState st, long t) {
                ctx.output(OutputTags.DIAGNOSTICS, diagnostics(series, t, st));
            }

            @Override
            public void neuralRequest(StageRecord r) {
                ctx.output(OutputTags.NEURAL_REQUESTS, r);
            }
        });
        if (arrival[0] != null) {
            out.collect(arrival[0]);
        }
        learned.inc();
        imputedCounter.inc(processor.lastImputed());
        s.expiresAt = timestamp + ttlMillis;
        s.ttlTimer = ExpiryTimer.rearm(ctx.timerService(), timestamp, s.ttlTimer, s.expiresAt);
        state.update(s);
    }

    private ModelDiagnostics diagnostics(String series, long t, SeriesState s) {
        List<Double> coef = new ArrayList<>(s.ar.theta.length);
        for (double c : s.ar.theta) {
            coef.add(c);
        }
        return ModelDiagnostics.newBuilder()
                .setSubject(series)
                .setModel(processor.model().name())
                .setModelVersion(processor.model().version())
                .setTime(Instant.ofEpochMilli(t))
                .setObservations(s.observations)
                .setOrder(s.ar.order)
                .setCoefficients(coef)
                .setNoiseVariance(processor.model().noiseVariance(s.ar))
                .build();
    }

    private SeriesState load() throws Exception {
        SeriesState s = state.value();
        return s == null ? processor.newState() : s.migrate();
    }

    private void reject(Context ctx, Observation o, String type, String message) {
        rejected.inc();
        ctx.output(OutputTags.DEAD_LETTERS, DeadLetters.rejected(o, STAGE, type, message));
    }
}
