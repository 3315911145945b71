package dev.augur.models.stream;

import java.util.Arrays;

/**
 * Per-series state of the combine stage, all in one plain value (a versioned Flink POJO of primitive arrays), so the
 * job reads and writes it once per event whatever the state backend:
 * <ul>
 *   <li>the models seen, each model's exponentially weighted CRPS per horizon (ensemble weights);
 *   <li>the calibration multipliers and coverage counts per horizon and level slot;
 *   <li>a ring of recent forecast origins: for each origin slot r and model m the candidate's per-step mean and
 *       variance ({@code [r][m][h]}), degrees of freedom and step ({@code [r][m]}); and the intervals issued by the
 *       ensemble of that origin per step and level slot ({@code [r][h][l]}), kept until their targets are scored;
 *   <li>arrivals waiting for their time to be acted on (time, value, warming-up flag, group).
 * </ul>
 */
public class CombineState {
    public static final int CURRENT_VERSION = 3;

    public int version = CURRENT_VERSION;
    public int horizon;
    public int slots;
    /** Model names in index order (first arrival). */
    public String[] models = new String[0];
    /** Since version 2: the version of each model's latest candidate, aligned with {@link #models}. */
    public String[] modelVersions = new String[0];
    /** Row-major [model][horizon]: EW CRPS and the number of scores behind it. */
    public double[] ewCrps = new double[0];
    public long[] crpsCount = new long[0];
    /** Row-major [horizon][slot]: calibration multiplier (starts at 1), covered count, total count. */
    public double[] multiplier;
    public long[] hits;
    public long[] counts;
    public long stepMillis;
    public String group;
    public long arrivals;
    public long expiresAt;
    /** Since version 2: event time of the key's pending expiry timer, 0 for none (one timer per key, re-armed). */
    public long ttlTimer;

    /** Origin ring: capacity R; {@code ringOrigin[r] == Long.MIN_VALUE} marks a free slot. */
    public long[] ringOrigin = new long[0];
    /**
     * Since version 3: 1 where the origin held in that ring slot was acted on (its ensemble issued), aligned with
     * {@link #ringOrigin}; an origin not yet acted on has its timer re-armed when timers set under another
     * {@code combine.delay} fire (a restore with the delay changed).
     */
    public byte[] ringActed = new byte[0];
    /** [R][M][H] means and variances, [R][M] dof, step and presence of each model's candidate. */
    public double[] candMean = new double[0];
    public double[] candVar = new double[0];
    public double[] candDof = new double[0];
    public long[] candStep = new long[0];
    public byte[] candPresent = new byte[0];
    /** [R][H][L] issued bounds, [R][H] anomaly-level multiplier and presence. */
    public double[] issLower = new double[0];
    public double[] issUpper = new double[0];
    public double[] issInflation = new double[0];
    public byte[] issPresent = new byte[0];

    /** Arrivals waiting: first {@code pendingArrivals} entries valid, unordered. */
    public long[] arrTime = new long[0];
    public double[] arrValue = new double[0];
    public byte[] arrWarming = new byte[0];
    public int pendingArrivals;
    /**
     * Since version 3: the group of each waiting arrival's observation (null for none), aligned with {@link #arrTime}:
     * its anomaly score carries it, whenever it is acted on.
     */
    public String[] arrGroup = new String[0];

    public CombineState() {
    }

    public CombineState(int horizon, int slots) {
        this.horizon = horizon;
        this.slots = slots;
        multiplier = new double[horizon * slots];
        Arrays.fill(multiplier, 1.0);
        hits = new long[horizon * slots];
        counts = new long[horizon * slots];
    }

    public CombineState migrate() {
        if (version == 1) {
            // version 2 added the model versions; they are filled in by the next candidate of each model
            modelVersions = new String[models.length];
            Arrays.fill(modelVersions, "");
            version = 2;
        }
        if (version == 2) {
            // version 3 added each waiting arrival's group; those of an earlier build's state had the series' group
            arrGroup = new String[arrTime.length];
            Arrays.fill(arrGroup, 0, pendingArrivals, group);
            // and whether each origin was acted on: it was when it has an interval issued
            ringActed = new byte[ringOrigin.length];
            for (int r = 0; r < ringOrigin.length; r++) {
                if (ringOrigin[r] == Long.MIN_VALUE) {
                    continue;
                }
                for (int k = r * horizon; k < Math.min((r + 1) * horizon, issPresent.length); k++) {
                    ringActed[r] |= issPresent[k];
                }
            }
            version = 3;
        }
        if (version != CURRENT_VERSION) {
            throw new IllegalStateException("expected CombineState version <= " + CURRENT_VERSION + " but found "
                    + version);
        }
        return this;
    }

    public int ringSize() {
        return ringOrigin.length;
    }

    /** Index of model {@code name}, adding it (and its columns) when there is room; -1 beyond {@code maxModels}. */
    public int modelIndex(String name, int maxModels) {
        for (int i = 0; i < models.length; i++) {
            if (models[i].equals(name)) {
                return i;
            }
        }
        if (models.length >= maxModels) {
            return -1;
        }
        int oldM = models.length;
        int newM = oldM + 1;
        models = Arrays.copyOf(models, newM);
        models[oldM] = name;
        modelVersions = Arrays.copyOf(modelVersions, newM);
        modelVersions[oldM] = "";
        ewCrps = Arrays.copyOf(ewCrps, newM * horizon);
        crpsCount = Arrays.copyOf(crpsCount, newM * horizon);
        int r = ringOrigin.length;
        double[] mean = new double[r * newM * horizon];
        double[] var = new double[r * newM * horizon];
        double[] dof = new double[r * newM];
        long[] step = new long[r * newM];
        byte[] present = new byte[r * newM];
        for (int s = 0; s < r; s++) {
            System.arraycopy(candMean, s * oldM * horizon, mean, s * newM * horizon, oldM * horizon);
            System.arraycopy(candVar, s * oldM * horizon, var, s * newM * horizon, oldM * horizon);
            System.arraycopy(candDof, s * oldM, dof, s * newM, oldM);
            System.arraycopy(candStep, s * oldM, step, s * newM, oldM);
            System.arraycopy(candPresent, s * oldM, present, s * newM, oldM);
        }
        candMean = mean;
        candVar = var;
        candDof = dof;
        candStep = step;
        candPresent = present;
        return oldM;
    }

    /** The slot holding origin o, or -1. */
    public int slotOf(long origin) {
        for (int r = 0; r < ringOrigin.length; r++) {
            if (ringOrigin[r] == origin) {
                return r;
            }
        }
        return -1;
    }

    /**
     * The slot for origin o, taking a free one, growing the ring up to {@code maxSlots}, or else reusing the oldest.
     *
     * @return the slot; {@link #lastEvictedOrigin} says whether an occupied slot was reused
     */
    public int slotFor(long origin, int maxSlots) {
        lastEvictedOrigin = Long.MIN_VALUE;
        int r = slotOf(origin);
        if (r >= 0) {
            return r;
        }
        int free = -1;
        int oldest = -1;
        for (int i = 0; i < ringOrigin.length; i++) {
            if (ringOrigin[i] == Long.MIN_VALUE) {
                free = i;
                break;
            }
            if (oldest < 0 || ringOrigin[i] < ringOrigin[oldest]) {
                oldest = i;
            }
        }
        if (free < 0 && ringOrigin.length < maxSlots) {
            // grow in doublings, but stop once at horizon + 1 (the origins a series in step with the watermark
            // holds: the H whose targets are still open plus the new one), so a steady ring has no unused slots
            int steady = horizon + 1;
            int doubled = Math.max(4, ringOrigin.length * 2);
            free = grow(Math.min(maxSlots, ringOrigin.length < steady ? Math.min(steady, doubled) : doubled));
        }
        if (free < 0) {
            lastEvictedOrigin = ringOrigin[oldest];
            clearSlot(oldest);
            free = oldest;
        }
        ringOrigin[free] = origin;
        return free;
    }

    /** Origin evicted by the last {@link #slotFor} to make room, or {@link Long#MIN_VALUE}. */
    public transient long lastEvictedOrigin = Long.MIN_VALUE;

    /**
     * Moves the occupied slots into a ring of {@code capacity} (at least the number occupied), so a ring that grew
     * while the watermark lagged gives its memory back.
     */
    public void compact(int capacity) {
        int m = models.length;
        int occupied = 0;
        for (long o : ringOrigin) {
            if (o != Long.MIN_VALUE) {
                occupied++;
            }
        }
        int cap = Math.max(capacity, occupied);
        long[] origin = new long[cap];
        Arrays.fill(origin, Long.MIN_VALUE);
        double[] mean = new double[cap * m * horizon];
        double[] var = new double[cap * m * horizon];
        double[] dof = new double[cap * m];
        long[] step = new long[cap * m];
        byte[] present = new byte[cap * m];
        double[] lo = new double[cap * horizon * slots];
        double[] hi = new double[cap * horizon * slots];
        double[] infl = new double[cap * horizon];
        byte[] iss = new byte[cap * horizon];
        byte[] acted = new byte[cap];
        int j = 0;
        for (int r = 0; r < ringOrigin.length; r++) {
            if (ringOrigin[r] == Long.MIN_VALUE) {
                continue;
            }
            origin[j] = ringOrigin[r];
            acted[j] = ringActed[r];
            System.arraycopy(candMean, r * m * horizon, mean, j * m * horizon, m * horizon);
            System.arraycopy(candVar, r * m * horizon, var, j * m * horizon, m * horizon);
            System.arraycopy(candDof, r * m, dof, j * m, m);
            System.arraycopy(candStep, r * m, step, j * m, m);
            System.arraycopy(candPresent, r * m, present, j * m, m);
            System.arraycopy(issLower, r * horizon * slots, lo, j * horizon * slots, horizon * slots);
            System.arraycopy(issUpper, r * horizon * slots, hi, j * horizon * slots, horizon * slots);
            System.arraycopy(issInflation, r * horizon, infl, j * horizon, horizon);
            System.arraycopy(issPresent, r * horizon, iss, j * horizon, horizon);
            j++;
        }
        ringOrigin = origin;
        ringActed = acted;
        candMean = mean;
        candVar = var;
        candDof = dof;
        candStep = step;
        candPresent = present;
        issLower = lo;
        issUpper = hi;
        issInflation = infl;
        issPresent = iss;
    }

    /** Number of occupied origin slots. */
    public int occupied() {
        int n = 0;
        for (long o : ringOrigin) {
            if (o != Long.MIN_VALUE) {
                n++;
            }
        }
        return n;
    }

    /** Frees slot r, zeroing its contents (so that a snapshot in zero runs leaves them out). */
    public void clearSlot(int r) {
        int m = models.length;
        ringOrigin[r] = Long.MIN_VALUE;
        ringActed[r] = 0;
        Arrays.fill(candMean, r * m * horizon, (r + 1) * m * horizon, 0);
        Arrays.fill(candVar, r * m * horizon, (r + 1) * m * horizon, 0);
        Arrays.fill(candDof, r * m, (r + 1) * m, 0);
        Arrays.fill(candStep, r * m, (r + 1) * m, 0);
        Arrays.fill(candPresent, r * m, (r + 1) * m, (byte) 0);
        Arrays.fill(issLower, r * horizon * slots, (r + 1) * horizon * slots, 0);
        Arrays.fill(issUpper, r * horizon * slots, (r + 1) * horizon * slots, 0);
        Arrays.fill(issInflation, r * horizon, (r + 1) * horizon, 0);
        Arrays.fill(issPresent, r * horizon, (r + 1) * horizon, (byte) 0);
    }

    private int grow(int capacity) {
        int old = ringOrigin.length;
        int m = models.length;
        ringOrigin = Arrays.copyOf(ringOrigin, capacity);
        Arrays.fill(ringOrigin, old, capacity, Long.MIN_VALUE);
        ringActed = Arrays.copyOf(ringActed, capacity);
        candMean = Arrays.copyOf(candMean, capacity * m * horizon);
        candVar = Arrays.copyOf(candVar, capacity * m * horizon);
        candDof = Arrays.copyOf(candDof, capacity * m);
        candStep = Arrays.copyOf(candStep, capacity * m);
        candPresent = Arrays.copyOf(candPresent, capacity * m);
        issLower = Arrays.copyOf(issLower, capacity * horizon * slots);
        issUpper = Arrays.copyOf(issUpper, capacity * horizon * slots);
        issInflation = Arrays.copyOf(issInflation, capacity * horizon);
        issPresent = Arrays.copyOf(issPresent, capacity * horizon);
        return old;
    }

    /**
     * Adds a waiting arrival of group {@code group} (null for none), growing up to {@code max}; false when {@code max}
     * are already waiting. An arrival already waiting at t is kept as it is.
     */
    public boolean addArrival(long t, double value, boolean warming, String group, int max) {
        for (int i = 0; i < pendingArrivals; i++) {
            if (arrTime[i] == t) {
                return true;
            }
        }
        if (pendingArrivals >= max) {
            return false;
        }
        if (pendingArrivals == arrTime.length) {
            int cap = Math.min(max, Math.max(4, arrTime.length * 2));
            arrTime = Arrays.copyOf(arrTime, cap);
            arrValue = Arrays.copyOf(arrValue, cap);
            arrWarming = Arrays.copyOf(arrWarming, cap);
        }
        if (arrGroup.length < arrTime.length) {
            arrGroup = Arrays.copyOf(arrGroup, arrTime.length);
        }
        arrGroup[pendingArrivals] = group;
        arrTime[pendingArrivals] = t;
        arrValue[pendingArrivals] = value;
        arrWarming[pendingArrivals] = (byte) (warming ? 1 : 0);
        pendingArrivals++;
        return true;
    }

    /** Index of the waiting arrival at t, or -1. */
    public int arrivalAt(long t) {
        for (int i = 0; i < pendingArrivals; i++) {
            if (arrTime[i] == t) {
                return i;
            }
        }
        return -1;
    }

    /** Removes waiting arrival i. */
    public void removeArrival(int i) {
        int last = pendingArrivals - 1;
        arrTime[i] = arrTime[last];
        arrValue[i] = arrValue[last];
        arrWarming[i] = arrWarming[last];
        arrGroup[i] = arrGroup[last];
        arrGroup[last] = null;
        pendingArrivals--;
    }

    /**
     * Model indices in model-name order (indices themselves follow first arrival). An insertion sort on a fresh int
     * array: it runs for every pooled step, and there are only a few models (no boxing, no comparator).
     */
    public int[] modelOrder() {
        int n = models.length;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            int j = i - 1;
            while (j >= 0 && models[out[j]].compareTo(models[k]) > 0) {
                out[j + 1] = out[j];
                j--;
            }
            out[j + 1] = k;
        }
        return out;
    }

    /** Model names in name order. */
    /**
     * The versions behind a forecast: {@code ensembleVersion} then {@code ;model=version} for each model in name
     * order that has a candidate held in ring slot {@code slot} (every known model when slot < 0), e.g.
     * {@code 1;ar-rls=2;neural-diffusion=hybrid-3f2a}.
     */
    public String versionStamp(String ensembleVersion, int slot) {
        StringBuilder b = new StringBuilder(ensembleVersion);
        int mm = models.length;
        for (String m : sortedModels()) {
            int i = Arrays.asList(models).indexOf(m);
            if (slot < 0 || candPresent[slot * mm + i] == 1) {
                b.append(';').append(m).append('=').append(modelVersions[i]);
            }
        }
        return b.toString();
    }

    public String[] sortedModels() {
        String[] s = models.clone();
        Arrays.sort(s);
        return s;
    }

    /** True when nothing is waiting: no arrival and no origin held. */
    public boolean idle() {
        if (pendingArrivals > 0) {
            return false;
        }
        for (long o : ringOrigin) {
            if (o != Long.MIN_VALUE) {
                return false;
            }
        }
        return true;
    }
}
