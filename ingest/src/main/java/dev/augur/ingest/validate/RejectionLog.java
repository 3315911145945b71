package dev.augur.ingest.validate;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs dead-lettered records at WARN, at most once per {@code interval} per error type (an {@link ErrorType} or any
 * other enum of reasons); the records in between are counted and the count is reported with the next line, so a
 * flood of bad input cannot flood the log.
 *
 * <p>Not thread-safe: use one per processor instance.
 */
public final class RejectionLog {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<Enum<?>, long[]> state = new HashMap<>();

    /**
     * @param log where to write
     * @param intervalNanos least time between two lines of one error type
     * @param nanoClock monotonic clock, {@code System::nanoTime} outside tests
     */
    public RejectionLog(Logger log, long intervalNanos, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * Notes one dead-lettered record; writes a line when none was written for this type within the interval.
     *
     * @return true when a line was written
     */
    public boolean rejected(Enum<?> type, String source, String message) {
        long now = nanoClock.getAsLong();
        long[] s = state.computeIfAbsent(type, t -> new long[] {0L, 0L, 0L}); // {has logged, last log, suppressed}
        if (s[0] != 0L && now - s[1] < intervalNanos) {
            s[2]++;
            return false;
        }
        long suppressed = s[2];
        s[0] = 1L;
        s[1] = now;
        s[2] = 0L;
        if (suppressed > 0) {
            log.warn("dead-lettered {} ({}): {} [{} more {} dead letters since the last line]", source, type,
                    message, suppressed, type);
        } else {
            log.warn("dead-lettered {} ({}): {}", source, type, message);
        }
        return true;
    }
}
