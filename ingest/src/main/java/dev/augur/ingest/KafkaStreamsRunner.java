package dev.augur.ingest;

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
 * thread dies, the client shuts down (so a supervisor can restart the process) and {@link #run()} returns 1.
 */
public final class KafkaStreamsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamsRunner.class);

    private final String name;
    private final Topology topology;
    private final Properties properties;
    private final Duration closeTimeout;

    public KafkaStreamsRunner(String name, Topology topology, Properties properties, Duration closeTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    /**
     * Starts the client and blocks until it stops.
     *
     * @return 0 after a requested stop, 1 when the client stopped because of an error
     */
    public int run() throws InterruptedException {
        LOG.info("{}: starting with topology\n{}", name, topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, properties);
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
            stopped.countDown();
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        streams.start();
        try {
            stopped.await();
        } finally {
            if (!signalled.get()) {
                streams.close(CloseOptions.timeout(closeTimeout));
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
}
