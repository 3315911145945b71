package dev.augur.models.stream;

import dev.augur.models.MultivariatePredictive;
import dev.augur.models.scoring.GroupResidualScorer;
import dev.augur.models.var.RlsVar;
import dev.augur.models.var.VarConfig;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The VAR stage for one group, applied to closed time buckets in order. Members are fixed when configured, otherwise
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
    private final Map<Integer, RlsVar> models = new HashMap<>();
    private final Map<Integer, MultivariatePredictive> predictives = new HashMap<>();
    private final Map<Integer, GroupResidualScorer> scorers = new HashMap<>();
    private long lastImputed;
    private boolean lastSkipped;

    public GroupProcessor(int horizon, int order, double forgetting, int maxMembers, int discoveryBuckets,
            double minPresent, int maxImputeGap, int diagnosticsEvery, double intervalLevel) {
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

    public long lastImputed() {
        return lastImputed;
    }

    public boolean lastSkipped() {
        return lastSkipped;
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
        RlsVar model = model(k);
        MultivariatePredictive pred = predictives.computeIfAbsent(k, kk -> new MultivariatePredictive(kk, horizon));
        if (s.var == null) {
            s.var = model.newState();
        }
        boolean canForecast = s.var.n > order && !model.warmingUp(s.var);
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
            model.forecast(s.var, pred);
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
                out.candidate(StageRecord.candidate(s.members[i], group, b, model.name(), model.version(), step,
                        means, vars, pred.dof(), false, missing[i] ? 1 : 0));
            }
            if (diagnosticsEvery > 0 && s.buckets % diagnosticsEvery == 0) {
                out.diagnosticsDue(s, b, model);
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
