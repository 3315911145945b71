package dev.augur.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link KafkaStreams} client until the JVM is asked to stop (SIGTERM, Ctrl-C) or the client fails. Logs
 * every state transition. On a signal, a shutdown hook closes the client within the close timeout; when a stream
 * thread dies, the client shuts down (so a supervisor can restart the process) and {@link #run} returns 1.
 *
 * <p>A {@link Companion} (the metrics endpoint) runs alongside the client: started after the client is created and
 * before it starts, closed after it is closed, on both ways out.
 */
public final class KafkaStreamsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamsRunner.class);

    private final String name;
    private final Topology topology;
    private final Properties properties;
    private final Duration closeTimeout;

    /** Something that serves the client while it runs, such as an HTTP endpoint over its metrics. */
    @FunctionalInterface
    public interface Companion {
        /** Nothing alongside. */
        Companion NONE = streams -> () -> { };

        /**
         * @return what {@link KafkaStreamsRunner} closes once the client is closed
         * @throws IOException when it cannot start; the client is then closed without being started
         */
        AutoCloseable start(KafkaStreams streams) throws IOException;
    }

    public KafkaStreamsRunner(String name, Topology topology, Properties properties, Duration closeTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    /**
     * Starts the client with {@code companion} alongside and blocks until it stops.
     *
     * @return 0 after a requested stop, 1 when the client stopped because of an error
     * @throws IOException when the companion cannot start (the client is not started)
     */
    public int run(Companion companion) throws InterruptedException, IOException {
        LOG.info("{}: starting with topology\n{}", name, topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, properties);
        AutoCloseable alongside;
        try {
            alongside = companion.start(streams);
        } catch (IOException | RuntimeException e) {
            streams.close(CloseOptions.timeout(closeTimeout));
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean signalled = new AtomicBoolean();
        streams.setStateListener((newState, oldState) -> {
            LOG.info("{}: state {} -> {}", name, oldState, newState);
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("{}: a stream thread failed; shutting the client down", name, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        Thread hook = new Thread(() -> {
            signalled.set(true);
            LOG.info("{}: stop requested; closing (timeout {})", name, closeTimeout);
            boolean clean = streams.close(CloseOptions.timeout(closeTimeout));
            LOG.info("{}: closed{}", name, clean ? "" : " (timed out before all threads stopped)");
            closeQuietly(alongside);
            stopped.countDown();
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        streams.start();
        try {
            stopped.await();
        } finally {
            if (!signalled.get()) {
                streams.close(CloseOptions.timeout(closeTimeout));
                closeQuietly(alongside);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting; the hook will run and close again, which is harmless
                }
            }
        }
        if (signalled.get()) {
            return 0;
        }
        LOG.error("{}: stopped in state {}", name, streams.state());
        return 1;
    }

    private void closeQuietly(AutoCloseable alongside) {
        try {
            alongside.close();
        } catch (Exception e) {
            LOG.warn("{}: closing {} failed", name, alongside, e);
        }
    }
}
