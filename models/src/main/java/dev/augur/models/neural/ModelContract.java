package dev.augur.models.neural;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The contract of an Augur neural forecaster graph (models/training/MODEL_CARD.md), checked when a model is loaded:
 * <pre>
 *   inputs   context  float32 [B, C]     normalised context window (see {@link BatchRequest})
 *            ar       float32 [B, H, 2]  normalised AR candidate mean and standard deviation per step
 *            noise    float32 [S, H, K]  standard normal noise: [:, h, 0] is x_K, [:, h, K-k+1] is added at step k &gt; 1
 *   output   samples  float32 [B, S, H]  normalised sample paths
 *   metadata version, context (= C), horizon (= H), diffusion_steps (= K)
 * </pre>
 * B and S are dynamic (-1 in the graph); C, H, K and the 2 are fixed.
 *
 * @param context C
 * @param horizon H
 * @param diffusionSteps K
 * @param version the model's own version string (metadata {@code version})
 */
public record ModelContract(int context, int horizon, int diffusionSteps, String version) {
    public static final String CONTEXT = "context";
    public static final String AR = "ar";
    public static final String NOISE = "noise";
    public static final String SAMPLES = "samples";

    /** One graph input or output as the checker sees it: name, element type name (ORT's, e.g. FLOAT), shape. */
    public record Port(String name, String type, long[] shape) {
    }

    /**
     * Checks the graph's ports and metadata against the contract.
     *
     * @throws IllegalArgumentException naming what was expected and what was found
     */
    public static ModelContract check(Map<String, Port> inputs, Map<String, Port> outputs, Map<String, String> meta,
            String source) {
        List<String> problems = new ArrayList<>();
        names("inputs", new TreeSet<>(List.of(CONTEXT, AR, NOISE)), inputs, problems);
        names("outputs", new TreeSet<>(List.of(SAMPLES)), outputs, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
        }
        long c = port(inputs.get(CONTEXT), 2, problems) ? inputs.get(CONTEXT).shape()[1] : -1;
        long h = port(inputs.get(AR), 3, problems) ? inputs.get(AR).shape()[1] : -1;
        long k = port(inputs.get(NOISE), 3, problems) ? inputs.get(NOISE).shape()[2] : -1;
        port(outputs.get(SAMPLES), 3, problems);
        if (problems.isEmpty()) {
            dim(inputs.get(CONTEXT), 0, -1, problems);
            dim(inputs.get(AR), 0, -1, problems);
            dim(inputs.get(AR), 2, 2, problems);
            dim(inputs.get(NOISE), 0, -1, problems);
            dim(inputs.get(NOISE), 1, h, problems);
            dim(outputs.get(SAMPLES), 0, -1, problems);
            dim(outputs.get(SAMPLES), 1, -1, problems);
            dim(outputs.get(SAMPLES), 2, h, problems);
            if (c <= 0 || h <= 0 || k <= 0) {
                problems.add("expected fixed positive C, H and K but found C=" + c + ", H=" + h + ", K=" + k);
            }
            meta("context", c, meta, problems);
            meta("horizon", h, meta, problems);
            meta("diffusion_steps", k, meta, problems);
        }
        String version = meta.get("version");
        if (version == null || version.isBlank()) {
            problems.add("expected metadata 'version' but found none");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + " does not meet the neural model contract: "
                    + String.join("; ", problems));
        }
        return new ModelContract((int) c, (int) h, (int) k, version);
    }

    private static void names(String what, TreeSet<String> expected, Map<String, Port> found, List<String> problems) {
        if (!expected.equals(new TreeSet<>(found.keySet()))) {
            problems.add("expected " + what + " " + expected + " but found " + new TreeSet<>(found.keySet()));
        }
    }

    private static boolean port(Port p, int rank, List<String> problems) {
        boolean ok = true;
        if (!"FLOAT".equals(p.type())) {
            problems.add("'" + p.name() + "': expected dtype FLOAT (float32) but found " + p.type());
            ok = false;
        }
        if (p.shape().length != rank) {
            problems.add("'" + p.name() + "': expected rank " + rank + " but found shape " + Arrays.toString(p.shape()));
            ok = false;
        }
        return ok;
    }

    private static void dim(Port p, int axis, long expected, List<String> problems) {
        long found = p.shape()[axis];
        if (found != expected) {
            problems.add("'" + p.name() + "' axis " + axis + ": expected " + (expected < 0 ? "dynamic (-1)" : expected)
                    + " but found " + found + " in shape " + Arrays.toString(p.shape()));
        }
    }

    private static void meta(String key, long expected, Map<String, String> meta, List<String> problems) {
        String v = meta.get(key);
        if (v == null || !v.equals(Long.toString(expected))) {
            problems.add("metadata '" + key + "': expected " + expected + " (from the graph's shapes) but found " + v);
        }
    }
}
