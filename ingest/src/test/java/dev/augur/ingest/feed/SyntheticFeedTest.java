package dev.augur.ingest.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.ConfigException;
import dev.augur.ingest.feed.synthetic.FeedKind;
import dev.augur.ingest.feed.synthetic.SyntheticGenerator;
import dev.augur.ingest.feed.synthetic.SyntheticSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyntheticFeedTest {
    private final FakeClock clock = new FakeClock();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ProgressReporter progress = new ProgressReporter(new PrintStream(out, true,
            StandardCharsets.UTF_8), "synthetic-feed", clock, 5_000_000_000L);

    @Test
    void countBoundsTheRun() throws InterruptedException {
        ListSink sink = new ListSink();
        long sent = SyntheticFeed.generate(SyntheticGenerator.create(SyntheticSpec.defaults(FeedKind.SENSOR), null),
                sink, Pacer.UNPACED, progress, 100, null, clock, () -> false);
        assertEquals(100, sent);
        assertEquals(100, sink.records.size());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("100.0% done"));
    }

    @Test
    void durationBoundsTheRunInWallClockTime() throws InterruptedException {
        ListSink sink = new ListSink();
        long sent = SyntheticFeed.generate(SyntheticGenerator.create(SyntheticSpec.defaults(FeedKind.MARKET), null),
                sink, new RatePacer(50, clock), progress, 0, Duration.ofSeconds(12), clock, () -> false);
        assertEquals(600, sent, "12 s at 50 records/s");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("synthetic-feed: sent 251 records, 50.0/s, event time 2024-01-01T00:31:00Z,"
                + " 41.7% done"), printed);
    }

    @Test
    void configDefaultsAndChecks() {
        SyntheticFeedConfig c = SyntheticFeedConfig.from(CommandLine.parse("--bootstrap-servers", "b:9092"));
        SyntheticSpec s = c.spec();
        assertEquals(FeedKind.SENSOR, s.kind());
        assertEquals(8, s.seriesCount());
        assertEquals(2, s.groups());
        assertEquals(Duration.ofMinutes(1), s.step());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), s.start());
        assertEquals("sensor-", s.seriesPrefix());
        assertEquals(50.0, c.rate());
        assertEquals("augur.raw", c.rawTopic());
        assertEquals("all", c.producerProperties().getProperty("acks"));

        c = SyntheticFeedConfig.from(CommandLine.parse("--bootstrap-servers", "b:9092", "--kind", "market",
                "--series", "3", "--groups", "3", "--count", "10", "--duration", "PT2M", "--labels-out", "l.csv",
                "--topic-prefix", "x."));
        assertEquals("market-", c.spec().seriesPrefix());
        assertEquals(10, c.count());
        assertEquals(Duration.ofMinutes(2), c.duration());
        assertEquals("x.raw", c.rawTopic());

        assertEquals("groups must be an integer in [0, 3] (at most --series) but was '4'", assertThrows(
                ConfigException.class, () -> SyntheticFeedConfig.from(CommandLine.parse("--bootstrap-servers", "b",
                        "--series", "3", "--groups", "4"))).getMessage());
        assertEquals("kind must be one of sensor, market but was 'weather'", assertThrows(ConfigException.class,
                () -> SyntheticFeedConfig.from(CommandLine.parse("--bootstrap-servers", "b", "--kind", "weather")))
                .getMessage());
        assertEquals("rate must be a number in [0.0, 1.0E7] but was '-1'", assertThrows(ConfigException.class,
                () -> SyntheticFeedConfig.from(CommandLine.parse("--bootstrap-servers", "b", "--rate", "-1")))
                .getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> SyntheticFeedConfig.from(CommandLine.parse(
                "--bootstrap-servers", "b", "--fault-every", "0.5"))).getMessage().startsWith("fault-every must be"));
        assertEquals("--kafka.acks must be all for feed producers (idempotent) but was '0'", assertThrows(
                ConfigException.class, () -> SyntheticFeedConfig.from(CommandLine.parse("--bootstrap-servers", "b",
                        "--kafka.acks", "0"))).getMessage());
    }

    @Test
    void csvReplayConfig() {
        CsvReplayConfig c = CsvReplayConfig.from(CommandLine.parse("--bootstrap-servers", "b:9092", "--file",
                "x.txt.gz", "--format", "headerless", "--columns", "c0, c3", "--start", "1990-01-01T00:00:00Z",
                "--step", "P1D", "--speedup", "86400", "--limit", "100"));
        assertEquals(java.util.List.of("c0", "c3"), c.csvOptions().columns());
        assertEquals(Duration.ofDays(1), c.csvOptions().step());
        assertEquals(86400.0, c.speedup());
        assertEquals(100, c.limit());
        assertEquals("file is required (a file path): CSV file to replay (.gz is read transparently).",
                assertThrows(ConfigException.class, () -> CsvReplayConfig.from(CommandLine.parse(
                        "--bootstrap-servers", "b"))).getMessage());
        assertEquals("speedup must be a number in [0.0, 1.0E12] but was 'fast'", assertThrows(ConfigException.class,
                () -> CsvReplayConfig.from(CommandLine.parse("--bootstrap-servers", "b", "--file", "f",
                        "--speedup", "fast"))).getMessage());
    }
}
