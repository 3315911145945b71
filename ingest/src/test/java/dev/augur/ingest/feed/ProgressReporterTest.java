package dev.augur.ingest.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void printsALineEveryIntervalAndAFinalLine() {
        FakeClock clock = new FakeClock();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter p = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), "feed", clock,
                5_000_000_000L);
        long t = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        p.update(1, t, 0.001);
        clock.now += 4_000_000_000L;
        p.update(400, t + 60_000, 0.4);
        clock.now += 1_000_000_000L;
        p.update(500, t + 120_000, 0.5);
        clock.now += 5_000_000_000L;
        p.finish(1000, t + 180_000, Double.NaN);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of(
                "feed: sent 500 records, 99.8/s, event time 2024-01-01T00:02:00Z, 50.0% done",
                "feed: done, sent 1000 records, 100.0/s, event time 2024-01-01T00:03:00Z"), lines);
    }
}
