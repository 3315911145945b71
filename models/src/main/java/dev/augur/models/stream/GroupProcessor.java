package dev.augur.models.stream;

import dev.augur.models.MultivariateForecaster;
import dev.augur.models.MultivariatePredictive;
import dev.augur.models.scoring.GroupResidualScorer;
import dev.augur.models.star.SpaceTimeAr;
import dev.augur.models.star.SpatialWeights;
import dev.augur.models.star.StarConfig;
import dev.augur.models.var.RlsVar;
import dev.augur.models.var.VarConfig;
import dev.augur.models.var.sparse.SparseVar;
import dev.augur.models.var.sparse.SparseVarConfig;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The group stage for one group, applied to closed time buckets in order. The joint model is chosen per group: a
 * space-time AR ({@link SpaceTimeAr}) for a group with a spatial weight matrix, a sparse VAR ({@link SparseVar}, online
 * lasso) for a group of more than {@code sparseAbove} members, else a VAR ({@link RlsVar}). Members are fixed when configured, otherwise
 * discovered from the first {@code discoveryBuckets} buckets (sorted, at most {@code maxMembers}). For each bucket:
 * whole missing buckets since the last one are imputed by forecasts (up to {@code maxImputeGap}); a bucket with fewer
 * than {@code minPresent} of the members is skipped (so is one with any member missing before the model can
 * forecast); missing members are imputed by their one-step forecast; the vector is scored against the one-step joint
 * forecast ({@link GroupResidualScorer}); it is learned; each member's forecast is emitted as a CANDIDATE.
 *
 * <p>Modifies the {@link GroupState} passed in; caches one model per group size; not thread-safe.
 */
public final class GroupProcessor {
    /** Receives what one bucket produced. */
    public interface Output {
        /** The group score of bucket b; {@code shares[i]} belongs to {@code members[i]}. */
        void groupScore(long bucket, GroupResidualScorer scorer, int k, double upper, String[] members);

        void candidate(StageRecord r);

        void diagnosticsDue(GroupState s, long bucket, RlsVar model);

        /** Diagnostics due for a group modelled by a space-time AR or a sparse VAR. */
        default void modelDiagnosticsDue(GroupState s, long bucket, MultivariateForecaster<?> model) {
        }
    }

    private final int horizon;
    private final int order;
    private final double forgetting;
    private final int maxMembers;
    private final int discoveryBuckets;
    private final double minPresent;
    private final int maxImputeGap;
    private final int diagnosticsEvery;
    private final double intervalLevel;
    private final Map<String, SpatialWeights> weights;
    private final int sparseAbove;
    private final Map<Integer, RlsVar> models = new HashMap<>();
    private final Map<Integer, SparseVar> sparseModels = new HashMap<>();
    private final Map<String, SpaceTimeAr> starModels = new HashMap<>();
    private final Map<Integer, MultivariatePredictive> predictives = new HashMap<>();
    private final Map<Integer, GroupResidualScorer> scorers = new HashMap<>();
    private long lastImputed;
    private boolean lastSkipped;
    private String lastModel = RlsVar.NAME;

    public GroupProcessor(int horizon, int order, double forgetting, int maxMembers, int discoveryBuckets,
            double minPresent, int maxImputeGap, int diagnosticsEvery, double intervalLevel) {
        this(horizon, order, forgetting, maxMembers, discoveryBuckets, minPresent, maxImputeGap, diagnosticsEvery,
                intervalLevel, Map.of(), Integer.MAX_VALUE);
    }

    /**
     * @param weights spatial weight matrix by group, its sites in the order of the group's sorted members; such a
     *     group is modelled by a space-time AR of the same order and forgetting
     * @param sparseAbove groups with more members than this (and no weights) get a sparse VAR
     */
    public GroupProcessor(int horizon, int order, double forgetting, int maxMembers, int discoveryBuckets,
            double minPresent, int maxImputeGap, int diagnosticsEvery, double intervalLevel,
            Map<String, SpatialWeights> weights, int sparseAbove) {
        this.weights = Map.copyOf(weights);
        this.sparseAbove = sparseAbove;
        this.horizon = horizon;
        this.order = order;
        this.forgetting = forgetting;
        this.maxMembers = maxMembers;
        this.discoveryBuckets = discoveryBuckets;
        this.minPresent = minPresent;
        this.maxImputeGap = maxImputeGap;
        this.diagnosticsEvery = diagnosticsEvery;
        this.intervalLevel = intervalLevel;
    }

    /** A new state, with the members fixed when {@code configured} is not null. */
    public GroupState newState(String[] configured) {
        GroupState s = new GroupState();
        if (configured != null) {
            s.members = configured.clone();
            Arrays.sort(s.members);
        }
        return s;
    }

    /** The VAR model for groups of k members. */
    public RlsVar model(int k) {
        return models.computeIfAbsent(k, kk -> new RlsVar(new VarConfig(kk, order, forgetting, 1e4)));
    }

    /** The sparse VAR for groups of k members. */
    public SparseVar sparseModel(int k) {
        return sparseModels.computeIfAbsent(k, kk -> new SparseVar(new SparseVarConfig(kk, order, forgetting,
                SparseVarConfig.DEFAULT_PENALTIES, 0.99, 0.01, 5, 1e-4)));
    }

    /** The space-time AR of {@code group}, or null when the group has no weight matrix. */
    public SpaceTimeAr starModel(String group) {
        SpatialWeights w = weights.get(group);
        return w == null ? null : starModels.computeIfAbsent(group,
                g -> new SpaceTimeAr(new StarConfig(w, order, forgetting, 1e4)));
    }

    public long lastImputed() {
        return lastImputed;
    }

    public boolean lastSkipped() {
        return lastSkipped;
    }

    /** Name of the joint model the last {@link #bucket} went through. */
    public String lastModel() {
        return lastModel;
    }

    /**
     * Applies the closed bucket starting at b (after every earlier one) to {@code s}.
     *
     * @param step bucket length (ms)
     */
    public void bucket(GroupState s, String group, long b, long step, BucketValues v, Output out) {
        lastImputed = 0;
        lastSkipped = false;
        if (s.members == null) {
            discover(s, v);
            if (s.members == null) {
                return;
            }
        }
        int k = s.members.length;
        SpaceTimeAr star = starModel(group);
        if (star != null) {
            if (star.dimension() != k) {
                throw new IllegalStateException("expected " + star.dimension() + " members in group '" + group
                        + "' (its spatial weights) but found " + k);
            }
            if (s.star == null) {
                s.star = star.newState();
            }
            apply(star, s.star, s, group, b, step, v, out);
        } else if (k > sparseAbove) {
            SparseVar sparse = sparseModel(k);
            if (s.sparse == null) {
                s.sparse = sparse.newState();
            }
            apply(sparse, s.sparse, s, group, b, step, v, out);
        } else {
            RlsVar model = model(k);
            if (s.var == null) {
                s.var = model.newState();
            }
            apply(model, s.var, s, group, b, step, v, out);
        }
    }

    /** One bucket through the group's joint model {@code model} with state {@code st} (modified). */
    private <S> void apply(MultivariateForecaster<S> model, S st, GroupState s, String group, long b, long step,
            BucketValues v, Output out) {
        int k = s.members.length;
        lastModel = model.name();
        MultivariatePredictive pred = predictives.computeIfAbsent(k, kk -> new MultivariatePredictive(kk, horizon));
        boolean canForecast = model.observations(st) > order && !model.warmingUp(st);
        if (s.buckets > 0 && canForecast) {
            long gap = (b - s.lastBucket) / step - 1;
            if (gap >= 1 && gap <= maxImputeGap) {
                double[] fill = new double[k];
                for (long g = 0; g < gap; g++) {
                    model.forecast(st, pred);
                    for (int i = 0; i < k; i++) {
                        fill[i] = pred.mean(1, i);
                    }
                    model.learn(st, fill);
                }
                s.imputedValues += gap * k;
                lastImputed += gap * k;
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
            lastSkipped = true;
            return;
        }
        if (canForecast) {
            model.forecast(st, pred);
            for (int i = 0; i < k; i++) {
                if (missing[i]) {
                    y[i] = pred.mean(1, i);
                    s.imputedValues++;
                    lastImputed++;
                }
            }
            GroupResidualScorer scorer = scorers.computeIfAbsent(k, GroupResidualScorer::new);
            if (!Double.isNaN(scorer.score(pred, y))) {
                out.groupScore(b, scorer, k, scorer.distanceQuantile(intervalLevel, pred.dof()), s.members);
            }
        }
        model.learn(st, y);
        s.lastBucket = b;
        s.buckets++;
        if (!model.warmingUp(st)) {
            model.forecast(st, pred);
            for (int i = 0; i < k; i++) {
                double[] means = new double[horizon];
                double[] vars = new double[horizon];
                for (int h = 1; h <= horizon; h++) {
                    means[h - 1] = pred.mean(h, i);
                    vars[h - 1] = pred.variance(h, i);
                }
                out.candidate(StageRecord.candidate(s.members[i], group, b, model.name(), model.version(), step,
                        means, vars, pred.dof(), false, missing[i] ? 1 : 0));
            }
            if (diagnosticsEvery > 0 && s.buckets % diagnosticsEvery == 0) {
                if (model instanceof RlsVar var) {
                    out.diagnosticsDue(s, b, var);
                } else {
                    out.modelDiagnosticsDue(s, b, model);
                }
            }
        }
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
}
