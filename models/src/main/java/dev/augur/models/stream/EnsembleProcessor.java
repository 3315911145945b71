package dev.augur.models.stream;

import dev.augur.models.conformal.AdaptiveConformal;
import dev.augur.models.ensemble.LinearPool;
import dev.augur.models.metrics.Crps;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The combine, calibrate and score stage for one series. Candidate forecasts from every model are held per target
 * time in a {@link TargetStore}; the caller acts on time t once all candidates of origin t are in (the Flink job: when
 * the watermark passes t plus the group delay), in this order:
 * <ol>
 *   <li>{@link #score}: the arrival at t is scored against the pooled forecast for t and the interval issued for t
 *       (anomaly score = 1 - two-sided tail probability under the calibrated pool); then every candidate for t is
 *       scored by CRPS (each model's EW CRPS per horizon) and every issued interval updates its calibration multiplier
 *       per horizon and level ({@link AdaptiveConformal});
 *   <li>{@link #retire}: targets up to t are dropped;
 *   <li>{@link #ensemble}: the candidates of origin t are pooled (linear pool, weights 1 / EW CRPS of each model at
 *       that horizon once every model has {@value #MIN_SCORES_FOR_WEIGHT} scores, equal before), each quantile is
 *       stretched about the median by its level's multiplier and the set rearranged to be monotone; the intervals
 *       issued are stored with their targets.
 * </ol>
 * Modifies the {@link CombineState} and the store passed in; holds scratch space; not thread-safe.
 */
public final class EnsembleProcessor {
    public static final String MODEL = "ensemble";
    public static final String VERSION = "1";
    public static final int MAX_MODELS = 8;
    static final int MIN_SCORES_FOR_WEIGHT = 5;

    /** Pending targets of one series, by target time (a Flink MapState in the job, a map in evaluation). */
    public interface TargetStore {
        PendingTarget get(long target) throws Exception;

        void put(long target, PendingTarget p) throws Exception;

        void remove(long target) throws Exception;
    }

    /** The score of one arrival (mutable, reused). */
    public static final class ArrivalScore {
        public double expected;
        public double lower;
        public double upper;
        public double score;
        public double tail;
        public boolean warmingUp;
    }

    /** The ensemble forecast of one origin: per step the horizon, target, mean and quantiles at the levels. */
    public static final class Ensemble {
        public long origin;
        public long stepMillis;
        public int steps;
        public final int[] horizon;
        public final long[] target;
        public final double[] mean;
        public final double[][] quantiles;

        Ensemble(int maxSteps, int levels) {
            horizon = new int[maxSteps];
            target = new long[maxSteps];
            mean = new double[maxSteps];
            quantiles = new double[maxSteps][levels];
        }
    }

    private final int horizon;
    private final double[] levels;
    private final double anomalyLevel;
    private final double crpsDecay;
    private final int maxPending;
    private final double[] slotLevel;
    private final int[] slotOfLevel;
    private final int anomalySlot;
    private final LinearPool pool = new LinearPool(MAX_MODELS * 4);
    private final AdaptiveConformal aci;
    private final double[] lower;
    private final double[] upper;
    private final ArrivalScore arrivalScore = new ArrivalScore();
    /** The distinct quantile levels a forecast step needs, and where each use finds its value in {@link #raw}. */
    private final double[] rawLevel;
    private final double[] raw;
    private final int rawIndexMedian;
    private final int[] rawIndexLower;
    private final int[] rawIndexUpper;
    private final int[] rawIndexLevel;
    private int lastEvicted;

    /**
     * @param levels quantile levels of the forecasts, ascending in (0,1)
     * @param anomalyLevel central interval level reported with anomaly scores
     * @param gamma calibration step ({@link AdaptiveConformal})
     * @param crpsDecay weight of the newest CRPS in each model's EW CRPS, in (0,1]
     * @param maxPending most target times held per series
     */
    public EnsembleProcessor(int horizon, double[] levels, double anomalyLevel, double gamma, double crpsDecay,
            int maxPending) {
        this.horizon = horizon;
        this.levels = levels.clone();
        this.anomalyLevel = anomalyLevel;
        this.crpsDecay = crpsDecay;
        this.maxPending = maxPending;
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
        this.aci = new AdaptiveConformal(gamma);
        TreeSet<Double> needed = new TreeSet<>();
        needed.add(0.5);
        for (double l : slotLevel) {
            needed.add(round((1 - l) / 2));
            needed.add(round((1 + l) / 2));
        }
        for (double l : levels) {
            needed.add(round(l));
        }
        this.rawLevel = needed.stream().mapToDouble(Double::doubleValue).toArray();
        this.raw = new double[rawLevel.length];
        this.rawIndexMedian = Arrays.binarySearch(rawLevel, 0.5);
        this.rawIndexLower = new int[slotLevel.length];
        this.rawIndexUpper = new int[slotLevel.length];
        for (int l = 0; l < slotLevel.length; l++) {
            rawIndexLower[l] = Arrays.binarySearch(rawLevel, round((1 - slotLevel[l]) / 2));
            rawIndexUpper[l] = Arrays.binarySearch(rawLevel, round((1 + slotLevel[l]) / 2));
        }
        this.rawIndexLevel = new int[levels.length];
        for (int j = 0; j < levels.length; j++) {
            rawIndexLevel[j] = Arrays.binarySearch(rawLevel, round(levels[j]));
        }
        this.lower = new double[slotLevel.length];
        this.upper = new double[slotLevel.length];
    }

    private static double round(double x) {
        return Math.round(x * 1e9) / 1e9;
    }

    public CombineState newState() {
        return new CombineState(horizon, slotLevel.length);
    }

    /** Central interval levels calibrated, ascending (one slot each per horizon). */
    public double[] slotLevels() {
        return slotLevel.clone();
    }

    public double[] levels() {
        return levels.clone();
    }

    /** Targets evicted by the last {@link #addCandidate} (the oldest, when over the cap). */
    public int lastEvicted() {
        return lastEvicted;
    }

    /** Holds candidate {@code r} for its targets. Candidates of an unknown model beyond {@link #MAX_MODELS} are ignored. */
    public void addCandidate(CombineState s, TargetStore store, StageRecord r) throws Exception {
        lastEvicted = 0;
        int m = s.modelIndex(r.model, horizon, MAX_MODELS);
        if (m < 0) {
            return;
        }
        s.stepMillis = r.stepMillis;
        for (int h = 1; h <= Math.min(horizon, r.means.length); h++) {
            long target = r.time + h * r.stepMillis;
            long dropped = s.addPending(target, maxPending);
            if (dropped != Long.MIN_VALUE) {
                lastEvicted++;
                store.remove(dropped);
                if (dropped == target) {
                    continue;
                }
            }
            PendingTarget p = store.get(target);
            if (p == null) {
                p = new PendingTarget();
            }
            p.addCandidate(m, h, r.time, r.means[h - 1], r.variances[h - 1], r.dof);
            store.put(target, p);
        }
    }

    /**
     * Scores arrival {@code a} and learns from it (CRPS per model and horizon, calibration per horizon and level).
     *
     * @return the score (a reused object), {@code warmingUp} when no candidate was made for this time
     */
    public ArrivalScore score(CombineState s, TargetStore store, StageRecord a) throws Exception {
        double y = a.value;
        PendingTarget p = store.get(a.time);
        ArrivalScore out = arrivalScore;
        int h = p == null ? -1 : smallestHorizon(p);
        s.arrivals++;
        if (h < 0) {
            out.expected = y;
            out.lower = y;
            out.upper = y;
            out.score = 0;
            out.tail = 1;
            out.warmingUp = true;
            return out;
        }
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
        out.expected = pool.mean();
        out.lower = lo;
        out.upper = hi;
        out.score = 1 - tail;
        out.tail = tail;
        out.warmingUp = a.warmingUp;
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
        return out;
    }

    /** Drops every pending target at or before t. */
    public void retire(CombineState s, TargetStore store, long t) throws Exception {
        for (long done : s.removePendingUpTo(t)) {
            store.remove(done);
        }
    }

    /**
     * The ensemble forecast of origin t, or null when no candidate of origin t is pending. Records the intervals
     * issued with their targets.
     */
    public Ensemble ensemble(CombineState s, TargetStore store, long t) throws Exception {
        if (s.stepMillis <= 0) {
            return null;
        }
        Ensemble e = null;
        for (int h = 1; h <= horizon; h++) {
            long target = t + h * s.stepMillis;
            PendingTarget p = store.get(target);
            if (p == null || fillPool(s, p, h, t) == 0) {
                continue;
            }
            int base = (h - 1) * slotLevel.length;
            rawQuantiles();
            double median = raw[rawIndexMedian];
            for (int l = 0; l < slotLevel.length; l++) {
                double m = s.multiplier[base + l];
                lower[l] = AdaptiveConformal.lower(median, raw[rawIndexLower[l]], m);
                upper[l] = AdaptiveConformal.upper(median, raw[rawIndexUpper[l]], m);
            }
            p.addIssued(h, lower, upper, s.multiplier[base + anomalySlot]);
            store.put(target, p);
            if (e == null) {
                e = new Ensemble(horizon, levels.length);
                e.origin = t;
                e.stepMillis = s.stepMillis;
            }
            int i = e.steps++;
            e.horizon[i] = h;
            e.target[i] = target;
            e.mean[i] = pool.mean();
            double[] q = e.quantiles[i];
            for (int j = 0; j < levels.length; j++) {
                int l = slotOfLevel[j];
                double m = l < 0 ? 1 : s.multiplier[base + l];
                double r = raw[rawIndexLevel[j]];
                q[j] = levels[j] < 0.5 ? AdaptiveConformal.lower(median, r, m)
                        : AdaptiveConformal.upper(median, r, m);
            }
            Arrays.sort(q);
        }
        return e;
    }

    /** Fills {@link #raw} with the pool's quantiles at {@link #rawLevel}, each computed once. */
    private void rawQuantiles() {
        for (int i = 0; i < rawLevel.length; i++) {
            raw[i] = pool.quantile(rawLevel[i], 1);
        }
    }

    /** Achieved coverage of slot l at horizon 1 so far (NaN before any outcome). */
    public double coverage(CombineState s, int slot) {
        return s.counts[slot] == 0 ? Double.NaN : s.hits[slot] / (double) s.counts[slot];
    }

    /**
     * Current pool weight of each known model at horizon 1 (normalised 1 / EW CRPS; equal before enough scores), in
     * the order of {@link CombineState#sortedModels()}.
     */
    public double[] weights(CombineState s) {
        int[] order = s.modelOrder();
        double[] w = new double[order.length];
        boolean scored = true;
        for (int m : order) {
            scored &= s.crpsCount[m * horizon] >= MIN_SCORES_FOR_WEIGHT;
        }
        double sum = 0;
        for (int j = 0; j < order.length; j++) {
            w[j] = scored ? 1.0 / (s.ewCrps[order[j] * horizon] + 1e-12) : 1.0;
            sum += w[j];
        }
        for (int j = 0; j < order.length; j++) {
            w[j] /= sum;
        }
        return w;
    }

    /**
     * Fills the pool with the candidates of {@code p} at horizon h (and origin {@code origin}, or any when negative).
     * Components are added in model-name order, so the floating-point result does not depend on which model's
     * candidate arrived first.
     */
    private int fillPool(CombineState s, PendingTarget p, int h, long origin) {
        pool.clear();
        int[] order = s.modelOrder();
        boolean scored = true;
        for (int i = 0; i < p.n; i++) {
            if (p.horizon[i] == h && (origin < 0 || p.origin[i] == origin)) {
                scored &= s.crpsCount[p.model[i] * horizon + h - 1] >= MIN_SCORES_FOR_WEIGHT;
            }
        }
        for (int m : order) {
            for (int i = 0; i < p.n && pool.size() < MAX_MODELS * 4; i++) {
                if (p.model[i] == m && p.horizon[i] == h && (origin < 0 || p.origin[i] == origin)) {
                    double w = scored ? 1.0 / (s.ewCrps[m * horizon + h - 1] + 1e-12) : 1.0;
                    pool.add(w, p.mean[i], scale(p.variance[i], p.dof[i]), p.dof[i]);
                }
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
}
