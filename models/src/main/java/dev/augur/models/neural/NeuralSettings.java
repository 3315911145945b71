package dev.augur.models.neural;

import java.nio.file.Path;

/**
 * How a {@link NeuralForecaster} is opened.
 *
 * @param model the ONNX file, or null for the default model on the classpath ({@link NeuralForecaster#DEFAULT_MODEL})
 * @param maxBatch rows per call, in [1, 65536]; buffers for this many rows are allocated once
 * @param samples sample paths per row S, in [2, 100000]
 * @param noiseSeed seed of the fixed noise tensor [S, H, K] shared by every row and call, so a row's forecast depends
 *     only on its own inputs (not on the batch it landed in, nor on earlier calls)
 * @param cuda try the CUDA execution provider first (falls back to CPU, logged, where it cannot be added)
 * @param cudaDevice CUDA device id, &gt;= 0
 * @param intraOpThreads ONNX Runtime intra-op threads per session, in [0, 256] (0 = ORT's default: one per core);
 *     1 was fastest for this model on a 2-core machine (MODEL_CARD.md)
 */
public record NeuralSettings(Path model, int maxBatch, int samples, long noiseSeed, boolean cuda, int cudaDevice,
        int intraOpThreads) {

    public NeuralSettings {
        check("maxBatch", maxBatch, 1, 65_536);
        check("samples", samples, 2, 100_000);
        check("cudaDevice", cudaDevice, 0, 1_024);
        check("intraOpThreads", intraOpThreads, 0, 256);
    }

    /** The default model, batches of up to 256 rows, 100 samples, seed 1, CPU, 1 intra-op thread. */
    public static NeuralSettings defaults() {
        return new NeuralSettings(null, 256, 100, 1L, false, 0, 1);
    }

    public NeuralSettings withModel(Path p) {
        return new NeuralSettings(p, maxBatch, samples, noiseSeed, cuda, cudaDevice, intraOpThreads);
    }

    public NeuralSettings withMaxBatch(int n) {
        return new NeuralSettings(model, n, samples, noiseSeed, cuda, cudaDevice, intraOpThreads);
    }

    public NeuralSettings withSamples(int s) {
        return new NeuralSettings(model, maxBatch, s, noiseSeed, cuda, cudaDevice, intraOpThreads);
    }

    public NeuralSettings withNoiseSeed(long seed) {
        return new NeuralSettings(model, maxBatch, samples, seed, cuda, cudaDevice, intraOpThreads);
    }

    public NeuralSettings withCuda(boolean on, int device) {
        return new NeuralSettings(model, maxBatch, samples, noiseSeed, on, device, intraOpThreads);
    }

    public NeuralSettings withIntraOpThreads(int n) {
        return new NeuralSettings(model, maxBatch, samples, noiseSeed, cuda, cudaDevice, n);
    }

    private static void check(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "] but was " + v);
        }
    }
}
