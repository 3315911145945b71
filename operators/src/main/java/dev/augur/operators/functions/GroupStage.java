package dev.augur.operators.functions;

import dev.augur.models.MultivariatePredictive;
import dev.augur.models.scoring.GroupResidualScorer;
import dev.augur.models.var.GrangerTest;
import dev.augur.models.var.RlsVar;
import dev.augur.models.var.VarAnalysis;
import dev.augur.models.var.VarConfig;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.DeadLetters;
import dev.augur.operators.io.StageRecord;
import dev.augur.operators.state.BucketValues;
import dev.augur.operators.state.GroupState;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Matrix;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The VAR stage, keyed by group. Member observations are collected into time buckets of {@code group.step}; once the
 * watermark passes a bucket's end (plus {@code group.wait}) the bucket becomes one observation vector: missing members
 * are imputed by their one-step forecast (counted and flagged), a bucket with fewer than {@code group.min-present} of
 * the members is skipped. Each learned bucket yields a group anomaly score (Mahalanobis distance of the vector under
 * the one-step joint forecast, with each member's share), and every member's VAR forecast as a CANDIDATE for the
 * combine stage. Periodic diagnostics carry the coefficients, residual covariance, orthogonalised impulse responses,
 * FEVD and the Granger-causality p-values. Members come from the {@code groups} setting or are discovered from the
 * first {@code group.discovery-buckets} buckets, then fixed. The math lives in {@link RlsVar},
 * {@link VarAnalysis} and {@link GroupResidualScorer}.
 */
public final class GroupStage extends KeyedProcessFunction<String, Observation, StageRecord> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "job.var";

    private final int horizon;
    private final long step;
    private final long wait;
    private final int order;
    private final double forgetting;
    private final int maxMembers;
    private final int discoveryBuckets;
    private final double minPresent;
    private final Map<String, List<String>> configured;
    private final boolean configuredOnly;
    private final int maxImputeGap;
    private final int diagnosticsEvery;
    private final long ttlMillis;
    private final double intervalLevel;

    private transient ValueState<GroupState> state;
    private transient MapState<Long, BucketValues> buckets;
    private transient Map<Integer, RlsVar> models;
    private transient Map<Integer, MultivariatePredictive> predictives;
    private transient Map<Integer, GroupResidualScorer> scorers;
    private transient Counter imputed;
    private transient Counter skipped;
    private transient Counter outsiders;

    public GroupStage(JobConfig config) {
        this.horizon = config.horizon();
        this.step = config.groupStep().toMillis();
        this.wait = config.groupWait().toMillis();
        this.order = config.varOrder();
        this.forgetting = config.varForgetting();
        this.maxMembers = config.groupMaxMembers();
        this.discoveryBuckets = config.groupDiscoveryBuckets();
        this.minPresent = config.groupMinPresent();
        this.configured = new HashMap<>(config.groups());
        this.configuredOnly = config.groupsConfiguredOnly();
        this.maxImputeGap = config.maxImputeGap();
        this.diagnosticsEvery = config.diagnosticsEvery();
        this.ttlMillis = config.stateTtl().toMillis();
        this.intervalLevel = config.anomalyIntervalLevel();
    }

    public static ValueStateDescriptor<GroupState> stateDescriptor() {
        return new ValueStateDescriptor<>("group", TypeInformation.of(GroupState.class));
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("buckets", Types.LONG,
                TypeInformation.of(BucketValues.class)));
        models = new HashMap<>();
        predictives = new HashMap<>();
        scorers = new HashMap<>();
        var g = getRuntimeContext().getMetricGroup();
        imputed = g.counter("groupValuesImputed");
        skipped = g.counter("groupBucketsSkipped");
        outsiders = g.counter("groupNonMembers");
    }

    @Override
    public void processElement(Observation o, Context ctx, Collector<StageRecord> out) throws Exception {
        String group = ctx.getCurrentKey();
        List<String> members = configured.get(group);
        if (members == null && configuredOnly) {
            ctx.output(OutputTags.DEAD_LETTERS, DeadLetters.rejected(o, STAGE, "UNKNOWN_GROUP",
                    "expected one of the configured groups " + configured.keySet() + " but found '" + group + "'"));
            return;
        }
        long t = o.getEventTime().toEpochMilli();
        // non-finite values are dead-lettered and late ones sent to the late topic by the AR stage, once
        if (!Double.isFinite(o.getValue()) || t <= ctx.timerService().currentWatermark()) {
            return;
        }
        GroupState s = state.value();
        String[] fixed = s != null && s.members != null ? s.members : null;
        if ((members != null && !members.contains(o.getSeries()))
                || (fixed != null && Arrays.binarySearch(fixed, o.getSeries()) < 0)) {
            outsiders.inc();
            return;
        }
        long b = Math.floorDiv(t, step) * step;
        BucketValues v = buckets.get(b);
        if (v == null) {
            v = new BucketValues();
        }
        v.put(o.getSeries(), o.getValue());
        buckets.put(b, v);
        ctx.timerService().registerEventTimeTimer(b + step - 1 + wait);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StageRecord> out) throws Exception {
        String group = ctx.getCurrentKey();
        long b = timestamp - (step - 1 + wait);
        BucketValues v = buckets.get(b);
        GroupState s = state.value();
        if (v == null) {
            if (s != null && timestamp == s.expiresAt) {
                state.clear();
                buckets.clear();
            }
            return;
        }
        buckets.remove(b);
        if (s == null) {
            s = new GroupState();
            List<String> members = configured.get(group);
            if (members != null) {
                s.members = members.toArray(new String[0]);
            }
        }
        s.migrate();
        if (s.members == null) {
            discover(s, v);
        }
        if (s.members != null) {
            learnBucket(s, group, b, v, ctx, out);
        }
        s.expiresAt = timestamp + ttlMillis;
        ctx.timerService().registerEventTimeTimer(s.expiresAt);
        state.update(s);
    }

    private void discover(GroupState s, BucketValues v) {
        TreeSet<String> seen = new TreeSet<>(Arrays.asList(s.discovered));
        for (int i = 0; i < v.n && seen.size() < maxMembers; i++) {
            seen.add(v.series[i]);
        }
        s.discovered = seen.toArray(new String[0]);
        s.discoveryBuckets++;
        if (s.discoveryBuckets >= discoveryBuckets && s.discovered.length >= 2) {
            s.members = s.discovered;
            s.discovered = new String[0];
        }
    }

    private void learnBucket(GroupState s, String group, long b, BucketValues v, OnTimerContext ctx,
            Collector<StageRecord> out) {
        int k = s.members.length;
        RlsVar model = models.computeIfAbsent(k, kk -> new RlsVar(new VarConfig(kk, order, forgetting, 1e4)));
        MultivariatePredictive pred = predictives.computeIfAbsent(k, kk -> new MultivariatePredictive(kk, horizon));
        if (s.var == null) {
            s.var = model.newState();
        }
        boolean canForecast = s.var.n > order && !model.warmingUp(s.var);
        // whole buckets missing since the last one: impute them so lags stay aligned
        if (s.buckets > 0 && canForecast) {
            long gap = (b - s.lastBucket) / step - 1;
            if (gap >= 1 && gap <= maxImputeGap) {
                double[] fill = new double[k];
                for (long g = 0; g < gap; g++) {
                    model.forecast(s.var, pred);
                    for (int i = 0; i < k; i++) {
                        fill[i] = pred.mean(1, i);
                    }
                    model.learn(s.var, fill);
                }
                s.imputedValues += gap * k;
                imputed.inc(gap * k);
            }
        }
        double[] y = new double[k];
        boolean[] missing = new boolean[k];
        int present = 0;
        for (int i = 0; i < k; i++) {
            y[i] = v.get(s.members[i]);
            missing[i] = Double.isNaN(y[i]);
            if (!missing[i]) {
                present++;
            }
        }
        if (present < minPresent * k || (present < k && !canForecast)) {
            s.skippedBuckets++;
            skipped.inc();
            return;
        }
        if (canForecast) {
            model.forecast(s.var, pred);
            for (int i = 0; i < k; i++) {
                if (missing[i]) {
                    y[i] = pred.mean(1, i);
                    s.imputedValues++;
                    imputed.inc();
                }
            }
            GroupResidualScorer scorer = scorers.computeIfAbsent(k, GroupResidualScorer::new);
            double score = scorer.score(pred, y);
            if (!Double.isNaN(score)) {
                Map<String, Double> shares = new LinkedHashMap<>();
                for (int i = 0; i < k; i++) {
                    shares.put(s.members[i], scorer.share(i));
                }
                ctx.output(OutputTags.ANOMALIES, AnomalyScore.newBuilder().setSeries(group).setGroup(group)
                        .setTime(Instant.ofEpochMilli(b)).setObserved(scorer.distance2()).setExpected(k)
                        .setLower(0).setUpper(scorer.distanceQuantile(intervalLevel, pred.dof()))
                        .setIntervalLevel(intervalLevel).setScore(score)
                        .setTailProbability(scorer.tailProbability()).setModel(model.name()).setWarmingUp(false)
                        .setContributions(shares).build());
            }
        }
        model.learn(s.var, y);
        s.lastBucket = b;
        s.buckets++;
        if (!model.warmingUp(s.var)) {
            model.forecast(s.var, pred);
            for (int i = 0; i < k; i++) {
                double[] means = new double[horizon];
                double[] vars = new double[horizon];
                for (int h = 1; h <= horizon; h++) {
                    means[h - 1] = pred.mean(h, i);
                    vars[h - 1] = pred.variance(h, i);
                }
                out.collect(StageRecord.candidate(s.members[i], group, b, model.name(), model.version(), step, means,
                        vars, pred.dof(), false, missing[i] ? 1 : 0));
            }
            if (diagnosticsEvery > 0 && s.buckets % diagnosticsEvery == 0) {
                ctx.output(OutputTags.DIAGNOSTICS, diagnostics(model, s, group, b));
            }
        }
    }

    private ModelDiagnostics diagnostics(RlsVar model, GroupState s, String group, long b) {
        int k = s.members.length;
        VarAnalysis a = new VarAnalysis(model, s.var);
        List<Double> coef = new ArrayList<>();
        double[] c = a.intercept();
        double[][][] lags = new double[order][][];
        for (int l = 0; l < order; l++) {
            lags[l] = a.coefficientMatrix(l + 1);
        }
        for (int i = 0; i < k; i++) {
            coef.add(c[i]);
            for (int l = 0; l < order; l++) {
                for (int j = 0; j < k; j++) {
                    coef.add(lags[l][i][j]);
                }
            }
        }
        double[][] sigma = a.residualCovariance();
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += sigma[i][i];
        }
        Map<String, Matrix> m = new LinkedHashMap<>();
        m.put("sigma_u", matrix(sigma));
        double[][][] irf = a.orthogonalisedIrf(horizon);
        for (int h = 0; h <= horizon; h++) {
            m.put("orth_irf.h" + h, matrix(irf[h]));
        }
        double[][][] fevd = a.fevd(horizon);
        double[][] last = new double[k][];
        for (int j = 0; j < k; j++) {
            last[j] = fevd[j][horizon - 1];
        }
        m.put("fevd.h" + horizon, matrix(last));
        double[][] granger = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                granger[i][j] = i == j ? Double.NaN : a.grangerCausality(new int[] {i}, new int[] {j},
                        GrangerTest.Kind.F, 0.05).pValue();
            }
        }
        m.put("granger.pvalues", matrix(granger));
        return ModelDiagnostics.newBuilder().setSubject(group).setModel(model.name())
                .setModelVersion(model.version()).setTime(Instant.ofEpochMilli(b)).setObservations(s.var.n)
                .setOrder(order).setCoefficients(coef).setNoiseVariance(trace)
                .setMembers(Arrays.asList(s.members)).setMatrices(m).build();
    }

    private static Matrix matrix(double[][] a) {
        List<Double> v = new ArrayList<>(a.length * a[0].length);
        for (double[] row : a) {
            for (double x : row) {
                v.add(x);
            }
        }
        return Matrix.newBuilder().setRows(a.length).setCols(a[0].length).setValues(v).build();
    }
}
