package dev.augur.models.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * The reference written by models/training/train.py next to each exported model: synthetic raw windows and their AR
 * candidates, the normalised inputs and the noise PyTorch used, and PyTorch's samples.
 */
final class Reference {
    final int batch;
    final int samples;
    final int context;
    final int horizon;
    final int steps;
    final double[] rawWindow;
    final double[] arMean;
    final double[] arVar;
    final double[] contextIn;
    final double[] arIn;
    final double[] mu;
    final double[] sigma;
    final float[] noise;
    final double[] torchSamples;

    private Reference(JsonNode j) {
        batch = j.get("batch").asInt();
        samples = j.get("samples_per_row").asInt();
        context = j.get("context").asInt();
        horizon = j.get("horizon").asInt();
        steps = j.get("diffusion_steps").asInt();
        rawWindow = doubles(j.get("raw_window"));
        arMean = doubles(j.get("ar_mean"));
        arVar = doubles(j.get("ar_var"));
        contextIn = doubles(j.get("context_in"));
        arIn = doubles(j.get("ar_in"));
        mu = doubles(j.get("mu"));
        sigma = doubles(j.get("sigma"));
        double[] n = doubles(j.get("noise"));
        noise = new float[n.length];
        for (int i = 0; i < n.length; i++) {
            noise[i] = (float) n[i];
        }
        torchSamples = doubles(j.get("samples"));
    }

    static Reference read(InputStream in) throws IOException {
        return new Reference(new ObjectMapper().readTree(in));
    }

    private static double[] doubles(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }

    /** What comparing the Java runner with PyTorch found. */
    record Parity(double maxAbsDiffNormalised, double maxAbsDiffInputs, double maxRelDiffScale) {
    }

    /**
     * Feeds the reference rows through {@code f} (opened with S = {@link #samples}) with the reference noise; checks
     * the Java normalisation against Python's and returns the differences found.
     */
    Parity check(NeuralForecaster f) {
        assertEquals(context, f.context(), "context");
        assertEquals(horizon, f.horizon(), "horizon");
        assertEquals(steps, f.diffusionSteps(), "diffusion steps");
        assertEquals(samples, f.samples(), "samples");
        f.setNoise(noise);
        BatchRequest in = f.newRequest();
        BatchResult out = f.newResult();
        double[] window = new double[context];
        double[] m = new double[horizon];
        double[] v = new double[horizon];
        double inputDiff = 0;
        double scaleDiff = 0;
        for (int r = 0; r < batch; r++) {
            System.arraycopy(rawWindow, r * context, window, 0, context);
            System.arraycopy(arMean, r * horizon, m, 0, horizon);
            System.arraycopy(arVar, r * horizon, v, 0, horizon);
            assertEquals(r, in.add(window, 0, m, v));
            scaleDiff = Math.max(scaleDiff, Math.abs(in.mu(r) - mu[r]) / sigma[r]);
            scaleDiff = Math.max(scaleDiff, Math.abs(in.sigma(r) - sigma[r]) / sigma[r]);
            for (int j = 0; j < context; j++) {
                inputDiff = Math.max(inputDiff, Math.abs(in.contextInput(r, j) - contextIn[r * context + j]));
            }
            for (int h = 1; h <= horizon; h++) {
                for (int c = 0; c < 2; c++) {
                    inputDiff = Math.max(inputDiff,
                            Math.abs(in.arInput(r, h, c) - arIn[(r * horizon + h - 1) * 2 + c]));
                }
            }
        }
        f.forecast(in, out);
        double diff = 0;
        for (int r = 0; r < batch; r++) {
            for (int s = 0; s < samples; s++) {
                for (int h = 1; h <= horizon; h++) {
                    double t = torchSamples[(r * samples + s) * horizon + h - 1];
                    diff = Math.max(diff, Math.abs(out.rawSample(r, s, h) - t));
                    double onScale = mu[r] + sigma[r] * t;
                    assertTrue(Math.abs(out.sample(r, s, h) - onScale) <= 1e-3 * sigma[r] + 1e-9,
                            "row " + r + " sample " + s + " step " + h + ": expected " + onScale + " but found "
                                    + out.sample(r, s, h));
                }
            }
        }
        return new Parity(diff, inputDiff, scaleDiff);
    }
}
