package dev.augur.models.neural;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The speed measurement of models/training/bench_speed.sh (not part of the test suite):
 * <ol>
 *   <li>sample paths per second of the full sampler graph through {@link NeuralForecaster} (B rows x S samples per
 *       call, including normalisation and quantiles), for 1 and 2 intra-op threads;
 *   <li>the epsilon-network alone (denoiser.onnx, one reverse step on N rows) against a plain ONNX MatMul graph
 *       [N, W] x [W, 2W] (matmul.onnx), both with 1 intra-op thread. Both are counted by the multiply-adds of their
 *       matrix products: denoiser 2 N (2 W^2 + 2 W) (two W x W layers, the output layer and the rank-1 input),
 *       MatMul 2 N W (2W) = 4 N W^2; the ratio of achieved FLOP/s is the efficiency of the denoiser's call compared
 *       with the best case of one large product of the same size.
 * </ol>
 * Usage: {@code NeuralSpeed <dir with model.onnx, denoiser.onnx, matmul.onnx> [batch 64] [samples 100] [seconds 10]
 * [sampler|denoiser|all]}.
 */
public final class NeuralSpeed {
    private NeuralSpeed() {
    }

    public static void main(String[] args) throws OrtException {
        Path dir = Path.of(args[0]);
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        String part = args.length > 4 ? args[4] : "all";
        for (int threads : part.equals("denoiser") ? new int[0] : part.equals("sampler") ? new int[] {1}
                : new int[] {1, 2}) {
            double[] rate = sampler(dir.resolve("model.onnx"), batch, samples, threads, seconds);
            System.out.printf(Locale.ROOT, "ORT Java sampler: batch %d x %d samples, %d intra-op thread(s): "
                    + "%.1f sample paths/s, CPU time %.1f (best call %.1f) paths/cpu-s%n", batch, samples, threads,
                    rate[0], rate[1], rate[2]);
        }
        int width = 64;
        for (int rows : part.equals("sampler") ? new int[0] : new int[] {256, 256 * samples}) {
            double[] den = flops(dir.resolve("denoiser.onnx"), rows, width, true, seconds);
            double[] mm = flops(dir.resolve("matmul.onnx"), rows, width, false, seconds);
            System.out.printf(Locale.ROOT, "rows %d: denoiser %.2f GFLOP/s, MatMul [%d,%d]x[%d,%d] %.2f GFLOP/s, "
                    + "ratio %.2f; per CPU second: %.2f and %.2f, ratio %.2f%n", rows, den[0] / 1e9, rows, width,
                    width, 2 * width, mm[0] / 1e9, den[0] / mm[0], den[1] / 1e9, mm[1] / 1e9, den[1] / mm[1]);
        }
    }

    /**
     * Returns {wall-clock paths/s, paths per second of the calling thread's CPU time, the best single call's paths per
     * CPU second}. With one intra-op thread ONNX Runtime computes on the calling thread, so its CPU time is the whole
     * cost and is less disturbed than wall time by other processes on a shared machine; with more threads only the
     * wall-clock rate is meaningful.
     */
    static double[] sampler(Path model, int batch, int samples, int threads, double seconds) {
        try (NeuralForecaster f = NeuralForecaster.open(NeuralSettings.defaults().withModel(model)
                .withMaxBatch(batch).withSamples(samples).withIntraOpThreads(threads))) {
            BatchRequest in = f.newRequest();
            BatchResult out = f.newResult();
            Random rng = new Random(5);
            double[] w = new double[f.context()];
            double[] m = new double[f.horizon()];
            double[] v = new double[f.horizon()];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < w.length; j++) {
                    w[j] = 10 + Math.sin(2 * Math.PI * j / 24) + 0.3 * rng.nextGaussian();
                }
                for (int h = 0; h < m.length; h++) {
                    m[h] = w[w.length - 24 + h];
                    v[h] = 0.1 * (h + 1);
                }
                in.add(w, 0, m, v);
            }
            f.forecast(in, out);   // warm-up
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            long calls = 0;
            double best = 0;
            long t0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            while (System.nanoTime() - t0 < seconds * 1e9 || calls < 2) {
                long c1 = cpu.getCurrentThreadCpuTime();
                f.forecast(in, out);
                best = Math.max(best, batch * (double) samples / ((cpu.getCurrentThreadCpuTime() - c1) / 1e9));
                calls++;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double c = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            double paths = calls * (double) batch * samples;
            return new double[] {paths / s, paths / c, best};
        }
    }

    /** Returns {FLOP per wall-clock second, FLOP per second of the calling thread's CPU time} (one intra-op thread). */
    static double[] flops(Path model, int rows, int width, boolean denoiser, double seconds) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        NativeLibraryCleanup.afterLoad();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession s = env.createSession(model.toString(), o)) {
                Random rng = new Random(1);
                FloatBuffer a = BatchRequest.direct(rows * width);
                for (int i = 0; i < rows * width; i++) {
                    a.put(i, (float) rng.nextGaussian());
                }
                FloatBuffer x = BatchRequest.direct(rows);
                for (int i = 0; i < rows; i++) {
                    x.put(i, (float) rng.nextGaussian());
                }
                try (OnnxTensor ta = OnnxTensor.createTensor(env, a, new long[] {rows, width});
                        OnnxTensor tx = OnnxTensor.createTensor(env, x, new long[] {rows})) {
                    Map<String, OnnxTensor> in = denoiser ? Map.of("x", tx, "cproj", ta) : Map.of("a", ta);
                    s.run(in).close();
                    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
                    long calls = 0;
                    long t0 = System.nanoTime();
                    long c0 = cpu.getCurrentThreadCpuTime();
                    while (System.nanoTime() - t0 < seconds * 1e9 / 2 || calls < 5) {
                        s.run(in).close();
                        calls++;
                    }
                    double sec = (System.nanoTime() - t0) / 1e9;
                    double cpuSec = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
                    double perCall = denoiser ? 2.0 * rows * (2.0 * width * width + 2.0 * width)
                            : 4.0 * rows * width * width;
                    return new double[] {calls * perCall / sec, calls * perCall / cpuSec};
                }
            }
        }
    }
}
