package dev.augur.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.metrics.nab.NabResultsReader;
import dev.augur.models.metrics.nab.NabSeries;
import dev.augur.models.metrics.nab.NabTimestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabEvaluationTest {
    private static final int ROWS = 500;
    private static final int SPIKE = 350;
    private static final long T0 = NabTimestamps.parse("2015-01-01 00:00:00");
    private static final long STEP = 300_000_000L;

    /** A smooth noisy daily cycle, with a spike of 60 noise sds at row {@code spike} when it is not negative. */
    private static void writeFile(Path dir, String file, int spike, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < ROWS; i++) {
            double v = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + r.nextGaussian() + (i == spike ? 60 : 0);
            b.append(NabTimestamps.format(T0 + i * STEP)).append(',').append(v).append('\n');
        }
        Files.createDirectories(dir.resolve(file).getParent());
        Files.writeString(dir.resolve(file), b.toString());
    }

    private static String ts(int row) {
        return NabTimestamps.format(T0 + row * STEP) + ".000000";
    }

    @Test
    void writesNabsLayoutAndScoresAWindowDetectedOnItsFirstRowAsPerfect(@TempDir Path dir) throws IOException {
        Path nab = dir.resolve("nab");
        writeFile(nab.resolve("data"), "synthetic/spike.csv", SPIKE, 1);
        writeFile(nab.resolve("data"), "synthetic/quiet.csv", -1, 2);
        Files.createDirectories(nab.resolve("labels"));
        Files.writeString(nab.resolve("labels/combined_windows.json"), "{\n"
                + "  \"synthetic/quiet.csv\": [],\n"
                + "  \"synthetic/spike.csv\": [[\"" + ts(SPIKE) + "\", \"" + ts(SPIKE + 24) + "\"]]\n}\n");
        Path out = dir.resolve("out");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path report = dir.resolve("report");
        NabEvaluation.Result r = NabEvaluation.run(nab, null, out, EvalSettings.defaults(),
                AnomalyDetector.Post.PLAIN, 2, new PrintStream(progress, true, StandardCharsets.UTF_8), report,
                List.of("synthetic/spike.csv"));

        assertEquals(2, r.files());
        assertEquals(2 * ROWS, r.rows());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[ 2/2]"), progress.toString());
        // a single detection on the window's first row and none elsewhere: 100 under every profile
        for (String profile : List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")) {
            assertEquals(100.0, r.of(AnomalyDetector.Post.PLAIN).byProfile().get(profile).normalizedScore(), 1e-9,
                    profile);
            assertEquals(100.0, r.of(AnomalyDetector.Post.SURPRISE).byProfile().get(profile).normalizedScore(),
                    1e-9, profile);
        }
        List<String> lines = Files.readAllLines(out.resolve("synthetic/augur_spike.csv"));
        assertEquals("timestamp,value,anomaly_score,label", lines.get(0));
        assertEquals(ROWS + 1, lines.size());
        assertTrue(lines.get(SPIKE + 1).endsWith(",1") && lines.get(SPIKE).endsWith(",0"), lines.get(SPIKE + 1));
        // NAB's reader reads the layout back, row for row
        Map<String, NabSeries> back = NabResultsReader.readDetectorDirectory(out, "augur");
        assertEquals(List.of("synthetic/quiet.csv", "synthetic/spike.csv"), List.copyOf(back.keySet()));
        assertEquals(1, back.get("synthetic/spike.csv").labels()[SPIKE]);
        // the plot marks the one detection (red) and shades the window; the coverage plot exists
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(report.resolve("synthetic_spike.png").toFile());
        assertEquals(1400, png.getWidth());
        int red = 0;
        int window = 0;
        for (int x = 0; x < png.getWidth(); x++) {
            for (int y = 45; y < png.getHeight() - 45; y++) {
                int rgb = png.getRGB(x, y) & 0xffffff;
                red += rgb == 0xd21e1e ? 1 : 0;
                window += rgb == 0xffe1be ? 1 : 0;
            }
        }
        assertTrue(red > 20 && red < 200, "one detection marker of about 50 pixels, found " + red);
        assertTrue(window > 1000, "the labelled window is shaded: " + window);
        assertTrue(Files.size(report.resolve("synthetic_spike_coverage.png")) > 1000);
        assertTrue(!Files.exists(report.resolve("synthetic_quiet.png")));
        String json = Files.readString(report.resolve("nab.json"));
        assertTrue(json.contains("\"standard\"") && json.contains("\"variants\"") && json.contains("\"plain\""),
                json);
    }

    @Test
    void anUnknownPlotFileIsRefusedBeforeTheRun(@TempDir Path dir) throws IOException {
        Path nab = dir.resolve("nab");
        writeFile(nab.resolve("data"), "synthetic/quiet.csv", -1, 2);
        Files.createDirectories(nab.resolve("labels"));
        Files.writeString(nab.resolve("labels/combined_windows.json"), "{\"synthetic/quiet.csv\": []}\n");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NabEvaluation.run(nab, null, dir.resolve("out"), EvalSettings.defaults(),
                        AnomalyDetector.Post.PLAIN, 1, new PrintStream(new ByteArrayOutputStream()), dir,
                        List.of("synthetic/nope.csv")));
        assertTrue(e.getMessage().contains("'synthetic/nope.csv'") && e.getMessage().contains("synthetic/quiet.csv"),
                e.getMessage());
    }

    @Test
    void scaledScoresErrorsInUnitsOfTheMeanErrorSoFarAndIsCausal() {
        AnomalyDetector d = AnomalyDetector.of(EvalSettings.defaults(), AnomalyDetector.Post.SCALED);
        int n = 1000;
        double[] values = new double[n];
        double[] expected = new double[n];
        double[] nan = new double[n];
        java.util.Arrays.fill(nan, Double.NaN);
        for (int i = 0; i < n; i++) {
            values[i] = i % 2 == 0 ? 1 : -1; // |error| 1 on every row
            expected[i] = i < 5 ? Double.NaN : 0; // the first 5 rows not scored
        }
        values[900] = 9; // |error| 9 = 9 mean errors
        AnomalyDetector.Replay r = new AnomalyDetector.Replay(new double[n], 0, 0, null, 0, expected, nan, nan);
        double[] a = d.transform(r, values);
        // nothing before MIN_SCALED_HISTORY scored rows; then z = 1 -> 0.5, once (the peak filter keeps new maxima)
        for (int i = 0; i < 5 + AnomalyDetector.MIN_SCALED_HISTORY; i++) {
            assertEquals(0.0, a[i], 0.0, "row " + i);
        }
        assertEquals(0.5, a[5 + AnomalyDetector.MIN_SCALED_HISTORY], 1e-15);
        assertEquals(0.0, a[5 + AnomalyDetector.MIN_SCALED_HISTORY + 1], 0.0);
        assertEquals(0.9, a[900], 1e-15);
        double[] prefix = d.transform(new AnomalyDetector.Replay(new double[901], 0, 0, null, 0,
                java.util.Arrays.copyOf(expected, 901), nan, nan), java.util.Arrays.copyOf(values, 901));
        for (int i = 0; i <= 900; i++) {
            assertEquals(prefix[i], a[i], 0.0, "row " + i + " must not depend on later rows");
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> d.transform(new double[3]));
        assertTrue(e.getMessage().contains("transform(Replay, double[])"), e.getMessage());
    }

    @Test
    void likelihoodIsCausalAndBounded() {
        AnomalyDetector d = AnomalyDetector.of(EvalSettings.defaults(), AnomalyDetector.Post.LIKELIHOOD);
        double[] tail = new double[400];
        java.util.Arrays.fill(tail, 0.5);
        tail[300] = 1e-12;
        double[] a = d.transform(tail);
        double[] prefix = d.transform(java.util.Arrays.copyOf(tail, 301));
        for (int i = 0; i <= 300; i++) {
            assertEquals(prefix[i], a[i], 0.0, "row " + i + " must not depend on later rows");
        }
        for (double v : a) {
            assertTrue(v >= 0 && v <= 1);
        }
        assertTrue(a[300] > 0.5, "a sudden surprise is likely anomalous: " + a[300]);
    }
}
