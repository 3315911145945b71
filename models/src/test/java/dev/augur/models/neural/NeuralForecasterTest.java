package dev.augur.models.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed default model, run by ONNX Runtime from Java. */
class NeuralForecasterTest {
    private static NeuralForecaster f;

    @BeforeAll
    static void open() {
        f = NeuralForecaster.open(NeuralSettings.defaults().withMaxBatch(8).withSamples(64));
    }

    @AfterAll
    static void close() {
        f.close();
    }

    @Test
    void matchesPyTorchOnTheReference() throws IOException {
        Reference ref;
        try (InputStream in = getClass().getResourceAsStream("reference.json")) {
            ref = Reference.read(in);
        }
        try (NeuralForecaster g = NeuralForecaster.open(NeuralSettings.defaults().withMaxBatch(ref.batch)
                .withSamples(ref.samples))) {
            Reference.Parity p = ref.check(g);
            String line = String.format(Locale.ROOT, "default model %s: max |ORT Java - PyTorch| = %.3g (normalised "
                    + "samples), inputs %.3g, mu/sigma relative %.3g%n", g.version(), p.maxAbsDiffNormalised(),
                    p.maxAbsDiffInputs(), p.maxRelDiffScale());
            System.out.print(line);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/neural-parity.txt"), line);
            assertTrue(p.maxAbsDiffNormalised() < 1e-3, line);
            assertTrue(p.maxAbsDiffInputs() <= 1e-6, line);
            assertTrue(p.maxRelDiffScale() <= 1e-12, line);
        }
    }

    @Test
    void describesItself() throws IOException {
        assertEquals(216, f.context());
        assertEquals(24, f.horizon());
        assertEquals(64, f.samples());
        assertEquals(8, f.maxBatch());
        assertEquals("CPU", f.provider());
        String sha = Files.readString(Path.of("src/main/resources/dev/augur/models/neural/augur-neural.onnx.sha256"))
                .split("\\s+")[0];
        assertEquals(sha, f.sha256(), "the committed sha256 file");
        assertTrue(f.version().startsWith("augur-neural-1+" + sha.substring(0, 12)), f.version());
    }

    @Test
    void aRowForecastDoesNotDependOnItsBatch() {
        Random rng = new Random(3);
        double[][] w = new double[5][];
        double[][] m = new double[5][];
        double[][] v = new double[5][];
        for (int r = 0; r < 5; r++) {
            w[r] = new double[f.context()];
            double level = 100 * rng.nextDouble();
            for (int j = 0; j < w[r].length; j++) {
                w[r][j] = level + 3 * Math.sin(2 * Math.PI * j / 24) + rng.nextGaussian();
            }
            m[r] = new double[f.horizon()];
            v[r] = new double[f.horizon()];
            for (int h = 0; h < f.horizon(); h++) {
                m[r][h] = w[r][w[r].length - 24 + h];
                v[r][h] = 1 + 0.1 * h;
            }
        }
        BatchRequest in = f.newRequest();
        BatchResult all = f.newResult();
        for (int r = 0; r < 5; r++) {
            in.add(w[r], 0, m[r], v[r]);
        }
        f.forecast(in, all);
        BatchResult one = f.newResult();
        in.clear();
        in.add(w[3], 0, m[3], v[3]);
        f.forecast(in, one);
        assertEquals(1, one.size());
        double[] q = new double[NeuralForecaster.LEVELS.length];
        for (int h = 1; h <= f.horizon(); h++) {
            assertEquals(all.mean(3, h), one.mean(0, h), 1e-9 * (1 + Math.abs(one.mean(0, h))), "step " + h);
            one.quantiles(0, h, q);
            for (int i = 1; i < q.length; i++) {
                assertTrue(q[i] >= q[i - 1], "quantiles ascending at step " + h);
            }
            assertTrue(q[0] < q[q.length - 1], "a spread at step " + h);
        }
    }

    @Test
    void quantilesAreType7OfTheSamples() {
        BatchRequest in = f.newRequest();
        BatchResult out = f.newResult();
        double[] w = new double[f.context()];
        for (int j = 0; j < w.length; j++) {
            w[j] = Math.cos(j / 5.0);
        }
        double[] m = new double[f.horizon()];
        double[] v = new double[f.horizon()];
        java.util.Arrays.fill(v, 0.04);
        in.add(w, 0, m, v);
        f.forecast(in, out);
        double[] s = new double[f.samples()];
        for (int h = 1; h <= f.horizon(); h++) {
            double sum = 0;
            for (int k = 0; k < s.length; k++) {
                s[k] = out.sample(0, k, h);
                sum += s[k];
            }
            java.util.Arrays.sort(s);
            assertEquals(sum / s.length, out.mean(0, h), 1e-9);
            // level 0.5 with S = 64: p = 31.5, halfway between the 32nd and 33rd order statistics
            assertEquals(0.5 * (s[31] + s[32]), out.quantile(0, h, 3), 1e-9);
            assertEquals(s[3] + 0.15 * (s[4] - s[3]), out.quantile(0, h, 0), 1e-9);   // 0.05 * 63 = 3.15
        }
    }

    @Test
    void rejectsBadRowsWithoutAppending() {
        BatchRequest in = f.newRequest();
        double[] w = new double[f.context()];
        double[] m = new double[f.horizon()];
        double[] v = new double[f.horizon()];
        w[10] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> in.add(w, 0, m, v));
        assertTrue(e.getMessage().contains("expected finite context values but found NaN at 10"), e.getMessage());
        w[10] = 0;
        v[2] = -1;
        e = assertThrows(IllegalArgumentException.class, () -> in.add(w, 0, m, v));
        assertTrue(e.getMessage().contains("at step 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> in.add(new double[5], 0, m, v));
        assertTrue(e.getMessage().contains("expected a context of 216 values"), e.getMessage());
        assertEquals(0, in.size());
        v[2] = 1;
        for (int r = 0; r < f.maxBatch(); r++) {
            in.add(w, 0, m, v);
        }
        assertThrows(IllegalStateException.class, () -> in.add(w, 0, m, v));
    }

    @Test
    void cudaRequestedWithoutItFallsBackToCpu() {
        try (NeuralForecaster g = NeuralForecaster.open(NeuralSettings.defaults().withMaxBatch(1).withSamples(2)
                .withCuda(true, 0))) {
            assertEquals("CPU", g.provider());
            BatchRequest in = g.newRequest();
            BatchResult out = g.newResult();
            in.add(new double[g.context()], 0, new double[g.horizon()], new double[g.horizon()]);
            g.forecast(in, out);
            assertTrue(Double.isFinite(out.mean(0, g.horizon())));
        }
    }

    @Test
    void closedForecasterRefusesWork() {
        NeuralForecaster g = NeuralForecaster.open(NeuralSettings.defaults().withMaxBatch(1).withSamples(2));
        BatchRequest in = g.newRequest();
        BatchResult out = g.newResult();
        g.close();
        g.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.forecast(in, out));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aModelFileThatIsNotTheContractIsRefusedByName(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path p = dir.resolve("denoiser.onnx");
        Files.copy(Path.of("training/model/denoiser.onnx"), p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeuralForecaster.open(NeuralSettings.defaults().withModel(p)));
        assertTrue(e.getMessage().contains("expected inputs [ar, context, noise] but found [cproj, x]"),
                e.getMessage());
    }
}
