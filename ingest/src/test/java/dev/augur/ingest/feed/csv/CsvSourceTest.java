package dev.augur.ingest.feed.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.feed.FeedRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(CsvSourceTest.class.getResource("/fixtures/" + name).toURI());
    }

    private static List<FeedRecord> readAll(CsvSource s) {
        List<FeedRecord> out = new ArrayList<>();
        s.forEachRemaining(out::add);
        return out;
    }

    private static long millis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void nabFileIsOneSeriesNamedAfterTheFile() throws Exception {
        try (CsvSource s = CsvSource.open(fixture("nab/nyc_taxi.csv"), CsvOptions.defaults())) {
            assertEquals(CsvFormat.NAB, s.format());
            assertEquals(List.of("nyc_taxi"), s.series());
            List<FeedRecord> rows = readAll(s);
            assertEquals(12, rows.size());
            assertEquals(new FeedRecord("nyc_taxi", null, millis("2014-07-01T00:00:00Z"), 10844), rows.get(0));
            assertEquals(new FeedRecord("nyc_taxi", null, millis("2014-07-01T05:30:00Z"), 4364), rows.get(11));
            assertEquals(1.0, s.fractionDone());
        }
    }

    @Test
    void nabWithPrefixAndGroup() throws Exception {
        CsvOptions o = CsvOptions.defaults().withFormat(CsvFormat.NAB).withSeriesPrefix("nab.").withGroup("taxi");
        try (CsvSource s = CsvSource.open(fixture("nab/nyc_taxi.csv"), o)) {
            FeedRecord first = s.next();
            assertEquals("nab.nyc_taxi", first.series());
            assertEquals("taxi", first.group());
        }
    }

    @Test
    void wideFileGivesOneSeriesPerColumnAndSkipsEmptyCells() throws Exception {
        try (CsvSource s = CsvSource.open(fixture("transformer_like.csv"), CsvOptions.defaults())) {
            assertEquals(CsvFormat.WIDE, s.format());
            assertEquals(List.of("transformer_like.HUFL", "transformer_like.HULL", "transformer_like.MUFL",
                    "transformer_like.MULL", "transformer_like.LUFL", "transformer_like.LULL", "transformer_like.OT"),
                    s.series());
            List<FeedRecord> rows = readAll(s);
            assertEquals(4 * 7 - 1, rows.size());
            assertEquals(1, s.skippedCells());
            assertEquals(new FeedRecord("transformer_like.HUFL", null, millis("2016-07-01T00:00:00Z"), 5.5),
                    rows.get(0));
            assertEquals(new FeedRecord("transformer_like.OT", null, millis("2016-07-01T00:00:00Z"), 30.5),
                    rows.get(6));
            // Row 3 has no LUFL: LULL follows MULL directly.
            assertEquals("transformer_like.MULL", rows.get(17).series());
            assertEquals("transformer_like.LULL", rows.get(18).series());
            assertEquals(millis("2016-07-01T02:00:00Z"), rows.get(18).eventTimeMillis());
        }
    }

    @Test
    void wideFileWithChosenColumnsPrefixAndGroup() throws Exception {
        CsvOptions o = CsvOptions.defaults().withColumns(List.of("OT", "HUFL")).withSeriesPrefix("ett.")
                .withGroup("transformer-1");
        try (CsvSource s = CsvSource.open(fixture("transformer_like.csv"), o)) {
            List<FeedRecord> rows = readAll(s);
            assertEquals(8, rows.size());
            assertEquals(new FeedRecord("ett.OT", "transformer-1", millis("2016-07-01T01:00:00Z"), 29.0),
                    rows.get(2));
            assertEquals(new FeedRecord("ett.HUFL", "transformer-1", millis("2016-07-01T01:00:00Z"), 5.75),
                    rows.get(3));
        }
    }

    @Test
    void unknownColumnIsNamedInTheError() throws Exception {
        CsvOptions o = CsvOptions.defaults().withColumns(List.of("XX"));
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> CsvSource.open(fixture("transformer_like.csv"), o));
        assertTrue(e.getMessage().contains("expected column 'XX' among the value columns [HUFL, HULL"),
                e.getMessage());
    }

    @Test
    void headerlessFileGetsTimesFromStartAndStep() throws Exception {
        CsvOptions o = CsvOptions.defaults().withTimes(Instant.parse("1990-01-01T00:00:00Z"), Duration.ofDays(1));
        try (CsvSource s = CsvSource.open(fixture("rates_like.txt"), o)) {
            assertEquals(CsvFormat.HEADERLESS, s.format());
            assertEquals(8, s.series().size());
            assertEquals("rates_like.c0", s.series().get(0));
            List<FeedRecord> rows = readAll(s);
            assertEquals(24, rows.size());
            assertEquals(new FeedRecord("rates_like.c0", null, millis("1990-01-01T00:00:00Z"), 0.78), rows.get(0));
            assertEquals(new FeedRecord("rates_like.c7", null, millis("1990-01-03T00:00:00Z"), 0.519),
                    rows.get(23));
        }
    }

    @Test
    void gzipFilesAreReadTransparently() throws Exception {
        Path gz = tmp.resolve("rates_like.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(fixture("rates_like.txt")));
        }
        CsvOptions o = CsvOptions.defaults().withColumns(List.of("c1", "c5")).withGroup("fx");
        try (CsvSource s = CsvSource.open(gz, o)) {
            assertEquals(List.of("rates_like.c1", "rates_like.c5"), s.series());
            List<FeedRecord> rows = readAll(s);
            assertEquals(6, rows.size());
            assertEquals(new FeedRecord("rates_like.c5", "fx", millis("2020-01-01T01:00:00Z"), 0.0069),
                    rows.get(3));
            assertEquals(1.0, s.fractionDone());
        }
    }

    @Test
    void progressGrowsWithTheBytesRead() throws Exception {
        Path big = tmp.resolve("big.csv");
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append(Instant.ofEpochSecond(1_400_000_000L + 300L * i).toString()).append(',').append(i).append('\n');
        }
        Files.writeString(big, sb);
        try (CsvSource s = CsvSource.open(big, CsvOptions.defaults())) {
            assertTrue(s.fractionDone() < 0.5);
            for (int i = 0; i < 15_000; i++) {
                s.next();
            }
            assertTrue(s.fractionDone() > 0.4, "fraction " + s.fractionDone());
            readAll(s);
            assertEquals(1.0, s.fractionDone());
        }
    }

    @Test
    void timestampForms() throws IOException {
        String csv = "when,a\n2020-01-01 00:00:00,1\n2020-01-01T00:00:01.5Z,2\n2020-01-01T03:00:02+02:00,3\n"
                + "2020-01-02,4\n2020-01-02 00:01,5\n";
        try (CsvSource s = CsvSource.read(new StringReader(csv), "x.csv", CsvOptions.defaults())) {
            List<Long> times = readAll(s).stream().map(FeedRecord::eventTimeMillis).toList();
            assertEquals(List.of(millis("2020-01-01T00:00:00Z"), millis("2020-01-01T00:00:01.500Z"),
                    millis("2020-01-01T01:00:02Z"), millis("2020-01-02T00:00:00Z"), millis("2020-01-02T00:01:00Z")),
                    times);
            assertTrue(Double.isNaN(s.fractionDone()));
        }
    }

    @Test
    void quotedCellsAndBlankLines() throws IOException {
        String csv = "\uFEFFdate,\"a,b\",c\n\n2020-01-01 00:00:00,\"1.5\", 2 \n";
        try (CsvSource s = CsvSource.read(new StringReader(csv), "q.csv", CsvOptions.defaults())) {
            assertEquals(List.of("q.a,b", "q.c"), s.series());
            assertEquals(List.of(1.5, 2.0), readAll(s).stream().map(FeedRecord::value).toList());
        }
    }

    @Test
    void errorsNameTheLineWhatWasExpectedAndWhatWasFound() {
        assertEquals("bad.csv:3: expected a decimal number or an empty cell in column 1 (bad) but found 'n/a'",
                assertThrows(CsvFormatException.class, () -> readAll(CsvSource.read(new StringReader(
                        "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,n/a\n"), "bad.csv",
                        CsvOptions.defaults()))).getMessage());
        assertEquals("bad.csv:2: expected 2 cells as in the first line but found 3 cells",
                assertThrows(CsvFormatException.class, () -> readAll(CsvSource.read(new StringReader(
                        "timestamp,value\n2020-01-01 00:00:00,1,2\n"), "bad.csv", CsvOptions.defaults())))
                        .getMessage());
        assertTrue(assertThrows(CsvFormatException.class, () -> readAll(CsvSource.read(new StringReader(
                "timestamp,value\n01/02/2020,1\n"), "bad.csv", CsvOptions.defaults()))).getMessage()
                .startsWith("bad.csv:2: expected a timestamp like 2016-07-01 00:00:00 (UTC)"));
        assertTrue(assertThrows(CsvFormatException.class, () -> CsvSource.read(new StringReader("1,2\n"), "n.csv",
                CsvOptions.defaults().withFormat(CsvFormat.NAB))).getMessage()
                .startsWith("n.csv:1: expected a NAB header 'timestamp,value' but found '1,2'"));
        assertTrue(assertThrows(CsvFormatException.class, () -> CsvSource.read(new StringReader("a,b\n1,2\n"),
                "h.csv", CsvOptions.defaults().withFormat(CsvFormat.HEADERLESS))).getMessage()
                .startsWith("h.csv:1: expected numeric cells only"));
        assertTrue(assertThrows(CsvFormatException.class, () -> CsvSource.read(new StringReader(""), "e.csv",
                CsvOptions.defaults())).getMessage().contains("empty"));
        assertThrows(CsvFormatException.class, () -> CsvSource.read(new StringReader("1,NaN\n"), "nan.csv",
                CsvOptions.defaults().withFormat(CsvFormat.HEADERLESS)));
    }

    @Test
    void autoDetectsEachFormat() throws IOException {
        assertEquals(CsvFormat.NAB, CsvSource.read(new StringReader("Timestamp,Value\n"), "a.csv",
                CsvOptions.defaults()).format());
        assertEquals(CsvFormat.WIDE, CsvSource.read(new StringReader("timestamp,value,other\n"), "a.csv",
                CsvOptions.defaults()).format());
        assertEquals(CsvFormat.WIDE, CsvSource.read(new StringReader("date,OT\n"), "a.csv",
                CsvOptions.defaults()).format());
        CsvSource h = CsvSource.read(new StringReader("-1.5e-3,2\n"), "a.csv", CsvOptions.defaults());
        assertEquals(CsvFormat.HEADERLESS, h.format());
        assertEquals(-1.5e-3, h.next().value());
        assertFalse(h.next() == null);
        assertFalse(h.hasNext());
    }

    @Test
    void stemDropsGzAndOneExtension() {
        assertEquals("exchange_rate", CsvSource.stem("exchange_rate.txt.gz"));
        assertEquals("ETTh1", CsvSource.stem("ETTh1.csv"));
        assertEquals("noext", CsvSource.stem("noext"));
    }
}
