package dev.augur.models.stream;

import dev.augur.models.ar.ArState;

/**
 * Per-series keyed state of the AR stage: plain, versioned data (a Flink POJO), never library objects.
 */
public class SeriesState {
    /** Layout version; bump on change and add a migration in {@link #migrate()}. */
    public static final int CURRENT_VERSION = 4;

    public int version = CURRENT_VERSION;
    /** The online AR model's state. */
    public ArState ar;
    /**
     * Group of the series as of the last observation learned (since version 4; before, as of the last observation
     * received), or null.
     */
    public String group;
    /** Event time (ms) of the last observation learned; meaningless while {@code observations == 0}. */
    public long lastEventTime;
    /**
     * Sampling step (ms): the first spacing seen, then any spacing seen twice in a row (so one stray short gap does
     * not turn every later spacing into a run of missing points); 0 until two observations were seen.
     */
    public long stepMillis;
    /** The spacing between the last two observations (ms). */
    public long lastDelta;
    /** Gaps left unimputed because the model's forecast was not finite. */
    public long imputeSkipped;
    /** Observations learned (not counting imputed points). */
    public long observations;
    /** Points imputed into gaps since the start. */
    public long imputed;
    /** Imputed points among the last p inputs, reported with candidates. */
    public int recentImputed;
    /** Event time at which the state expires if nothing arrives before (TTL). */
    public long expiresAt;
    /** Since version 2: event time of the key's pending expiry timer, 0 for none (one timer per key, re-armed). */
    public long ttlTimer;
    /** Number of observations waiting for the watermark (in {@link #waitTime} plus {@link #legacyWaiting}). */
    public int buffered;
    /**
     * Since version 3: the observations waiting for the watermark, times and values, the first
     * {@code buffered - legacyWaiting} entries valid, unordered (before, they waited in a map state of their own).
     */
    public long[] waitTime;
    public double[] waitValue;
    /** Since version 4: the group of each waiting observation (null for none), aligned with {@link #waitTime}. */
    public String[] waitGroup;
    /**
     * Since version 3: observations still waiting in the map state of a version 2 (or older) state, read from there
     * until they are gone.
     */
    public int legacyWaiting;
    /**
     * Since version 2: the last C values learned (observations and imputed points), a ring whose oldest entry is at
     * {@link #windowNext} once full; null while no neural stage is configured (version 1 states restore with null and
     * start filling).
     */
    public double[] window;
    /** Since version 2: next write position in {@link #window}. */
    public int windowNext;
    /** Since version 2: values written to {@link #window} since it was allocated. */
    public long windowCount;

    public SeriesState() {
    }

    public SeriesState(ArState ar) {
        this.ar = ar;
    }

    /**
     * Brings a state restored from an older layout to {@link #CURRENT_VERSION}.
     *
     * @throws IllegalStateException for a version this build does not know
     */
    public SeriesState migrate() {
        if (version == 1) {
            // version 2 only added the neural context window, which starts empty
            version = 2;
        }
        if (version == 2) {
            // version 3 keeps waiting observations in the state; those of an older state are in the stage's map state
            legacyWaiting = buffered;
            version = 3;
        }
        if (version == 3) {
            // version 4 keeps each waiting observation's group; those of an older state had the series' group
            if (waitTime != null) {
                waitGroup = new String[waitTime.length];
                java.util.Arrays.fill(waitGroup, 0, buffered - legacyWaiting, group);
            }
            version = 4;
        }
        if (version != CURRENT_VERSION) {
            throw new IllegalStateException("expected SeriesState version <= " + CURRENT_VERSION + " but found "
                    + version);
        }
        return this;
    }

    /** Index in {@link #waitTime} of the observation waiting at time t, or -1. */
    public int waitingAt(long t) {
        int n = buffered - legacyWaiting;
        for (int i = 0; i < n; i++) {
            if (waitTime[i] == t) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds an observation of group {@code group} (null for none) waiting for the watermark, growing the arrays as
     * needed; counts it in {@link #buffered}.
     */
    public void addWaiting(long t, double y, String group) {
        int n = buffered - legacyWaiting;
        if (waitTime == null || n == waitTime.length) {
            int cap = waitTime == null ? 4 : waitTime.length * 2;
            waitTime = waitTime == null ? new long[cap] : java.util.Arrays.copyOf(waitTime, cap);
            waitValue = waitValue == null ? new double[cap] : java.util.Arrays.copyOf(waitValue, cap);
        }
        if (waitGroup == null || waitGroup.length < waitTime.length) {
            waitGroup = waitGroup == null ? new String[waitTime.length]
                    : java.util.Arrays.copyOf(waitGroup, waitTime.length);
        }
        waitTime[n] = t;
        waitValue[n] = y;
        waitGroup[n] = group;
        buffered++;
    }

    /** The group of waiting observation i (null for none). */
    public String waitingGroup(int i) {
        return waitGroup[i];
    }

    /** Removes waiting observation i and returns its value. */
    public double takeWaiting(int i) {
        int last = buffered - legacyWaiting - 1;
        double y = waitValue[i];
        waitTime[i] = waitTime[last];
        waitValue[i] = waitValue[last];
        waitGroup[i] = waitGroup[last];
        waitGroup[last] = null;
        buffered--;
        if (waitTime.length > 16 && 4 * last < waitTime.length) {
            // give back the memory of a burst
            waitTime = java.util.Arrays.copyOf(waitTime, waitTime.length / 2);
            waitValue = java.util.Arrays.copyOf(waitValue, waitValue.length / 2);
            waitGroup = java.util.Arrays.copyOf(waitGroup, waitGroup.length / 2);
        }
        return y;
    }
}
