package dev.augur.ingest.feed;

import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.ConfigException;
import dev.augur.ingest.feed.csv.CsvFormatException;
import dev.augur.ingest.feed.csv.CsvSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a CSV file of time series to {@code <prefix>raw} as JSON lines, paced by event time.
 *
 * <pre>
 * CsvReplay --file data.csv[.gz] --bootstrap-servers host:port [--format auto|nab|wide|headerless]
 *           [--speedup 0] [--series-prefix P] [--columns a,b] [--group G] [--start 2020-01-01T00:00:00Z]
 *           [--step PT1H] [--limit N] [--topic-prefix augur.] [--kafka.&lt;property&gt; value ...]
 * </pre>
 *
 * <p>Prints a progress line every ~5 s to stdout (records sent, rate, current event time, percent of the file).
 * Stops cleanly on SIGTERM / Ctrl-C, flushing the producer. Exit status: 0 done, 1 error, 2 bad arguments
 * (after SIGTERM, the JVM's usual 143 once the producer is closed).
 * Reading is done by {@link CsvSource}, which works without Kafka; {@link #replay} is the programmatic entry point.
 */
public final class CsvReplay {
    private static final Logger LOG = LoggerFactory.getLogger(CsvReplay.class);

    private CsvReplay() {
    }

    /**
     * Sends {@code source} to {@code sink}.
     *
     * @param pacer {@link EventTimePacer#forSpeedup} for a speed-up, {@link Pacer#UNPACED} for as fast as possible
     * @param limit most records to send; 0 for all
     * @param stop polled between records; true stops the replay
     * @return records sent; the sink is flushed but not closed
     */
    public static long replay(CsvSource source, RecordSink sink, Pacer pacer, ProgressReporter progress, long limit,
            BooleanSupplier stop) throws InterruptedException {
        return new FeedRunner(sink, pacer, progress).run(source, limit, source::fractionDone, stop);
    }

    public static void main(String[] args) throws InterruptedException {
        CsvReplayConfig config;
        try {
            CommandLine cl = CommandLine.parse(args);
            if (cl.helpRequested()) {
                System.out.print(CsvReplayConfig.usage());
                return;
            }
            config = CsvReplayConfig.from(cl);
        } catch (ConfigException e) {
            System.err.println("CsvReplay: " + e.getMessage());
            System.err.print(CsvReplayConfig.usage());
            System.exit(2);
            return;
        }
        boolean failed = false;
        try (ShutdownSignal stop = ShutdownSignal.install(Duration.ofSeconds(30));
                CsvSource source = CsvSource.open(config.file(), config.csvOptions());
                KafkaRecordSink sink = KafkaRecordSink.create(config.producerProperties(), config.rawTopic())) {
            LOG.info("replaying {} ({} format, series {}) to {} at speed-up {}", config.file(), source.format(),
                    source.series(), config.rawTopic(), config.speedup() == 0 ? "max" : config.speedup());
            long sent = replay(source, sink, EventTimePacer.forSpeedup(config.speedup(), WallClock.SYSTEM),
                    ProgressReporter.toStdout("csv-replay"), config.limit(), stop);
            LOG.info("sent {} records{}{}", sent, stop.getAsBoolean() ? " (stopped)" : "",
                    source.skippedCells() > 0 ? "; skipped " + source.skippedCells() + " empty cells" : "");
        } catch (CsvFormatException | IOException | UncheckedIOException e) {
            LOG.error("replay of {} failed: {}", config.file(), e.toString());
            failed = true;
        } catch (IllegalStateException e) {
            LOG.error("replay of {} failed: {}", config.file(), e.getMessage(), e);
            failed = true;
        }
        if (failed) {
            System.exit(1);
        }
    }
}
