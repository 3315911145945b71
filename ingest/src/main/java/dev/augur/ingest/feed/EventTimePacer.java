package dev.augur.ingest.feed;

/**
 * Replays records at {@code speedup} event-time seconds per wall-clock second: a record whose event time is
 * {@code d} after the first record's is sent {@code d / speedup} after the first was sent. Event time that goes
 * backwards does not move the schedule back. Gaps in the data are replayed as gaps (scaled).
 */
public final class EventTimePacer extends ScheduledPacer {
    private final double speedup;
    private boolean anchored;
    private long wallAnchorNanos;
    private long eventAnchorMillis;
    private long maxEventMillis;

    /** @param speedup event-time seconds per wall-clock second, > 0 */
    public EventTimePacer(double speedup, WallClock clock) {
        super(clock);
        if (!(speedup > 0) || !Double.isFinite(speedup)) {
            throw new IllegalArgumentException("speedup must be a positive finite number but was " + speedup);
        }
        this.speedup = speedup;
    }

    /** A pacer for {@code speedup}, or {@link Pacer#UNPACED} when {@code speedup} is 0. */
    public static Pacer forSpeedup(double speedup, WallClock clock) {
        return speedup == 0 ? UNPACED : new EventTimePacer(speedup, clock);
    }

    @Override
    long dueNanos(FeedRecord record, long nowNanos) {
        long t = record.eventTimeMillis();
        if (!anchored) {
            anchored = true;
            wallAnchorNanos = nowNanos;
            eventAnchorMillis = t;
            maxEventMillis = t;
        }
        maxEventMillis = Math.max(maxEventMillis, t);
        return wallAnchorNanos + (long) ((maxEventMillis - eventAnchorMillis) * 1e6 / speedup);
    }

    @Override
    void shift(long nanos) {
        wallAnchorNanos += nanos;
    }
}
