package dev.augur.models.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime copies its native libraries into {@code java.io.tmpdir/onnxruntime-java*} when a JVM first uses it
 * (stack-notes: crashed JVMs left 88 such folders). A child JVM with its own temp folder opens the default model,
 * forecasts, closes and exits; nothing of ONNX Runtime may remain in that folder.
 */
class NativeTempDirTest {
    /** The child JVM's entry point. */
    public static final class Child {
        public static void main(String[] args) {
            try (NeuralForecaster f = NeuralForecaster.open(NeuralSettings.defaults().withMaxBatch(1).withSamples(4))) {
                BatchRequest in = f.newRequest();
                BatchResult out = f.newResult();
                in.add(new double[f.context()], 0, new double[f.horizon()], new double[f.horizon()]);
                f.forecast(in, out);
                System.out.println("forecast " + out.mean(0, 1));
            }
        }
    }

    @Test
    void aJvmThatUsedTheModelLeavesNoNativeFolders(@TempDir Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), Child.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("forecast "), out);
        try (Stream<Path> left = Files.list(tmp)) {
            List<String> names = left.map(x -> x.getFileName().toString()).filter(n -> n.startsWith("onnxruntime"))
                    .toList();
            assertEquals(List.of(), names, "expected no ONNX Runtime folders left in the child's temp folder");
        }
    }
}
