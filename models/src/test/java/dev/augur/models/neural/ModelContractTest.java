package dev.augur.models.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract checker on port descriptions (the real ONNX files are checked in NeuralForecasterTest). */
class ModelContractTest {
    private static Map<String, ModelContract.Port> inputs(String ctxType, long[] ar) {
        Map<String, ModelContract.Port> m = new LinkedHashMap<>();
        m.put("context", new ModelContract.Port("context", ctxType, new long[] {-1, 216}));
        m.put("ar", new ModelContract.Port("ar", "FLOAT", ar));
        m.put("noise", new ModelContract.Port("noise", "FLOAT", new long[] {-1, 24, 16}));
        return m;
    }

    private static Map<String, ModelContract.Port> outputs() {
        return Map.of("samples", new ModelContract.Port("samples", "FLOAT", new long[] {-1, -1, 24}));
    }

    private static Map<String, String> meta() {
        Map<String, String> m = new HashMap<>(Map.of("version", "v", "context", "216", "horizon", "24",
                "diffusion_steps", "16"));
        return m;
    }

    @Test
    void acceptsTheContract() {
        ModelContract c = ModelContract.check(inputs("FLOAT", new long[] {-1, 24, 2}), outputs(), meta(), "m");
        assertEquals(new ModelContract(216, 24, 16, "v"), c);
    }

    @Test
    void wrongDtypeNamesExpectedAndFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelContract.check(
                inputs("DOUBLE", new long[] {-1, 24, 2}), outputs(), meta(), "m"));
        assertTrue(e.getMessage().contains("'context': expected dtype FLOAT (float32) but found DOUBLE"),
                e.getMessage());
    }

    @Test
    void wrongShapeNamesExpectedAndFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelContract.check(
                inputs("FLOAT", new long[] {-1, 24, 3}), outputs(), meta(), "m"));
        assertTrue(e.getMessage().contains("'ar' axis 2: expected 2 but found 3 in shape [-1, 24, 3]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelContract.check(
                inputs("FLOAT", new long[] {4, 24, 2}), outputs(), meta(), "m"));
        assertTrue(e.getMessage().contains("'ar' axis 0: expected dynamic (-1) but found 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelContract.check(
                inputs("FLOAT", new long[] {-1, 24}), outputs(), meta(), "m"));
        assertTrue(e.getMessage().contains("'ar': expected rank 3 but found shape [-1, 24]"), e.getMessage());
    }

    @Test
    void metadataMustAgreeWithShapes() {
        Map<String, String> meta = meta();
        meta.put("horizon", "12");
        meta.remove("version");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelContract.check(
                inputs("FLOAT", new long[] {-1, 24, 2}), outputs(), meta, "m"));
        assertTrue(e.getMessage().contains("metadata 'horizon': expected 24 (from the graph's shapes) but found 12"),
                e.getMessage());
        assertTrue(e.getMessage().contains("expected metadata 'version' but found none"), e.getMessage());
    }
}
