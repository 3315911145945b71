package dev.augur.ingest.feed;

/** Sends {@code rate} records per wall-clock second, evenly spaced: record n is due n / rate seconds after the first. */
public final class RatePacer extends ScheduledPacer {
    private final double rate;
    private long count;
    private long wallAnchorNanos;

    /** @param rate records per second, > 0 */
    public RatePacer(double rate, WallClock clock) {
        super(clock);
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive finite number but was " + rate);
        }
        this.rate = rate;
    }

    /** A pacer for {@code rate}, or {@link Pacer#UNPACED} when {@code rate} is 0. */
    public static Pacer forRate(double rate, WallClock clock) {
        return rate == 0 ? UNPACED : new RatePacer(rate, clock);
    }

    @Override
    long dueNanos(FeedRecord record, long nowNanos) {
        if (count == 0) {
            wallAnchorNanos = nowNanos;
        }
        return wallAnchorNanos + (long) (count++ * 1e9 / rate);
    }

    @Override
    void shift(long nanos) {
        wallAnchorNanos += nanos;
    }
}
