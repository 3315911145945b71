package dev.augur.ingest.feed;

import java.util.function.BooleanSupplier;

/**
 * Base of pacers that compute a wall-clock due time per record. Sleeps in slices of at most 100 ms so a stop request
 * is noticed quickly. When the sink falls more than 250 ms behind schedule, the schedule is moved forward
 * instead of sending a burst to catch up.
 */
abstract class ScheduledPacer implements Pacer {
    private static final long SLICE_NANOS = 100_000_000L;
    private static final long MAX_LAG_NANOS = 250_000_000L;

    protected final WallClock clock;

    ScheduledPacer(WallClock clock) {
        this.clock = clock;
    }

    /** Wall-clock nanos at which {@code record} is due, on {@link WallClock#nanoTime()}'s scale. */
    abstract long dueNanos(FeedRecord record, long nowNanos);

    /** Moves the schedule forward by {@code nanos} after falling behind. */
    abstract void shift(long nanos);

    @Override
    public final boolean await(FeedRecord record, BooleanSupplier stop) throws InterruptedException {
        long now = clock.nanoTime();
        long due = dueNanos(record, now);
        if (now - due > MAX_LAG_NANOS) {
            shift(now - due);
            return true;
        }
        while (due - now > 0) {
            if (stop.getAsBoolean()) {
                return false;
            }
            clock.sleepNanos(Math.min(SLICE_NANOS, due - now));
            now = clock.nanoTime();
        }
        return !stop.getAsBoolean();
    }
}
