package dev.augur.models.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesTableTest {
    private static SeriesTable parse(String text, long step) throws IOException {
        return SeriesTable.parse(new BufferedReader(new StringReader(text)), "test.csv", step, 0);
    }

    @Test
    void nabLayoutHasOneValueColumn() throws IOException {
        SeriesTable t = parse("timestamp,value\n2014-07-01 00:00:00,10844\n2014-07-01 00:30:00,8127\n", 0);
        assertEquals(SeriesTable.Format.NAB, t.format());
        assertArrayEquals(new String[] {"value"}, t.columns());
        assertEquals(2, t.rows());
        assertEquals(1_800_000L, t.time(1) - t.time(0));
        assertEquals(8127.0, t.value(0, 1), 0.0);
        assertEquals("2014-07-01 00:30:00", t.timeText(1));
        assertEquals(1_800_000L, t.typicalStep());
    }

    @Test
    void wideLayoutTakesTheFirstColumnAsTime() throws IOException {
        SeriesTable t = parse("date,HUFL,OT\n2016-07-01 00:00:00,5.8,30.5\n2016-07-01 01:00:00,5.6,\n", 0);
        assertEquals(SeriesTable.Format.WIDE, t.format());
        assertArrayEquals(new String[] {"HUFL", "OT"}, t.columns());
        assertEquals(1, t.column("OT"));
        assertTrue(Double.isNaN(t.value(1, 1)), "an empty field is missing");
        assertEquals(3_600_000L, t.typicalStep());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.column("XX"));
        assertTrue(e.getMessage().contains("[HUFL, OT]"), e.getMessage());
    }

    @Test
    void headerlessNeedsAStepAndNamesColumns() throws IOException {
        String text = "0.78,1.61\n0.79,1.62\n0.80,1.60\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text, 0));
        assertTrue(e.getMessage().contains("--step"), e.getMessage());
        SeriesTable t = parse(text, 86_400_000L);
        assertEquals(SeriesTable.Format.HEADERLESS, t.format());
        assertArrayEquals(new String[] {"c0", "c1"}, t.columns());
        assertEquals(3, t.rows());
        assertEquals(2 * 86_400_000L, t.time(2));
        assertEquals("1970-01-03 00:00:00", t.timeText(2));
        assertEquals(0.78, t.value(0, 0), 0.0);
    }

    @Test
    void dateOnlyTimesAndBadFieldsNameTheLine() throws IOException {
        SeriesTable t = parse("day,x\n2020-01-01,1\n2020-01-02,2\n", 0);
        assertEquals(86_400_000L, t.typicalStep());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("day,x\n2020-01-01,1\n2020-01-02,abc\n", 0));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("abc"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("day,x\n2020-01-01,1,2\n", 0));
        assertTrue(e.getMessage().contains("expected 2 fields"), e.getMessage());
    }

    @Test
    void gzipIsDetectedFromTheContent(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("data.txt");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            o.write("1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        }
        SeriesTable t = SeriesTable.read(f, 1000, 5000);
        assertEquals(2, t.rows());
        assertEquals(6000, t.time(1));
        assertEquals(4.0, t.value(1, 1), 0.0);
    }
}
