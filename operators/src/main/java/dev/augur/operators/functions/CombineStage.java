package dev.augur.operators.functions;

import dev.augur.models.conformal.AdaptiveConformal;
import dev.augur.models.ensemble.LinearPool;
import dev.augur.models.metrics.Crps;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.StageRecord;
import dev.augur.operators.state.CombineState;
import dev.augur.operators.state.PendingTarget;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.CoverageEntry;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import dev.augur.schemas.records.ModelDiagnostics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
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
 * The combine, calibrate and score stage, keyed by series. Candidate forecasts from every model stage are held per
 * target time (bounded by {@code combine.max-pending-targets}); arrivals and candidates are acted on in event-time
 * order when the watermark passes {@code time + combine.delay}, so the output does not depend on timing. For time t:
 * <ol>
 *   <li>the arrival at t is scored against the pooled forecasts for t and the interval issued for t (anomaly score =
 *       1 - two-sided tail probability under the calibrated pool), then every candidate for t is scored by CRPS
 *       (updating each model's EW CRPS per horizon) and each issued interval updates its calibration multiplier
 *       per horizon and level (adaptive conformal inference in score space, see {@link AdaptiveConformal});
 *   <li>the candidates made at origin t are pooled (linear pool, weights proportional to 1 / EW CRPS of each model at
 *       that horizon) and emitted as the {@code ensemble} forecast, each quantile stretched about the median by its level's
 *       multiplier (then rearranged to be monotone); the intervals issued are kept with the target for step 1.
 * </ol>
 * The math lives in {@link LinearPool}, {@link Crps} and {@link AdaptiveConformal}.
 */
public final class CombineStage extends KeyedProcessFunction<String, StageRecord, Forecast> {
    private static final long serialVersionUID = 1L;
    public static final String MODEL = "ensemble";
    public static final String VERSION = "1";
    static final int MAX_MODELS = 8;
    static final int MIN_SCORES_FOR_WEIGHT = 5;

    private final int horizon;
    private final double[] levels;
    private final double anomalyLevel;
    private final long delay;
    private final double gamma;
    private final double crpsDecay;
    private final int maxPending;
    private final long ttlMillis;
    private final int diagnosticsEvery;

    /** Central interval level of each slot, ascending; slotOfLevel[i] is the slot of levels[i], -1 for 0.5. */
    private final double[] slotLevel;
    private final int[] slotOfLevel;
    private final int anomalySlot;

    private transient ValueState<CombineState> state;
    private transient MapState<Long, PendingTarget> pending;
    private transient MapState<Long, StageRecord> arrivals;
    private transient LinearPool pool;
    private transient AdaptiveConformal aci;
    private transient double[] lower;
    private transient double[] upper;
    private transient Counter evicted;
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
        TreeSet<Double> central = new TreeSet<>();
        for (double l : levels) {
            if (Math.abs(l - 0.5) > 1e-12) {
                central.add(round(Math.abs(2 * l - 1)));
            }
        }
        central.add(round(anomalyLevel));
        this.slotLevel = central.stream().mapToDouble(Double::doubleValue).toArray();
        this.slotOfLevel = new int[levels.length];
        for (int i = 0; i < levels.length; i++) {
            slotOfLevel[i] = Math.abs(levels[i] - 0.5) <= 1e-12 ? -1
                    : Arrays.binarySearch(slotLevel, round(Math.abs(2 * levels[i] - 1)));
        }
        this.anomalySlot = Arrays.binarySearch(slotLevel, round(anomalyLevel));
    }

    private static double round(double x) {
        return Math.round(x * 1e9) / 1e9;
    }

    public static ValueStateDescriptor<CombineState> stateDescriptor() {
        return new ValueStateDescriptor<>("combine", TypeInformation.of(CombineState.class));
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-targets", Types.LONG,
                TypeInformation.of(PendingTarget.class)));
        arrivals = getRuntimeContext().getMapState(new MapStateDescriptor<>("arrivals", Types.LONG,
                TypeInformation.of(StageRecord.class)));
        pool = new LinearPool(MAX_MODELS * 4);
        aci = new AdaptiveConformal(gamma);
        lower = new double[slotLevel.length];
        upper = new double[slotLevel.length];
        evicted = getRuntimeContext().getMetricGroup().counter("pendingTargetsEvicted");
        scoredCounter = getRuntimeContext().getMetricGroup().counter("arrivalsScored");
    }

    @Override
    public void processElement(StageRecord r, Context ctx, Collector<Forecast> out) throws Exception {
        CombineState s = load();
        if (r.group != null) {
            s.group = r.group;
        }
        if (r.kind == StageRecord.ARRIVAL) {
            arrivals.put(r.time, r);
        } else {
            int m = s.modelIndex(r.model, horizon, MAX_MODELS);
            if (m < 0) {
                return;
            }
            s.stepMillis = r.stepMillis;
            for (int h = 1; h <= Math.min(horizon, r.means.length); h++) {
                long target = r.time + h * r.stepMillis;
                long dropped = s.addPending(target, maxPending);
                if (dropped != Long.MIN_VALUE) {
                    evicted.inc();
                    pending.remove(dropped);
                    if (dropped == target) {
                        continue;
                    }
                }
                PendingTarget p = pending.get(target);
                if (p == null) {
                    p = new PendingTarget();
                }
                p.addCandidate(m, h, r.time, r.means[h - 1], r.variances[h - 1], r.dof);
                pending.put(target, p);
            }
        }
        state.update(s);
        ctx.timerService().registerEventTimeTimer(r.time + delay);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        CombineState s = state.value();
        if (s == null) {
            return;
        }
        s.migrate();
        long t = timestamp - delay;
        StageRecord arrival = arrivals.get(t);
        boolean acted = false;
        if (arrival != null) {
            arrivals.remove(t);
            score(s, arrival, ctx);
            acted = true;
        }
        for (long done : s.removePendingUpTo(t)) {
            pending.remove(done);
        }
        acted |= emitEnsemble(s, ctx.getCurrentKey(), t, out);
        if (acted) {
            s.expiresAt = timestamp + ttlMillis;
            ctx.timerService().registerEventTimeTimer(s.expiresAt);
        } else if (timestamp == s.expiresAt) {
            state.clear();
            pending.clear();
            arrivals.clear();
            return;
        }
        state.update(s);
    }

    private void score(CombineState s, StageRecord a, OnTimerContext ctx) throws Exception {
        double y = a.value;
        PendingTarget p = pending.get(a.time);
        AnomalyScore.Builder rec = AnomalyScore.newBuilder().setSeries(a.series).setGroup(s.group)
                .setTime(Instant.ofEpochMilli(a.time)).setObserved(y).setIntervalLevel(anomalyLevel).setModel(MODEL);
        int h = p == null ? -1 : smallestHorizon(p);
        if (h < 0) {
            rec.setExpected(y).setLower(y).setUpper(y).setScore(0).setTailProbability(1).setWarmingUp(true);
        } else {
            double inflation = 1;
            double lo = Double.NaN;
            double hi = Double.NaN;
            for (int i = 0; i < p.issued; i++) {
                if (p.issuedHorizon[i] == h) {
                    inflation = p.issuedInflation[i];
                    lo = p.issuedLower[i * slotLevel.length + anomalySlot];
                    hi = p.issuedUpper[i * slotLevel.length + anomalySlot];
                }
            }
            fillPool(s, p, h, -1);
            if (Double.isNaN(lo)) {
                lo = pool.quantile((1 - anomalyLevel) / 2, 1);
                hi = pool.quantile((1 + anomalyLevel) / 2, 1);
            }
            double u = pool.cdf(y, inflation);
            double tail = Math.min(1, Math.max(0, 2 * Math.min(u, 1 - u)));
            rec.setExpected(pool.mean()).setLower(lo).setUpper(hi).setScore(1 - tail).setTailProbability(tail)
                    .setWarmingUp(a.warmingUp);
            // learn: CRPS per model and horizon, ACI per issued horizon and slot
            for (int i = 0; i < p.n; i++) {
                int idx = p.model[i] * horizon + (p.horizon[i] - 1);
                double crps = Crps.studentT(p.mean[i], scale(p.variance[i], p.dof[i]), Math.max(p.dof[i], 1.5), y);
                s.ewCrps[idx] = s.crpsCount[idx] == 0 ? crps : (1 - crpsDecay) * s.ewCrps[idx] + crpsDecay * crps;
                s.crpsCount[idx]++;
            }
            for (int i = 0; i < p.issued; i++) {
                int base = (p.issuedHorizon[i] - 1) * slotLevel.length;
                for (int l = 0; l < slotLevel.length; l++) {
                    int k = i * slotLevel.length + l;
                    boolean covered = y >= p.issuedLower[k] && y <= p.issuedUpper[k];
                    aci.update(s.multiplier, s.hits, s.counts, base + l, 1 - slotLevel[l], covered);
                }
            }
            scoredCounter.inc();
        }
        s.arrivals++;
        ctx.output(OutputTags.ANOMALIES, rec.build());
        if (diagnosticsEvery > 0 && s.arrivals % diagnosticsEvery == 0) {
            ctx.output(OutputTags.DIAGNOSTICS, diagnostics(s, a.series, a.time));
        }
    }

    /** Emits the ensemble for origin t if candidates from t are pending; records the issued intervals. */
    private boolean emitEnsemble(CombineState s, String series, long t, Collector<Forecast> out) throws Exception {
        if (s.stepMillis <= 0) {
            return false;
        }
        List<ForecastStep> steps = null;
        double[] q = new double[levels.length];
        for (int h = 1; h <= horizon; h++) {
            long target = t + h * s.stepMillis;
            PendingTarget p = pending.get(target);
            if (p == null || fillPool(s, p, h, t) == 0) {
                continue;
            }
            int base = (h - 1) * slotLevel.length;
            double median = pool.quantile(0.5, 1);
            for (int l = 0; l < slotLevel.length; l++) {
                double m = s.multiplier[base + l];
                lower[l] = AdaptiveConformal.lower(median, pool.quantile((1 - slotLevel[l]) / 2, 1), m);
                upper[l] = AdaptiveConformal.upper(median, pool.quantile((1 + slotLevel[l]) / 2, 1), m);
            }
            p.addIssued(h, lower, upper, s.multiplier[base + anomalySlot]);
            pending.put(target, p);
            for (int i = 0; i < levels.length; i++) {
                int l = slotOfLevel[i];
                double m = l < 0 ? 1 : s.multiplier[base + l];
                double raw = pool.quantile(levels[i], 1);
                q[i] = levels[i] < 0.5 ? AdaptiveConformal.lower(median, raw, m)
                        : AdaptiveConformal.upper(median, raw, m);
            }
            Arrays.sort(q);
            List<Double> ql = new ArrayList<>(q.length);
            for (double v : q) {
                ql.add(v);
            }
            if (steps == null) {
                steps = new ArrayList<>(horizon);
            }
            steps.add(ForecastStep.newBuilder().setHorizon(h).setTargetTime(Instant.ofEpochMilli(target))
                    .setMean(pool.mean()).setQuantiles(ql).build());
        }
        if (steps == null) {
            return false;
        }
        List<Double> lv = new ArrayList<>(levels.length);
        for (double l : levels) {
            lv.add(l);
        }
        out.collect(Forecast.newBuilder().setSeries(series).setModel(MODEL).setModelVersion(VERSION)
                .setOriginTime(Instant.ofEpochMilli(t)).setStepMillis(s.stepMillis).setLevels(lv).setSteps(steps)
                .build());
        return true;
    }

    /**
     * Fills the pool with the candidates of {@code p} at horizon h (and origin {@code origin}, or any origin when
     * negative), weighted by 1 / EW CRPS once every model has enough scores, equally before.
     *
     * @return the number of components
     */
    private int fillPool(CombineState s, PendingTarget p, int h, long origin) {
        pool.clear();
        boolean scored = true;
        for (int i = 0; i < p.n; i++) {
            if (p.horizon[i] == h && (origin < 0 || p.origin[i] == origin)) {
                scored &= s.crpsCount[p.model[i] * horizon + h - 1] >= MIN_SCORES_FOR_WEIGHT;
            }
        }
        for (int i = 0; i < p.n && pool.size() < MAX_MODELS * 4; i++) {
            if (p.horizon[i] == h && (origin < 0 || p.origin[i] == origin)) {
                double w = scored ? 1.0 / (s.ewCrps[p.model[i] * horizon + h - 1] + 1e-12) : 1.0;
                pool.add(w, p.mean[i], scale(p.variance[i], p.dof[i]), p.dof[i]);
            }
        }
        pool.normalise();
        return pool.size();
    }

    private static int smallestHorizon(PendingTarget p) {
        int best = -1;
        for (int i = 0; i < p.n; i++) {
            if (best < 0 || p.horizon[i] < best) {
                best = p.horizon[i];
            }
        }
        return best;
    }

    /** Scale of a location-scale Student-t with the given variance (the variance itself for nu <= 2). */
    static double scale(double variance, double nu) {
        if (Double.isInfinite(nu) || nu <= 2) {
            return Math.sqrt(variance);
        }
        return Math.sqrt(variance * (nu - 2) / nu);
    }

    private ModelDiagnostics diagnostics(CombineState s, String series, long t) {
        List<CoverageEntry> cov = new ArrayList<>();
        for (int l = 0; l < slotLevel.length; l++) {
            long c = s.counts[l];
            cov.add(CoverageEntry.newBuilder().setLevel(slotLevel[l]).setAchieved(c == 0 ? 0 : s.hits[l] / (double) c)
                    .setCount(c).build());
        }
        List<Double> crps = new ArrayList<>();
        for (int m = 0; m < s.models.length; m++) {
            crps.add(s.ewCrps[m * horizon]);
        }
        return ModelDiagnostics.newBuilder().setSubject(series).setModel(MODEL).setModelVersion(VERSION)
                .setTime(Instant.ofEpochMilli(t)).setObservations(s.arrivals).setOrder(0)
                .setCoefficients(crps).setNoiseVariance(Double.NaN).setMembers(Arrays.asList(s.models))
                .setCoverage(cov).build();
    }

    private CombineState load() throws Exception {
        CombineState s = state.value();
        if (s == null) {
            return new CombineState(horizon, slotLevel.length);
        }
        return s.migrate();
    }
}
