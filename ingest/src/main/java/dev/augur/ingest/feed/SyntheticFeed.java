package dev.augur.ingest.feed;

import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.ConfigException;
import dev.augur.ingest.feed.synthetic.FaultLabelCsvWriter;
import dev.augur.ingest.feed.synthetic.SyntheticGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a synthetic feed with labelled faults to {@code <prefix>raw}.
 *
 * <pre>
 * SyntheticFeed --bootstrap-servers host:port [--kind sensor|market] [--series 8] [--groups 2] [--step PT1M]
 *               [--start 2024-01-01T00:00:00Z] [--rate 50] [--duration PT2M | --count N] [--seed 42]
 *               [--fault-every 720] [--labels-out labels.csv] [--series-prefix P] [--topic-prefix augur.]
 *               [--kafka.&lt;property&gt; value ...]
 * </pre>
 *
 * <p>The models are described in {@code SensorGenerator} and {@code MarketGenerator}; faults are written to the
 * labels file as they start and set as {@code fault=<kind>} on the records they affect. Prints a progress line every
 * ~5 s to stdout. Stops cleanly on SIGTERM / Ctrl-C (flushes and closes the producer and the labels file). Exit
 * status: 0 done, 1 error, 2 bad arguments (after SIGTERM, the JVM's usual 143 once everything is closed).
 * {@link SyntheticGenerator} is the programmatic, Kafka-free generator; {@link #generate} runs one against any sink.
 */
public final class SyntheticFeed {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticFeed.class);

    private SyntheticFeed() {
    }

    /**
     * Sends records of {@code generator} to {@code sink} until {@code count} records were sent, {@code duration}
     * has passed or {@code stop} returns true.
     *
     * @param count most records; 0 for no limit
     * @param duration wall-clock run time on {@code clock}, or null for no limit
     * @return records sent; the sink is flushed but not closed
     */
    public static long generate(SyntheticGenerator generator, RecordSink sink, Pacer pacer,
            ProgressReporter progress, long count, Duration duration, WallClock clock, BooleanSupplier stop)
            throws InterruptedException {
        long startNanos = clock.nanoTime();
        long durationNanos = duration == null ? 0 : duration.toNanos();
        BooleanSupplier done = () -> stop.getAsBoolean()
                || (duration != null && clock.nanoTime() - startNanos >= durationNanos);
        return new FeedRunner(sink, pacer, progress).run(generator, count,
                () -> duration == null ? Double.NaN : (double) (clock.nanoTime() - startNanos) / durationNanos,
                done);
    }

    public static void main(String[] args) throws InterruptedException {
        SyntheticFeedConfig config;
        try {
            CommandLine cl = CommandLine.parse(args);
            if (cl.helpRequested()) {
                System.out.print(SyntheticFeedConfig.usage());
                return;
            }
            config = SyntheticFeedConfig.from(cl);
        } catch (ConfigException e) {
            System.err.println("SyntheticFeed: " + e.getMessage());
            System.err.print(SyntheticFeedConfig.usage());
            System.exit(2);
            return;
        }
        boolean failed = false;
        try (ShutdownSignal stop = ShutdownSignal.install(Duration.ofSeconds(30));
                FaultLabelCsvWriter labels = config.labelsOut() == null ? null
                        : FaultLabelCsvWriter.create(config.labelsOut());
                KafkaRecordSink sink = KafkaRecordSink.create(config.producerProperties(), config.rawTopic())) {
            LOG.info("sending {} to {} at {} records/s{}", config.spec(), config.rawTopic(),
                    config.rate() == 0 ? "max" : config.rate(),
                    config.labelsOut() == null ? "" : "; fault labels to " + config.labelsOut());
            SyntheticGenerator generator = SyntheticGenerator.create(config.spec(), labels);
            long sent = generate(generator, sink, RatePacer.forRate(config.rate(), WallClock.SYSTEM),
                    ProgressReporter.toStdout("synthetic-feed"), config.count(), config.duration(),
                    WallClock.SYSTEM, stop);
            LOG.info("sent {} records{}", sent, stop.getAsBoolean() ? " (stopped)" : "");
        } catch (IOException | UncheckedIOException e) {
            LOG.error("synthetic feed failed: {}", e.toString());
            failed = true;
        } catch (IllegalStateException e) {
            LOG.error("synthetic feed failed: {}", e.getMessage(), e);
            failed = true;
        }
        if (failed) {
            System.exit(1);
        }
    }
}
