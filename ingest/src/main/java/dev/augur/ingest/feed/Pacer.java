package dev.augur.ingest.feed;

import java.util.function.BooleanSupplier;

/** Decides when the next record may be sent: by event time ({@link EventTimePacer}) or by rate ({@link RatePacer}). */
public interface Pacer {
    /** Sends as fast as the sink accepts. */
    Pacer UNPACED = (record, stop) -> true;

    /**
     * Blocks until {@code record} is due.
     *
     * @param stop checked while waiting; the wait ends early when it returns true
     * @return false when the wait ended because of {@code stop}
     */
    boolean await(FeedRecord record, BooleanSupplier stop) throws InterruptedException;
}
