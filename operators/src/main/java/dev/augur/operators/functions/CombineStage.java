package dev.augur.operators.functions;

import dev.augur.models.stream.CombineState;
import dev.augur.models.stream.EnsembleProcessor;
import dev.augur.models.stream.StageRecord;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.state.CombineStateSerializer;
import dev.augur.operators.state.CombineStore;
import dev.augur.operators.state.StageRecordTypeInfo;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.CoverageEntry;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import dev.augur.schemas.records.ModelDiagnostics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The combine, calibrate and score stage, keyed by series. Arrivals and candidates are held until the watermark passes
 * {@code time + combine.delay} (so every model's candidates of that origin are in and the output does not depend on
 * timing); then {@link EnsembleProcessor} scores the arrival, retires old targets and pools the candidates of that
 * origin into the {@code ensemble} forecast. This function only holds state, runs the timers and builds records.
 *
 * <p>Where nothing but the AR stage's record can contribute to an origin, the origin is acted on when that record
 * comes, with no timer and no inbox: no neural stage (its candidate comes separately), a configured
 * {@code combine.delay} of 0, a record without a group, a series that never had a group and is no member of a
 * configured group (the group stage can make candidates for a member whose observations carry no group). The AR stage
 * sends a record once the watermark passed its time and sends a series' records in event-time order, so this does what
 * the timer would have done a moment later. With groups on it saves such a series the wait of one group step for a VAR
 * candidate that cannot come. Arrivals of such a series still waiting for their timers (state of an earlier build) are
 * acted on first, in time order; their timers then find nothing to do. A series that has had a group stays on the
 * timers.
 *
 * <p>On the heap backend each incoming record is applied to the series' {@link CombineState} on arrival (reading
 * heap state costs nothing). On RocksDB (any backend that serialises each access), incoming records wait in a list
 * state (an append) and are applied in arrival order when their timer fires, so the large combine state is read and
 * written once per origin instead of once per record; there the state is stored split by {@link CombineStore}, so an
 * origin writes only the slots of the origin ring that changed. Should the watermark stall (one input far behind the
 * others), at most 2 x {@code combine.max-pending} records wait per series; beyond that they are applied on arrival,
 * and the combine state's own cap on held origins bounds the state. Either way the records of time t are in the state
 * before t is acted on, so the output is the same; waiting records left by a run on the other backend are applied
 * too.
 */
public final class CombineStage extends KeyedProcessFunction<String, StageRecord, Forecast> {
    private static final long serialVersionUID = 1L;

    private final int horizon;
    private final double[] levels;
    private final double anomalyLevel;
    private final long delay;
    private final double gamma;
    private final double crpsDecay;
    private final int maxPending;
    private final long ttlMillis;
    private final int diagnosticsEvery;
    private final boolean applyOnArrival;
    /** No neural stage and a configured combine delay of 0: see the class comment. */
    private final boolean actOnArrival;
    private final Set<String> configuredMembers = new HashSet<>();

    private transient ValueState<CombineState> state;
    /** On RocksDB: the state split into its core and one entry per origin slot. */
    private transient CombineStore store;
    private transient ListState<StageRecord> inbox;
    private transient ValueState<Integer> inboxSize;
    private transient EnsembleProcessor processor;
    /** The forecast levels, shared by every record emitted (never modified). */
    private transient List<Double> levelList;
    private transient Counter evicted;
    private transient Counter dropped;
    private transient Counter scoredCounter;

    public CombineStage(JobConfig config) {
        this.horizon = config.horizon();
        this.levels = config.quantileLevels();
        this.anomalyLevel = config.anomalyIntervalLevel();
        this.delay = config.combineDelay().toMillis();
        this.gamma = config.calibrationGamma();
        this.crpsDecay = config.crpsDecay();
        this.maxPending = config.maxPendingTargets();
        this.ttlMillis = config.stateTtl().toMillis();
        this.diagnosticsEvery = config.diagnosticsEvery();
        this.applyOnArrival = config.stateOnHeap();
        this.actOnArrival = config.combineDelayConfigured().isZero() && !config.neuralEnabled();
        if (config.groupEnabled()) {
            config.groups().values().forEach(configuredMembers::addAll);
        }
    }

    public static ValueStateDescriptor<CombineState> stateDescriptor() {
        return new ValueStateDescriptor<>("combine", new CombineStateSerializer());
    }

    public static ListStateDescriptor<StageRecord> inboxDescriptor() {
        return new ListStateDescriptor<>("combine-inbox", StageRecordTypeInfo.INSTANCE);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
        store = new CombineStore(state, getRuntimeContext().getMapState(CombineStore.ringDescriptor()));
        inbox = getRuntimeContext().getListState(inboxDescriptor());
        inboxSize = getRuntimeContext().getState(new ValueStateDescriptor<>("combine-inbox-size", Types.INT));
        processor = new EnsembleProcessor(horizon, levels, anomalyLevel, gamma, crpsDecay, maxPending);
        // whole states on the heap: scored intervals zeroed, so snapshots (zero runs) carry only the live ones
        processor.forgetScored(applyOnArrival);
        levelList = new ArrayList<>(levels.length);
        for (double l : levels) {
            levelList.add(l);
        }
        evicted = getRuntimeContext().getMetricGroup().counter("originsEvicted");
        dropped = getRuntimeContext().getMetricGroup().counter("arrivalsDropped");
        scoredCounter = getRuntimeContext().getMetricGroup().counter("arrivalsScored");
    }

    @Override
    public void processElement(StageRecord r, Context ctx, Collector<Forecast> out) throws Exception {
        if (actOnArrival && r.group == null && !configuredMembers.contains(r.series)) {
            // records waiting in the inbox (left by a run on RocksDB) go first, on either backend
            CombineState s = applyDue(r.time);
            // the record's conditions hold (above); the series' own is that it never had a group
            if (s == null || s.group == null) {
                s = s == null ? processor.newState() : s.migrate();
                boolean acted = actOnWaiting(s, Long.MAX_VALUE, r.series, ctx, out);
                apply(s, r);
                acted |= act(s, r.time, r.series, ctx, out);
                if (acted) {
                    s.expiresAt = r.time + ttlMillis;
                    s.ttlTimer = ExpiryTimer.rearm(ctx.timerService(), r.time, s.ttlTimer, s.expiresAt);
                }
                save(s);
                return;
            }
            save(s);
        }
        ctx.timerService().registerEventTimeTimer(r.time + delay);
        if (applyOnArrival) {
            CombineState s = load();
            s = s == null ? processor.newState() : s.migrate();
            apply(s, r);
            save(s);
            return;
        }
        inbox.add(r);
        Integer n = inboxSize.value();
        int size = n == null ? 1 : n + 1;
        if (size > 2 * maxPending) {
            save(applyDue(Long.MAX_VALUE));
        } else {
            inboxSize.update(size);
        }
    }

    /**
     * True when series s acts on its origins as their records come (see the class comment): it never had a group and
     * is no member of a configured group.
     */
    private boolean actsOnArrival(CombineState s, String series) {
        return actOnArrival && s.group == null && !configuredMembers.contains(series);
    }

    /**
     * Registers the timer of every record still waiting for one, at its time plus the configured delay: the arrivals
     * held in s, the origins in its ring not yet acted on, and the records in the inbox. A timer already there is kept
     * once (Flink keeps one per key and time).
     */
    private void rearmWaiting(CombineState s, TimerService timers) throws Exception {
        for (int i = 0; i < s.pendingArrivals; i++) {
            timers.registerEventTimeTimer(s.arrTime[i] + delay);
        }
        // origins not yet acted on: on the heap their candidates are in the ring already (and on RocksDB once a
        // stale timer applied them), with no arrival waiting for them when a group member was imputed
        for (int r = 0; r < s.ringOrigin.length; r++) {
            if (s.ringOrigin[r] != Long.MIN_VALUE && s.ringActed[r] == 0) {
                timers.registerEventTimeTimer(s.ringOrigin[r] + delay);
            }
        }
        for (StageRecord r : inbox.get()) {
            timers.registerEventTimeTimer(r.time + delay);
        }
    }

    /**
     * Acts, in time order, on every arrival of s waiting with a time before {@code before} and every origin in its ring
     * before that time not yet acted on; true when one emitted. In a run with one {@code combine.delay} there are none
     * when a timer fires, as each had its own earlier timer; after a restore with the delay changed, those whose timers
     * were set under the old delay are acted on here, in the order an uninterrupted run would have.
     */
    private boolean actOnWaiting(CombineState s, long before, String series, Context ctx, Collector<Forecast> out) {
        boolean acted = false;
        while (true) {
            long e = earliestWaiting(s);
            if (e >= before) {
                break;
            }
            acted |= act(s, e, series, ctx, out);
        }
        return acted;
    }

    /**
     * The earliest time of s with something to act on: a waiting arrival, or an origin not yet acted on (each
     * {@link #act} removes the arrival and marks the origin acted); {@link Long#MAX_VALUE} for none.
     */
    private static long earliestWaiting(CombineState s) {
        long t = Long.MAX_VALUE;
        for (int i = 0; i < s.pendingArrivals; i++) {
            t = Math.min(t, s.arrTime[i]);
        }
        for (int r = 0; r < s.ringOrigin.length; r++) {
            if (s.ringOrigin[r] != Long.MIN_VALUE && s.ringActed[r] == 0) {
                t = Math.min(t, s.ringOrigin[r]);
            }
        }
        return t;
    }

    /** The current key's state (whole), or null. */
    private CombineState load() throws Exception {
        return applyOnArrival ? store.loadWhole() : store.load();
    }

    /** Stores the current key's state (on the heap as one object, on RocksDB as its core and changed slots). */
    private void save(CombineState s) throws Exception {
        if (applyOnArrival) {
            state.update(s);
        } else {
            store.store(s);
        }
    }

    /** Applies the waiting records of time <= t to the state (created when needed); null when there is none. */
    private CombineState applyDue(long t) throws Exception {
        CombineState s = load();
        List<StageRecord> keep = null;
        boolean any = false;
        for (StageRecord r : inbox.get()) {
            if (r.time > t) {
                if (keep == null) {
                    keep = new ArrayList<>();
                }
                keep.add(r);
                continue;
            }
            any = true;
            s = s == null ? processor.newState() : s.migrate();
            apply(s, r);
        }
        if (any) {
            if (keep == null) {
                inbox.clear();
                inboxSize.clear();
            } else {
                inbox.update(keep);
                inboxSize.update(keep.size());
            }
        }
        return s;
    }

    /** Adds record r (an arrival or a candidate) to state s. */
    private void apply(CombineState s, StageRecord r) {
        if (r.group != null) {
            s.group = r.group;
        }
        if (r.isArrival() && !processor.addArrival(s, r)) {
            dropped.inc();
        }
        if (r.isCandidate()) {
            processor.addCandidate(s, r);
            evicted.inc(processor.lastEvicted());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        long t = timestamp - delay;
        CombineState s = applyDue(t);
        if (s == null) {
            return;
        }
        s.migrate();
        String series = ctx.getCurrentKey();
        // a timer of nothing: neither an arrival nor an origin at t nor the expiry timer. Left by a restore with
        // combine.delay raised, whose records waiting then wait for timers at their time plus the new delay
        boolean stale = s.arrivalAt(t) < 0 && s.slotOf(t) < 0 && timestamp != s.ttlTimer
                && timestamp != s.expiresAt;
        // arrivals before t still waiting had their timers set under another combine.delay (a restore with the delay
        // changed): they are acted on first, in time order. In a run with one delay there are none, as every
        // arrival's own timer came before this one
        boolean acted = actOnWaiting(s, t, series, ctx, out);
        // a series acting on arrival has no timer per origin: this is its expiry timer, or the timer of an arrival
        // that waited (state of an earlier build) and was acted on when a later record came; acting on t again
        // would repeat its forecast. An arrival still waiting at t is acted on.
        acted |= (!actsOnArrival(s, series) || s.arrivalAt(t) >= 0) && act(s, t, series, ctx, out);
        if (stale) {
            rearmWaiting(s, ctx.timerService());
        }
        if (acted) {
            s.expiresAt = timestamp + ttlMillis;
            s.ttlTimer = ExpiryTimer.rearm(ctx.timerService(), timestamp, s.ttlTimer, s.expiresAt);
        } else if (timestamp == s.ttlTimer || timestamp == s.expiresAt) {
            // the key's expiry timer (or a per-record one from a state written before version 2). Not while an
            // arrival waits for its timer: after a gap longer than state.ttl a record can come before the watermark
            // passes the expiry time (another input lagging); on the heap it is already in the state
            if (timestamp >= s.expiresAt && s.pendingArrivals == 0 && !inbox.get().iterator().hasNext()) {
                store.clear();
                return;
            }
            if (timestamp == s.ttlTimer) {
                s.ttlTimer = ExpiryTimer.rearm(ctx.timerService(), timestamp, s.ttlTimer, s.expiresAt);
            }
        }
        save(s);
    }

    /** Scores the arrival at t, retires old targets and makes the ensemble of origin t; true when it emitted. */
    private boolean act(CombineState s, long t, String series, Context ctx, Collector<Forecast> out) {
        boolean acted = false;
        EnsembleProcessor.ArrivalScore a = processor.score(s, t);
        if (a != null) {
            ctx.output(OutputTags.ANOMALIES, AnomalyScore.newBuilder().setSeries(series).setGroup(a.group)
                    .setTime(Instant.ofEpochMilli(t)).setObserved(a.observed).setExpected(a.expected)
                    .setLower(a.lower).setUpper(a.upper).setIntervalLevel(anomalyLevel).setScore(a.score)
                    .setTailProbability(a.tail).setModel(EnsembleProcessor.MODEL).setWarmingUp(a.warmingUp)
                    .build());
            if (!a.warmingUp) {
                scoredCounter.inc();
            }
            if (diagnosticsEvery > 0 && s.arrivals % diagnosticsEvery == 0) {
                ctx.output(OutputTags.DIAGNOSTICS, diagnostics(s, series, t));
            }
            acted = true;
        }
        processor.retire(s, t);
        EnsembleProcessor.Ensemble e = processor.ensembleReused(s, t);
        if (e != null) {
            out.collect(forecast(s, series, e));
            acted = true;
        }
        return acted;
    }

    /** The ensemble forecast record (records are built with their constructors: every field is set here). */
    private Forecast forecast(CombineState s, String series, EnsembleProcessor.Ensemble e) {
        List<ForecastStep> steps = new ArrayList<>(e.steps);
        for (int i = 0; i < e.steps; i++) {
            // ArrayList like every other list the job's records carry: one list class keeps Avro's writer loops
            // monomorphic
            List<Double> q = new ArrayList<>(levels.length);
            for (double v : e.quantiles[i]) {
                q.add(v);
            }
            steps.add(new ForecastStep(e.horizon[i], Instant.ofEpochMilli(e.target[i]), e.mean[i], q));
        }
        return new Forecast(series, EnsembleProcessor.MODEL, s.versionStamp(EnsembleProcessor.VERSION,
                s.slotOf(e.origin)), Instant.ofEpochMilli(e.origin), e.stepMillis, levelList, steps);
    }

    private ModelDiagnostics diagnostics(CombineState s, String series, long t) {
        double[] slots = processor.slotLevels();
        List<CoverageEntry> cov = new ArrayList<>();
        for (int l = 0; l < slots.length; l++) {
            double c = processor.coverage(s, l);
            cov.add(CoverageEntry.newBuilder().setLevel(slots[l]).setAchieved(Double.isNaN(c) ? 0 : c)
                    .setCount(s.counts[l]).build());
        }
        List<Double> weights = new ArrayList<>();
        for (double w : processor.weights(s)) {
            weights.add(w);
        }
        return ModelDiagnostics.newBuilder().setSubject(series).setModel(EnsembleProcessor.MODEL)
                .setModelVersion(s.versionStamp(EnsembleProcessor.VERSION, -1)).setTime(Instant.ofEpochMilli(t))
                .setObservations(s.arrivals).setOrder(0).setCoefficients(weights).setNoiseVariance(Double.NaN)
                .setMembers(Arrays.asList(s.sortedModels())).setCoverage(cov).build();
    }
}
