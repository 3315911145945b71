package dev.augur.ingest.feed;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Prints a progress line at most every {@code interval} (about 5 s for the tools):
 * {@code <name>: sent 12345 records, 498.2/s, event time 2024-01-01T03:25:00Z, 12.3% done}. The rate is over the
 * last interval; the percentage is left out when unknown (NaN).
 *
 * <p>Not thread-safe.
 */
public final class ProgressReporter {
    /** The interval the command-line tools use. */
    public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PrintStream out;
    private final String name;
    private final WallClock clock;
    private final long intervalNanos;
    private long startNanos = Long.MIN_VALUE;
    private long lastNanos;
    private long lastCount;

    public ProgressReporter(PrintStream out, String name, WallClock clock, long intervalNanos) {
        this.out = out;
        this.name = name;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
    }

    /** Reports to stdout every 5 s. */
    public static ProgressReporter toStdout(String name) {
        return new ProgressReporter(System.out, name, WallClock.SYSTEM, DEFAULT_INTERVAL_NANOS);
    }

    /**
     * Notes progress; prints when the interval has passed since the last line.
     *
     * @param sent records sent so far
     * @param eventTimeMillis event time of the last record sent
     * @param fractionDone in [0, 1], or NaN when unknown
     */
    public void update(long sent, long eventTimeMillis, double fractionDone) {
        long now = clock.nanoTime();
        if (startNanos == Long.MIN_VALUE) {
            startNanos = now;
            lastNanos = now;
            lastCount = sent;
            return;
        }
        if (now - lastNanos >= intervalNanos) {
            print("", sent, (sent - lastCount) * 1e9 / (now - lastNanos), eventTimeMillis, fractionDone);
            lastNanos = now;
            lastCount = sent;
        }
    }

    /** Prints the final line, with the average rate over the whole run. */
    public void finish(long sent, long eventTimeMillis, double fractionDone) {
        long elapsed = startNanos == Long.MIN_VALUE ? 0 : clock.nanoTime() - startNanos;
        print("done, ", sent, elapsed > 0 ? sent * 1e9 / elapsed : 0.0, eventTimeMillis, fractionDone);
    }

    private void print(String prefix, long sent, double rate, long eventTimeMillis, double fractionDone) {
        StringBuilder sb = new StringBuilder(name).append(": ").append(prefix).append("sent ").append(sent)
                .append(" records, ").append(String.format(Locale.ROOT, "%.1f/s", rate));
        if (sent > 0) {
            sb.append(", event time ").append(Instant.ofEpochMilli(eventTimeMillis));
        }
        if (!Double.isNaN(fractionDone)) {
            sb.append(String.format(Locale.ROOT, ", %.1f%% done", 100 * Math.min(1.0, Math.max(0.0, fractionDone))));
        }
        out.println(sb);
        out.flush();
    }
}
