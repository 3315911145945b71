package dev.augur.ingest.feed;

import java.util.Iterator;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * The send loop shared by the feed tools: takes records from a source, waits for the {@link Pacer}, sends them to
 * the {@link RecordSink} and reports progress, until the source ends, the limit is reached or a stop is requested.
 * Flushes the sink before returning; does not close it.
 */
public final class FeedRunner {
    private final RecordSink sink;
    private final Pacer pacer;
    private final ProgressReporter progress;

    public FeedRunner(RecordSink sink, Pacer pacer, ProgressReporter progress) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs the loop.
     *
     * @param source records in send order
     * @param limit most records to send; 0 or less for no limit
     * @param fractionDone the source's own progress in [0, 1], or NaN when unknown; combined with the limit
     * @param stop polled before each record and while waiting; true ends the loop
     * @return the number of records sent
     */
    public long run(Iterator<FeedRecord> source, long limit, DoubleSupplier fractionDone, BooleanSupplier stop)
            throws InterruptedException {
        long sent = 0;
        long lastEventTime = 0;
        while ((limit <= 0 || sent < limit) && !stop.getAsBoolean() && source.hasNext()) {
            FeedRecord r = source.next();
            if (!pacer.await(r, stop)) {
                break;
            }
            sink.send(r);
            sent++;
            lastEventTime = r.eventTimeMillis();
            progress.update(sent, lastEventTime, fraction(sent, limit, fractionDone));
        }
        sink.flush();
        progress.finish(sent, lastEventTime, fraction(sent, limit, fractionDone));
        return sent;
    }

    private static double fraction(long sent, long limit, DoubleSupplier fractionDone) {
        double f = fractionDone.getAsDouble();
        if (limit > 0) {
            double byLimit = (double) sent / limit;
            return Double.isNaN(f) ? byLimit : Math.max(f, byLimit);
        }
        return f;
    }
}
