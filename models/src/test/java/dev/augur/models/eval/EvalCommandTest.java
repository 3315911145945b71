package dev.augur.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    private String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static Path wide(Path dir, int n) throws IOException {
        Random r = new Random(3);
        StringBuilder b = new StringBuilder("date,a,b\n");
        double x = 0;
        for (int i = 0; i < n; i++) {
            x = 0.7 * x + r.nextGaussian();
            double a = 5 * Math.sin(2 * Math.PI * i / 24.0) + x;
            b.append(String.format("2020-01-%02d %02d:00:00,%s,%s%n", 1 + i / 24, i % 24, a, 0.5 * a
                    + r.nextGaussian()));
        }
        Path f = dir.resolve("wide.csv");
        Files.writeString(f, b.toString());
        return f;
    }

    @Test
    void usageErrorsExitWithTwoAndNameTheProblem() {
        assertEquals(2, EvalCommand.run(new String[0], out));
        assertEquals(2, EvalCommand.run(new String[] {"frobnicate"}, out));
        assertTrue(output().contains("unknown command 'frobnicate'"), output());
        assertEquals(2, EvalCommand.run(new String[] {"nab", "--out", "x"}, out));
        assertTrue(output().contains("--data is required"), output());
        assertEquals(2, EvalCommand.run(new String[] {"forecast", "--input", "a", "--out", "b", "--bogus", "1"},
                out));
        assertTrue(output().contains("unknown flag(s) [bogus]"), output());
        assertEquals(0, EvalCommand.run(new String[] {"help"}, out));
    }

    @Test
    void durations() {
        assertEquals(86_400_000L, EvalCommand.duration("1d"));
        assertEquals(3_600_000L, EvalCommand.duration("PT1H"));
        assertEquals(900_000L, EvalCommand.duration("15min"));
        assertEquals(500L, EvalCommand.duration("500ms"));
    }

    @Test
    void forecastWritesMetricsThatTheForecastsCsvReproduces(@TempDir Path dir) throws IOException {
        Path in = wide(dir, 24 * 12);
        Path outDir = dir.resolve("f");
        int rc = EvalCommand.run(new String[] {"forecast", "--input", in.toString(), "--out", outDir.toString(),
            "--target", "a", "--group", "a,b", "--season", "24", "--horizon", "4", "--eval-from", "100"}, out);
        assertEquals(0, rc, output());
        List<String> rows = Files.readAllLines(outDir.resolve("forecasts.csv"));
        assertEquals("origin_time,target_time,horizon,model,observed,mean,q0.05,q0.1,q0.25,q0.5,q0.75,q0.9,q0.95",
                rows.get(0));
        double sum = 0;
        int n = 0;
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",");
            if (f[3].equals("ensemble") && f[2].equals("1")) {
                sum += Math.abs(Double.parseDouble(f[4]) - Double.parseDouble(f[5]));
                n++;
            }
        }
        assertTrue(n > 150, "scored origins: " + n);
        String json = Files.readString(outDir.resolve("metrics.json"));
        for (String model : List.of("\"ensemble\"", "\"ar-rls\"", "\"var-rls\"", "\"seasonal-naive\"")) {
            assertTrue(json.contains(model), model + " in " + json);
        }
        // the first per-horizon MAE of the ensemble is step 1's
        int at = json.indexOf("\"byHorizon\"", json.indexOf("\"ensemble\""));
        int mae = json.indexOf("\"mae\": ", at) + 7;
        double reported = Double.parseDouble(json.substring(mae, json.indexOf(',', mae)));
        assertEquals(sum / n, reported, 1e-9 * Math.abs(reported));
    }

    private static String joint(String json) {
        return json.substring(json.indexOf("\"joint\": {", json.indexOf("\"models\"")));
    }

    @Test
    void groupForecastScoresEveryModelJointlyAndDeterministically(@TempDir Path dir) throws IOException {
        Path in = wide(dir, 24 * 12);
        String[] base = {"forecast", "--input", in.toString(), "--target", "a", "--group", "a,b", "--season", "24",
            "--horizon", "4", "--eval-from", "100", "--paths", "40", "--no-forecasts", "--out"};
        String[] json = new String[3];
        for (int run = 0; run < 3; run++) {
            String[] args = java.util.Arrays.copyOf(base, base.length + 3);
            args[base.length] = dir.resolve("run" + run).toString();
            args[base.length + 1] = "--seed";
            args[base.length + 2] = run < 2 ? "1" : "2";
            assertEquals(0, EvalCommand.run(args, out), output());
            json[run] = Files.readString(dir.resolve("run" + run).resolve("metrics.json"));
        }
        assertTrue(output().contains("CRPS-sum"), output());
        String j = json[0];
        for (String model : List.of("ensemble", "ar-rls", "var-rls", "seasonal-naive")) {
            int at = j.indexOf("\"joint\"", j.indexOf("\"" + model + "\": {", j.indexOf("\"models\"")));
            assertTrue(at > 0, model + " has joint scores in " + j);
            int es = j.indexOf("\"energyScore\": ", at) + 15;
            double energy = Double.parseDouble(j.substring(es, j.indexOf(',', es)));
            int cs = j.indexOf("\"crpsSum\": ", at) + 11;
            double crpsSum = Double.parseDouble(j.substring(cs, j.indexOf(',', cs)));
            int ss = j.indexOf("\"energyScoreScaled\": ", at) + 21;
            double scaled = Double.parseDouble(j.substring(ss, j.indexOf(',', ss)));
            assertTrue(energy > 0 && energy < 50 && crpsSum > 0 && crpsSum < 10 && scaled > 0 && scaled < 50,
                    model + ": " + energy + ", " + scaled + ", " + crpsSum);
            assertTrue(Math.abs(scaled - energy) > 1e-6 * energy, "scaled differs from raw for " + model);
        }
        assertEquals(joint(json[0]), joint(json[1]), "the same seed gives the same scores");
        assertTrue(!joint(json[0]).equals(joint(json[2])), "another seed gives other samples");
    }

    @Test
    void detectWritesOneRowPerInputRow(@TempDir Path dir) throws IOException {
        Path in = wide(dir, 120);
        Path single = dir.resolve("single.csv");
        assertEquals(0, EvalCommand.run(new String[] {"detect", "--input", in.toString(), "--out", single.toString(),
            "--target", "b"}, out), output());
        List<String> rows = Files.readAllLines(single);
        assertEquals("timestamp,value,anomaly_score", rows.get(0));
        assertEquals(121, rows.size());
        Path group = dir.resolve("group.csv");
        assertEquals(0, EvalCommand.run(new String[] {"detect", "--input", in.toString(), "--out", group.toString(),
            "--group", "a,b", "--post", "surprise"}, out), output());
        rows = Files.readAllLines(group);
        assertEquals("timestamp,a,b,anomaly_score,score_a,score_b", rows.get(0));
        assertEquals(121, rows.size());
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",");
            for (int i = 3; i < 6; i++) {
                double s = Double.parseDouble(f[i]);
                assertTrue(s >= 0 && s <= 1, r);
            }
        }
    }

    @Test
    void exchangeScoresOfSamplesByHand() {
        // two series, one window, one step, two paths: sums 1 and 3, observed sum 2
        double[][][][] s = {{{{0.5, 0.5}, {1.5, 1.5}}}};
        double[][] y = {{1, 1}};
        double[] r = ExchangeBenchmark.score(s, y, 0, 1, 2);
        // empirical CRPS: mean|X - 2| - 0.5 mean|X - X'| = 1 - 0.5 * (2 * 2 / 4) = 0.5; over |2|
        assertEquals(0.25, r[0], 1e-12);
        // marginal: each series samples {0.5, 1.5} at 1: 0.5 - 0.5 * 0.5 = 0.25, two of them over |1| + |1|
        assertEquals(0.25, r[2], 1e-12);
    }
}
