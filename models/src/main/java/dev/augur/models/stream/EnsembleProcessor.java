package dev.augur.models.stream;

import dev.augur.models.conformal.AdaptiveConformal;
import dev.augur.models.ensemble.LinearPool;
import dev.augur.models.metrics.Crps;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The combine, calibrate and score stage for one series. Candidate forecasts from every model are held per origin in
 * the {@link CombineState}'s ring, arrivals until they are acted on; the caller acts on time t once all candidates of
 * origin t are in (the Flink job: when the watermark passes t plus the group delay), in this order:
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

    /** The score of one arrival (mutable, reused). */
    public static final class ArrivalScore {
        public double observed;
        public double expected;
        public double lower;
        public double upper;
        public double score;
        public double tail;
        public boolean warmingUp;
        /** The group of the arrival's observation (null for none). */
        public String group;
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
    /** The ensemble {@link #ensembleReused} fills, made on first use. */
    private Ensemble reused;
    /** The distinct quantile levels a forecast step needs, and where each use finds its value in {@link #raw}. */
    private final double[] rawLevel;
    private final double[] raw;
    private final int rawIndexMedian;
    private final int[] rawIndexLower;
    private final int[] rawIndexUpper;
    private final int[] rawIndexLevel;
    private int lastEvicted;
    private boolean forgetScored;

    /**
     * @param levels quantile levels of the forecasts, ascending in (0,1)
     * @param anomalyLevel central interval level reported with anomaly scores
     * @param gamma calibration step ({@link AdaptiveConformal})
     * @param crpsDecay weight of the newest CRPS in each model's EW CRPS, in (0,1]
     * @param maxPending most forecast origins, and most arrivals, held per series while waiting to be acted on
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

    /**
     * Whether {@link #score} forgets each issued interval once its target is scored: zeroes its bounds and inflation
     * and clears its presence flag (default false). Nothing reads an interval after its target's score, so the output
     * is the same either way; a state kept whole (the job's heap mode) sets it, so the live half of its intervals is
     * all a snapshot in zero runs carries. A state stored slot by slot (RocksDB) leaves it off: it would rewrite every
     * slot at every score.
     */
    public void forgetScored(boolean forget) {
        this.forgetScored = forget;
    }

    /** Origins evicted by the last {@link #addCandidate} (the oldest, when the ring was full). */
    public int lastEvicted() {
        return lastEvicted;
    }

    /**
     * Most origins held per series: {@code maxPending}, so that candidates arriving while the watermark lags (a
     * backfill, a slow upstream) are kept rather than dropped; the ring shrinks back to {@link #baseSlots()} once
     * they are acted on.
     */
    int maxSlots() {
        return Math.max(baseSlots(), maxPending);
    }

    /**
     * The ring size of a series in step with the watermark: the H origins whose targets are still open plus the one
     * being added.
     */
    int baseSlots() {
        return horizon + 1;
    }

    /**
     * Holds candidate {@code r} under its origin. Candidates of a model beyond {@link #MAX_MODELS} are ignored.
     *
     * @param s modified
     */
    public void addCandidate(CombineState s, StageRecord r) {
        lastEvicted = 0;
        int m = s.modelIndex(r.model, MAX_MODELS);
        if (m < 0) {
            return;
        }
        s.stepMillis = r.stepMillis;
        s.modelVersions[m] = r.modelVersion == null ? "" : r.modelVersion;
        int slot = s.slotFor(r.time, maxSlots());
        if (s.lastEvictedOrigin != Long.MIN_VALUE) {
            lastEvicted = 1;
        }
        int mm = s.models.length;
        int base = (slot * mm + m) * horizon;
        int n = Math.min(horizon, r.means.length);
        System.arraycopy(r.means, 0, s.candMean, base, n);
        System.arraycopy(r.variances, 0, s.candVar, base, n);
        s.candDof[slot * mm + m] = r.dof;
        s.candStep[slot * mm + m] = r.stepMillis;
        s.candPresent[slot * mm + m] = 1;
    }

    /**
     * Holds arrival {@code a} until its time is acted on.
     *
     * @return false when {@code maxPending} arrivals are already waiting (the arrival is not held)
     */
    public boolean addArrival(CombineState s, StageRecord a) {
        return s.addArrival(a.time, a.value, a.warmingUp, a.group, maxPending);
    }

    /**
     * Scores the arrival waiting at t, if any, and learns from it (CRPS per model and horizon, calibration per horizon
     * and level), then forgets it.
     *
     * @return the score (a reused object), {@code warmingUp} when no candidate was made for this time; null when no
     *     arrival waits at t
     */
    public ArrivalScore score(CombineState s, long t) {
        int ai = s.arrivalAt(t);
        if (ai < 0) {
            return null;
        }
        double y = s.arrValue[ai];
        boolean warming = s.arrWarming[ai] == 1;
        String group = s.arrGroup[ai];
        s.removeArrival(ai);
        s.arrivals++;
        ArrivalScore out = arrivalScore;
        out.observed = y;
        out.group = group;
        int mm = s.models.length;
        int best = -1;
        for (int r = 0; r < s.ringOrigin.length; r++) {
            for (int m = 0; m < mm; m++) {
                int h = horizonOf(s, r, m, t);
                if (h > 0 && (best < 0 || h < best)) {
                    best = h;
                }
            }
        }
        if (best < 0) {
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
        int issuedSlot = s.stepMillis > 0 ? s.slotOf(t - best * s.stepMillis) : -1;
        if (issuedSlot >= 0 && s.issPresent[issuedSlot * horizon + best - 1] == 1) {
            int ib = (issuedSlot * horizon + best - 1) * slotLevel.length + anomalySlot;
            inflation = s.issInflation[issuedSlot * horizon + best - 1];
            lo = s.issLower[ib];
            hi = s.issUpper[ib];
        }
        poolForTarget(s, t, best);
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
        out.warmingUp = warming;
        for (int r = 0; r < s.ringOrigin.length; r++) {
            for (int m = 0; m < mm; m++) {
                int h = horizonOf(s, r, m, t);
                if (h > 0) {
                    int c = (r * mm + m) * horizon + h - 1;
                    double nu = s.candDof[r * mm + m];
                    double crps = Crps.studentT(s.candMean[c], scale(s.candVar[c], nu), Math.max(nu, 1.5), y);
                    int idx = m * horizon + h - 1;
                    s.ewCrps[idx] = s.crpsCount[idx] == 0 ? crps
                            : (1 - crpsDecay) * s.ewCrps[idx] + crpsDecay * crps;
                    s.crpsCount[idx]++;
                }
            }
            if (s.ringOrigin[r] != Long.MIN_VALUE && s.stepMillis > 0 && t > s.ringOrigin[r]
                    && (t - s.ringOrigin[r]) % s.stepMillis == 0) {
                int h = (int) ((t - s.ringOrigin[r]) / s.stepMillis);
                if (h <= horizon && s.issPresent[r * horizon + h - 1] == 1) {
                    int base = (h - 1) * slotLevel.length;
                    for (int l = 0; l < slotLevel.length; l++) {
                        int k = (r * horizon + h - 1) * slotLevel.length + l;
                        boolean covered = y >= s.issLower[k] && y <= s.issUpper[k];
                        aci.update(s.multiplier, s.hits, s.counts, base + l, 1 - slotLevel[l], covered);
                        if (forgetScored) {
                            s.issLower[k] = 0;
                            s.issUpper[k] = 0;
                        }
                    }
                    if (forgetScored) {
                        s.issInflation[r * horizon + h - 1] = 0;
                        s.issPresent[r * horizon + h - 1] = 0;
                    }
                }
            }
        }
        return out;
    }

    /** Frees the origins whose every target is at or before t; shrinks a ring that grew while the watermark lagged. */
    public void retire(CombineState s, long t) {
        for (int r = 0; r < s.ringOrigin.length; r++) {
            long o = s.ringOrigin[r];
            if (o != Long.MIN_VALUE && o + (long) horizon * Math.max(1, maxStep(s, r)) <= t) {
                s.clearSlot(r);
            }
        }
        if (s.ringOrigin.length > 2 * baseSlots() && s.occupied() <= baseSlots() / 2) {
            s.compact(baseSlots());
        }
    }

    /**
     * The ensemble forecast of origin t (a new object), or null when no candidate of origin t is held. Records the
     * intervals issued.
     *
     * @param s modified: the intervals issued at t, and origin t marked acted on ({@link CombineState#ringActed})
     */
    public Ensemble ensemble(CombineState s, long t) {
        return ensemble(s, t, null);
    }

    /**
     * As {@link #ensemble(CombineState, long)}, into one object this processor reuses: the result is valid until the
     * next call (the streaming job turns it into a record at once; saves allocating H + 4 arrays per origin).
     */
    public Ensemble ensembleReused(CombineState s, long t) {
        if (reused == null) {
            reused = new Ensemble(horizon, levels.length);
        }
        return ensemble(s, t, reused);
    }

    private Ensemble ensemble(CombineState s, long t, Ensemble into) {
        int r = s.slotOf(t);
        if (r < 0) {
            return null;
        }
        s.ringActed[r] = 1;
        if (s.stepMillis <= 0) {
            return null;
        }
        Ensemble e = null;
        for (int h = 1; h <= horizon; h++) {
            if (poolAtOrigin(s, r, h) == 0) {
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
            int ib = (r * horizon + h - 1) * slotLevel.length;
            System.arraycopy(lower, 0, s.issLower, ib, slotLevel.length);
            System.arraycopy(upper, 0, s.issUpper, ib, slotLevel.length);
            s.issInflation[r * horizon + h - 1] = s.multiplier[base + anomalySlot];
            s.issPresent[r * horizon + h - 1] = 1;
            if (e == null) {
                e = into != null ? into : new Ensemble(horizon, levels.length);
                e.steps = 0;
                e.origin = t;
                e.stepMillis = s.stepMillis;
            }
            int i = e.steps++;
            e.horizon[i] = h;
            e.target[i] = t + h * s.stepMillis;
            e.mean[i] = pool.mean();
            double[] q = e.quantiles[i];
            for (int j = 0; j < levels.length; j++) {
                int l = slotOfLevel[j];
                double m = l < 0 ? 1 : s.multiplier[base + l];
                double rq = raw[rawIndexLevel[j]];
                q[j] = levels[j] < 0.5 ? AdaptiveConformal.lower(median, rq, m)
                        : AdaptiveConformal.upper(median, rq, m);
            }
            Arrays.sort(q);
        }
        return e;
    }

    /** Horizon at which model m's candidate in slot r targets t, or -1. */
    private int horizonOf(CombineState s, int r, int m, long t) {
        int mm = s.models.length;
        long o = s.ringOrigin[r];
        if (o == Long.MIN_VALUE || s.candPresent[r * mm + m] == 0) {
            return -1;
        }
        long step = s.candStep[r * mm + m];
        if (step <= 0 || t <= o || (t - o) % step != 0) {
            return -1;
        }
        long h = (t - o) / step;
        return h <= horizon ? (int) h : -1;
    }

    private long maxStep(CombineState s, int r) {
        long max = s.stepMillis;
        int mm = s.models.length;
        for (int m = 0; m < mm; m++) {
            if (s.candPresent[r * mm + m] == 1) {
                max = Math.max(max, s.candStep[r * mm + m]);
            }
        }
        return max;
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

    /** Pools the candidates of slot r at horizon h (models in name order). */
    private int poolAtOrigin(CombineState s, int r, int h) {
        pool.clear();
        int mm = s.models.length;
        int[] order = s.modelOrder();
        boolean scored = true;
        for (int m : order) {
            if (s.candPresent[r * mm + m] == 1) {
                scored &= s.crpsCount[m * horizon + h - 1] >= MIN_SCORES_FOR_WEIGHT;
            }
        }
        for (int m : order) {
            if (s.candPresent[r * mm + m] == 1) {
                int c = (r * mm + m) * horizon + h - 1;
                double w = scored ? 1.0 / (s.ewCrps[m * horizon + h - 1] + 1e-12) : 1.0;
                pool.add(w, s.candMean[c], scale(s.candVar[c], s.candDof[r * mm + m]), s.candDof[r * mm + m]);
            }
        }
        pool.normalise();
        return pool.size();
    }

    /** Pools every model's candidate that targets t at horizon h (models in name order). */
    private int poolForTarget(CombineState s, long t, int h) {
        pool.clear();
        int mm = s.models.length;
        int[] order = s.modelOrder();
        boolean scored = true;
        for (int m : order) {
            for (int r = 0; r < s.ringOrigin.length; r++) {
                if (horizonOf(s, r, m, t) == h) {
                    scored &= s.crpsCount[m * horizon + h - 1] >= MIN_SCORES_FOR_WEIGHT;
                }
            }
        }
        for (int m : order) {
            for (int r = 0; r < s.ringOrigin.length; r++) {
                if (horizonOf(s, r, m, t) == h) {
                    int c = (r * mm + m) * horizon + h - 1;
                    double w = scored ? 1.0 / (s.ewCrps[m * horizon + h - 1] + 1e-12) : 1.0;
                    pool.add(w, s.candMean[c], scale(s.candVar[c], s.candDof[r * mm + m]), s.candDof[r * mm + m]);
                }
            }
        }
        pool.normalise();
        return pool.size();
    }

    /** Scale of a location-scale Student-t with the given variance (the variance itself for nu <= 2). */
    static double scale(double variance, double nu) {
        if (Double.isInfinite(nu) || nu <= 2) {
            return Math.sqrt(variance);
        }
        return Math.sqrt(variance * (nu - 2) / nu);
    }
}
