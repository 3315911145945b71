package dev.augur.models.stream;

import java.util.Arrays;

/**
 * Per-series keyed state of the combine stage (a versioned Flink POJO of primitive arrays): the models seen, each
 * model's exponentially weighted CRPS per horizon (for ensemble weights), the calibration multipliers and
 * coverage counts per horizon and level slot, and the sorted list of pending target times (bounded).
 */
public class CombineState {
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    /** Model names in index order. */
    public String[] models = new String[0];
    /** Row-major [model][horizon]: EW CRPS and the number of scores behind it. */
    public double[] ewCrps = new double[0];
    public long[] crpsCount = new long[0];
    /** Row-major [horizon][slot]: calibration multiplier (starts at 1), covered count, total count. */
    public double[] multiplier;
    public long[] hits;
    public long[] counts;
    public long stepMillis;
    public String group;
    /** Pending target times, ascending, first {@code pendingSize} entries valid. */
    public long[] pendingTargets = new long[0];
    public int pendingSize;
    public long arrivals;
    public long expiresAt;

    public CombineState() {
    }

    public CombineState(int horizon, int slots) {
        multiplier = new double[horizon * slots];
        Arrays.fill(multiplier, 1.0);
        hits = new long[horizon * slots];
        counts = new long[horizon * slots];
    }

    public CombineState migrate() {
        if (version != CURRENT_VERSION) {
            throw new IllegalStateException("expected CombineState version <= " + CURRENT_VERSION + " but found "
                    + version);
        }
        return this;
    }

    /** Index of {@code name}, adding it when there is room; -1 when {@code maxModels} are already known. */
    public int modelIndex(String name, int horizon, int maxModels) {
        for (int i = 0; i < models.length; i++) {
            if (models[i].equals(name)) {
                return i;
            }
        }
        if (models.length >= maxModels) {
            return -1;
        }
        models = Arrays.copyOf(models, models.length + 1);
        models[models.length - 1] = name;
        ewCrps = Arrays.copyOf(ewCrps, models.length * horizon);
        crpsCount = Arrays.copyOf(crpsCount, models.length * horizon);
        return models.length - 1;
    }

    /** Model indices in model-name order (indices themselves follow first arrival). */
    public int[] modelOrder() {
        Integer[] idx = new Integer[models.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> models[a].compareTo(models[b]));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** Model names in name order. */
    public String[] sortedModels() {
        String[] s = models.clone();
        Arrays.sort(s);
        return s;
    }

    /** Whether {@code t} is pending. */
    public boolean isPending(long t) {
        return Arrays.binarySearch(pendingTargets, 0, pendingSize, t) >= 0;
    }

    /**
     * Inserts {@code t} (if new) keeping the list sorted.
     *
     * @return the evicted oldest target when the list was full ({@code cap}), else {@link Long#MIN_VALUE}
     */
    public long addPending(long t, int cap) {
        int i = Arrays.binarySearch(pendingTargets, 0, pendingSize, t);
        if (i >= 0) {
            return Long.MIN_VALUE;
        }
        int ins = -i - 1;
        long evicted = Long.MIN_VALUE;
        if (pendingSize >= cap) {
            evicted = pendingTargets[0];
            System.arraycopy(pendingTargets, 1, pendingTargets, 0, pendingSize - 1);
            pendingSize--;
            ins--;
            if (ins < 0) {
                return t; // the new target is older than everything kept: it is the one dropped
            }
        }
        if (pendingSize == pendingTargets.length) {
            pendingTargets = Arrays.copyOf(pendingTargets, Math.max(8, pendingSize * 2));
        }
        System.arraycopy(pendingTargets, ins, pendingTargets, ins + 1, pendingSize - ins);
        pendingTargets[ins] = t;
        pendingSize++;
        return evicted;
    }

    /** Removes the pending targets <= t and returns them, ascending. */
    public long[] removePendingUpTo(long t) {
        int k = 0;
        while (k < pendingSize && pendingTargets[k] <= t) {
            k++;
        }
        long[] removed = Arrays.copyOf(pendingTargets, k);
        System.arraycopy(pendingTargets, k, pendingTargets, 0, pendingSize - k);
        pendingSize -= k;
        return removed;
    }
}
