package dev.augur.models.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real training and export (models/training/train.py --tiny: synthetic data, a 601-parameter network, 40
 * steps, K = 2) with Debian's /usr/bin/python3, then loads the exported graph in Java and checks it against the
 * PyTorch outputs it wrote. Without torch and onnx this test fails under CI=true (.ci/run installs them) and is skipped
 * with a message otherwise.
 */
class NeuralTrainingTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void tinyTrainingExportsAModelJavaRuns(@TempDir Path dir) throws Exception {
        requireTorch();
        Path out = dir.resolve("model");
        Path script = Path.of("training/train.py").toAbsolutePath();
        assertTrue(Files.isRegularFile(script), "expected the training script at " + script);
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), "--tiny", "--out", out.toString(),
                "--java-cp", System.getProperty("java.class.path"));
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        Path log = dir.resolve("train.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("expected the tiny training to finish within 300 s but it did not; log:\n" + Files.readString(log));
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "training exit status; log:\n" + text);
        assertTrue(text.contains("by the job's code"), "conditioning computed through ConditioningExport:\n" + text);
        assertTrue(text.contains("step 40/40"), "progress output:\n" + text);

        Reference ref;
        try (InputStream in = Files.newInputStream(out.resolve("reference.json"))) {
            ref = Reference.read(in);
        }
        try (NeuralForecaster f = NeuralForecaster.open(NeuralSettings.defaults().withModel(out.resolve("model.onnx"))
                .withMaxBatch(ref.batch).withSamples(ref.samples))) {
            assertEquals(2, f.diffusionSteps());
            assertTrue(f.version().startsWith("augur-neural-1+"), f.version());
            String sha = Files.readString(out.resolve("model.onnx.sha256")).split("\\s+")[0];
            assertEquals(sha, f.sha256());
            Reference.Parity parity = ref.check(f);
            System.out.println("tiny model: max |ORT Java - PyTorch| = " + parity.maxAbsDiffNormalised());
            assertTrue(parity.maxAbsDiffNormalised() < 1e-3, parity.toString());
            assertTrue(parity.maxAbsDiffInputs() <= 1e-6, parity.toString());
        }
    }

    private static void requireTorch() throws IOException, InterruptedException {
        String why;
        if (!Files.isExecutable(Path.of(PYTHON))) {
            why = PYTHON + " is missing";
        } else {
            Process p = new ProcessBuilder(List.of(PYTHON, "-c", "import torch, onnx, numpy")).redirectErrorStream(true)
                    .start();
            String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            why = p.waitFor() == 0 ? null : PYTHON + " cannot import torch, onnx, numpy: " + msg;
        }
        if (why == null) {
            return;
        }
        String hint = "; install them with: apt-get install -y --no-install-recommends python3-torch python3-onnx "
                + "python3-numpy (.ci/run does)";
        if ("true".equals(System.getenv("CI"))) {
            fail("expected PyTorch for the training test under CI=true but " + why + hint);
        }
        Assumptions.abort("skipped: " + why + hint);
    }
}
