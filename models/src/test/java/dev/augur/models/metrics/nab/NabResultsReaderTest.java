package dev.augur.models.metrics.nab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabResultsReaderTest {
    @TempDir
    Path dir;

    private Path write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsTheNabResultsLayout() throws IOException {
        write("mine/realTraffic/mine_speed_7578.csv", "timestamp,value,anomaly_score,label,S(t)_standard\n"
                + "2015-09-08 11:39:00,1.5,0.25,0,-0.11\n"
                + "2015-09-08 11:44:00,2.5,0.75,1,1.0\n");
        write("mine/artificialNoAnomaly/mine_art_flatline.csv", "timestamp,value,anomaly_score\n"
                + "2014-04-01 00:00:00,0,0.0\n");
        write("mine/mine_standard_scores.csv", "Detector,Profile,File,Threshold,Score\n");
        write("mine/realTraffic/mine_standard_scores.csv", "Detector,Profile,File,Threshold,Score\n");

        Map<String, NabSeries> out = NabResultsReader.readDetectorDirectory(dir.resolve("mine"), "mine");

        assertEquals(List.of("artificialNoAnomaly/art_flatline.csv", "realTraffic/speed_7578.csv"),
                List.copyOf(out.keySet()));
        NabSeries s = out.get("realTraffic/speed_7578.csv");
        assertEquals(2, s.size());
        assertEquals(NabTimestamps.parse("2015-09-08 11:44:00"), s.timestamp(1));
        assertArrayEquals(new double[] {0.25, 0.75}, s.anomalyScores());
        assertArrayEquals(new byte[] {0, 1}, s.labels());
        assertFalse(out.get("artificialNoAnomaly/art_flatline.csv").hasLabels());
    }

    @Test
    void rejectsResultsFilesNamedForAnotherDetector() throws IOException {
        write("mine/realTraffic/other_speed_7578.csv", "timestamp,anomaly_score\n2015-09-08 11:39:00,0.5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NabResultsReader.readDetectorDirectory(dir.resolve("mine"), "mine"));
        assertTrue(e.getMessage().contains("expected results files named mine_<name>.csv"), e.getMessage());
    }

    @Test
    void readsGzippedRowScoresWhateverTheFileName() throws IOException {
        String csv = "file,timestamp,anomaly_score,label\n"
                + "a/x.csv,2014-04-01 00:00:00,0.5,0\n"
                + "a/x.csv,2014-04-01 00:05:00,0.6,1\n"
                + "b/y.csv,2014-04-01 00:00:00,0.7,0\n";
        Path p = dir.resolve("scores.bin");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(csv.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, NabSeries> rows = NabResultsReader.readRowScores(p);
        assertEquals(List.of("a/x.csv", "b/y.csv"), List.copyOf(rows.keySet()));
        assertArrayEquals(new double[] {0.5, 0.6}, rows.get("a/x.csv").anomalyScores());
        assertArrayEquals(new byte[] {0, 1}, rows.get("a/x.csv").labels());
    }

    @Test
    void rejectsRowScoresWhoseFileBlocksAreSplit() throws IOException {
        Path p = write("rows.csv", "file,timestamp,anomaly_score\n"
                + "a/x.csv,2014-04-01 00:00:00,0.5\n"
                + "b/y.csv,2014-04-01 00:00:00,0.7\n"
                + "a/x.csv,2014-04-01 00:05:00,0.6\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NabResultsReader.readRowScores(p));
        assertTrue(e.getMessage().contains("line 4: expected the rows of a/x.csv to be contiguous"), e.getMessage());
    }

    @Test
    void namesTheLineAndColumnOfABadField() throws IOException {
        Path p = write("mine/a/mine_x.csv", "timestamp,anomaly_score\n2014-04-01 00:00:00,0.5\n"
                + "2014-04-01 00:05:00,high\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NabResultsReader.readResultsFile(p, "a/x.csv"));
        assertTrue(e.getMessage().endsWith("line 3: expected a number in column 'anomaly_score' but found \"high\""),
                e.getMessage());

        Path q = write("mine/a/mine_y.csv", "timestamp,value\n2014-04-01 00:00:00,0.5\n");
        e = assertThrows(IllegalArgumentException.class, () -> NabResultsReader.readResultsFile(q, "a/y.csv"));
        assertTrue(e.getMessage().contains("expected a 'anomaly_score' column but the header has [timestamp, value]"),
                e.getMessage());

        Path r = write("mine/a/mine_z.csv", "timestamp,anomaly_score\n2014-04-01 00:00:00,0.5,1\n");
        e = assertThrows(IllegalArgumentException.class, () -> NabResultsReader.readResultsFile(r, "a/z.csv"));
        assertTrue(e.getMessage().contains("line 2: expected 2 fields but found 3"), e.getMessage());

        Path s = write("mine/a/mine_w.csv", "timestamp,anomaly_score\n2014/04/01 00:00,0.5\n");
        e = assertThrows(IllegalArgumentException.class, () -> NabResultsReader.readResultsFile(s, "a/w.csv"));
        assertTrue(e.getMessage().contains("line 2: expected a timestamp like 2014-04-01 00:00:00"), e.getMessage());
    }

    @Test
    void checksAnOutputAgainstItsDataFile() throws IOException {
        write("data/a/x.csv", "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,2\n"
                + "2014-04-01 00:10:00,3\n");
        NabDataFile data = NabDataFile.read(dir.resolve("data"), "a/x.csv");
        assertArrayEquals(new double[] {1, 2, 3}, data.values());

        NabSeries shifted = NabSeries.of("a/x.csv", new long[] {data.timestamps()[0], data.timestamps()[1],
            NabTimestamps.parse("2014-04-01 00:15:00")}, new double[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> shifted.requireSameRows(data.timestamps(), "data/a/x.csv"));
        assertEquals("detector output for a/x.csv row 2: expected timestamp 2014-04-01 00:10:00 (from data/a/x.csv)"
                + " but found 2014-04-01 00:15:00", e.getMessage());

        NabSeries shorter = NabSeries.of("a/x.csv", new long[] {data.timestamps()[0]}, new double[1]);
        e = assertThrows(IllegalArgumentException.class,
                () -> shorter.requireSameRows(data.timestamps(), "data/a/x.csv"));
        assertEquals("detector output for a/x.csv has 1 rows but the data file data/a/x.csv has 3", e.getMessage());
    }

    @Test
    void timestampsWithAndWithoutAFractionAreEqual() {
        assertEquals(NabTimestamps.parse("2014-04-10 07:15:00"), NabTimestamps.parse("2014-04-10 07:15:00.000000"));
        assertEquals(NabTimestamps.parse("2014-04-10 07:15:00"), NabTimestamps.parse("2014-04-10T07:15:00"));
        assertEquals("2014-04-10 07:15:00.250000",
                NabTimestamps.format(NabTimestamps.parse("2014-04-10 07:15:00.25")));
        assertThrows(IllegalArgumentException.class, () -> NabTimestamps.parse("2014-02-30 00:00:00"));
    }
}
