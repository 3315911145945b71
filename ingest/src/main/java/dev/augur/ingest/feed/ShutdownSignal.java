package dev.augur.ingest.feed;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Turns SIGTERM / Ctrl-C into a stop request the send loop polls, and holds the JVM's exit until the loop has
 * flushed and closed its producer ({@link #close()}), at most {@code grace}.
 *
 * <pre>{@code
 * try (ShutdownSignal stop = ShutdownSignal.install(Duration.ofSeconds(30)); RecordSink sink = ...) {
 *     runner.run(source, limit, fraction, stop);
 * }
 * }</pre>
 */
public final class ShutdownSignal implements BooleanSupplier, AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(Duration grace) {
        this.hook = new Thread(() -> {
            requested.set(true);
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "feed-shutdown");
    }

    /** Registers the JVM shutdown hook. */
    public static ShutdownSignal install(Duration grace) {
        ShutdownSignal s = new ShutdownSignal(grace);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** Whether a stop was requested. */
    @Override
    public boolean getAsBoolean() {
        return requested.get();
    }

    /** Asks the loop to stop, as a signal would. */
    public void request() {
        requested.set(true);
    }

    /** Marks the work finished (releasing a waiting hook) and unregisters the hook when the JVM is not exiting. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now returns
        }
    }
}
