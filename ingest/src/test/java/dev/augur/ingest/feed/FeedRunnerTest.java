package dev.augur.ingest.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.feed.csv.CsvOptions;
import dev.augur.ingest.feed.csv.CsvSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FeedRunnerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final FakeClock clock = new FakeClock();
    private final ProgressReporter progress = new ProgressReporter(new PrintStream(out, true,
            StandardCharsets.UTF_8), "test", clock, 5_000_000_000L);

    @Test
    void csvReplaySendsTheFileInOrderUpToTheLimit() throws Exception {
        Path nab = Path.of(FeedRunnerTest.class.getResource("/fixtures/nab/nyc_taxi.csv").toURI());
        ListSink sink = new ListSink();
        try (CsvSource source = CsvSource.open(nab, CsvOptions.defaults())) {
            long sent = CsvReplay.replay(source, sink, new EventTimePacer(1800, clock), progress, 5, () -> false);
            assertEquals(5, sent);
        }
        assertEquals(5, sink.records.size());
        assertEquals(List.of(10844.0, 8127.0, 6210.0, 4656.0, 3820.0),
                sink.records.stream().map(FeedRecord::value).toList());
        assertEquals(1, sink.flushes);
        // 30-minute steps at 1800x: one record per wall second, four waits after the first.
        assertEquals(4_000_000_000L, clock.sleeps.stream().mapToLong(Long::longValue).sum());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("test: done, sent 5 records"),
                out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("100.0% done"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stopEndsTheLoopAndFlushes() throws InterruptedException {
        ListSink sink = new ListSink();
        AtomicInteger polls = new AtomicInteger();
        var source = LongStream.iterate(0, i -> i + 1000).mapToObj(t -> new FeedRecord("s", null, t, 1)).iterator();
        long sent = new FeedRunner(sink, Pacer.UNPACED, progress).run(source, 0, () -> Double.NaN,
                () -> polls.incrementAndGet() > 10);
        assertEquals(10, sent);
        assertEquals(1, sink.flushes);
    }
}
