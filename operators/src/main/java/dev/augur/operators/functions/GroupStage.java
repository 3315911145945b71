package dev.augur.operators.functions;

import dev.augur.models.MultivariateForecaster;
import dev.augur.models.scoring.GroupResidualScorer;
import dev.augur.models.star.SpaceTimeAr;
import dev.augur.models.star.StarState;
import dev.augur.models.stream.BucketValues;
import dev.augur.models.stream.GroupProcessor;
import dev.augur.models.stream.GroupState;
import dev.augur.models.stream.StageRecord;
import dev.augur.models.var.GrangerTest;
import dev.augur.models.var.RlsVar;
import dev.augur.models.var.VarAnalysis;
import dev.augur.models.var.sparse.SparseVar;
import dev.augur.models.var.sparse.SparseVarState;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.DeadLetters;
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
 * watermark passes a bucket's end (plus {@code group.wait}) the bucket is handed to {@link GroupProcessor}: missing
 * members are imputed by their one-step forecast (counted and flagged), a bucket with fewer than
 * {@code group.min-present} of the members is skipped. Each learned bucket yields a group anomaly score (Mahalanobis distance of the vector under
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
    private final String weightsSpec;
    private final int sparseAbove;

    private transient ValueState<GroupState> state;
    private transient MapState<Long, BucketValues> buckets;
    private transient GroupProcessor processor;
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
        this.weightsSpec = config.groupWeightsSpec();
        this.sparseAbove = config.groupSparseAbove();
    }

    public static ValueStateDescriptor<GroupState> stateDescriptor() {
        return new ValueStateDescriptor<>("group", TypeInformation.of(GroupState.class));
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("buckets", Types.LONG,
                TypeInformation.of(BucketValues.class)));
        processor = new GroupProcessor(horizon, order, forgetting, maxMembers, discoveryBuckets, minPresent,
                maxImputeGap, diagnosticsEvery, intervalLevel, JobConfig.parseWeights(weightsSpec, configured),
                sparseAbove);
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
        // non-finite values and out-of-range times are dead-lettered, late ones sent to the late topic, by the AR
        // stage, once
        if (!Double.isFinite(o.getValue()) || t < SeriesStage.MIN_EVENT_TIME || t >= SeriesStage.MAX_EVENT_TIME
                || t <= ctx.timerService().currentWatermark()) {
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
            // the key's expiry timer (or a per-bucket one from a state written before version 2)
            if (s != null && (timestamp == s.ttlTimer || timestamp == s.expiresAt)) {
                if (timestamp >= s.expiresAt) {
                    state.clear();
                    buckets.clear();
                } else if (timestamp == s.ttlTimer) {
                    s.ttlTimer = ExpiryTimer.rearm(ctx.timerService(), timestamp, s.ttlTimer, s.expiresAt);
                    state.update(s);
                }
            }
            return;
        }
        buckets.remove(b);
        if (s == null) {
            List<String> members = configured.get(group);
            s = processor.newState(members == null ? null : members.toArray(new String[0]));
        }
        s.migrate();
        processor.bucket(s, group, b, step, v, new GroupProcessor.Output() {
            @Override
            public void groupScore(long bucket, GroupResidualScorer scorer, int k, double upper, String[] mem) {
                Map<String, Double> shares = new LinkedHashMap<>();
                for (int i = 0; i < k; i++) {
                    shares.put(mem[i], scorer.share(i));
                }
                ctx.output(OutputTags.ANOMALIES, AnomalyScore.newBuilder().setSeries(group).setGroup(group)
                        .setTime(Instant.ofEpochMilli(bucket)).setObserved(scorer.distance2()).setExpected(k)
                        .setLower(0).setUpper(upper).setIntervalLevel(intervalLevel)
                        .setScore(1 - scorer.tailProbability()).setTailProbability(scorer.tailProbability())
                        .setModel(processor.lastModel()).setWarmingUp(false).setContributions(shares).build());
            }

            @Override
            public void candidate(StageRecord r) {
                out.collect(r);
            }

            @Override
            public void diagnosticsDue(GroupState st, long bucket, RlsVar model) {
                ctx.output(OutputTags.DIAGNOSTICS, diagnostics(model, st, group, bucket));
            }

            @Override
            public void modelDiagnosticsDue(GroupState st, long bucket, MultivariateForecaster<?> model) {
                ctx.output(OutputTags.DIAGNOSTICS, coefficientDiagnostics(model, st, group, bucket));
            }
        });
        imputed.inc(processor.lastImputed());
        if (processor.lastSkipped()) {
            skipped.inc();
        }
        s.expiresAt = timestamp + ttlMillis;
        s.ttlTimer = ExpiryTimer.rearm(ctx.timerService(), timestamp, s.ttlTimer, s.expiresAt);
        state.update(s);
    }

    private ModelDiagnostics diagnostics(RlsVar model, GroupState s, String group, long b) {
        return diagnostics(new VarAnalysis(model, s.var), model.name(), model.version(), s.var.n, s, group, b);
    }

    /** Diagnostics of a space-time AR or sparse VAR group from its VAR form (no Granger tests: no covariance P). */
    private ModelDiagnostics coefficientDiagnostics(MultivariateForecaster<?> model, GroupState s, String group,
            long b) {
        int k = s.members.length;
        double[] coef = new double[(1 + k * order) * k];
        double[] sigma = new double[k * k];
        long n;
        if (model instanceof SpaceTimeAr star) {
            StarState st = s.star;
            star.varCoefficients(st, coef);
            star.residualCovariance(st, sigma);
            n = star.observations(st);
        } else if (model instanceof SparseVar sparse) {
            SparseVarState st = s.sparse;
            sparse.coefficients(st, coef);
            sparse.residualCovariance(st, sigma);
            n = sparse.observations(st);
        } else {
            throw new IllegalStateException("expected a space-time AR or sparse VAR group model but found "
                    + model.name());
        }
        return diagnostics(new VarAnalysis(k, order, coef, sigma), model.name(), model.version(), n, s, group, b);
    }

    /**
     * Coefficients (per equation: intercept, then A_1..A_p rows), Sigma_u, orthogonalised IRF for h = 0..H, FEVD at
     * H, and the Granger p-value matrix when the analysis has the estimator's covariance.
     */
    private ModelDiagnostics diagnostics(VarAnalysis a, String name, String version, long observations,
            GroupState s, String group, long b) {
        int k = s.members.length;
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
        if (a.hasCovariance()) {
            double[][] granger = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    granger[i][j] = i == j ? Double.NaN : a.grangerCausality(new int[] {i}, new int[] {j},
                            GrangerTest.Kind.F, 0.05).pValue();
                }
            }
            m.put("granger.pvalues", matrix(granger));
        }
        return ModelDiagnostics.newBuilder().setSubject(group).setModel(name)
                .setModelVersion(version).setTime(Instant.ofEpochMilli(b)).setObservations(observations)
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
