package dev.augur.models.stream;

import dev.augur.models.ar.ArState;

/**
 * Per-series keyed state of the AR stage: plain, versioned data (a Flink POJO), never library objects.
 */
public class SeriesState {
    /** Layout version; bump on change and add a migration in {@link #migrate()}. */
    public static final int CURRENT_VERSION = 2;

    public int version = CURRENT_VERSION;
    /** The online AR model's state. */
    public ArState ar;
    /** Group of the series as last seen, or null. */
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
    /** Number of observations waiting in the reorder buffer. */
    public int buffered;
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
        if (version != CURRENT_VERSION) {
            throw new IllegalStateException("expected SeriesState version <= " + CURRENT_VERSION + " but found "
                    + version);
        }
        return this;
    }
}
