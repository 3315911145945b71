package dev.augur.models.neural;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Augur's autoregressive-diffusion hybrid forecaster (an ONNX graph, contract in {@link ModelContract} and
 * models/training/MODEL_CARD.md) on batches of rows: one ONNX Runtime call per batch returns S sample paths of H steps
 * per row, from which {@link BatchResult} gives per-step means and quantiles.
 *
 * <p>Usage:
 * <pre>{@code
 *   try (NeuralForecaster f = NeuralForecaster.open(NeuralSettings.defaults())) {
 *       BatchRequest in = f.newRequest();
 *       BatchResult out = f.newResult();
 *       in.add(window, window.length - f.context(), arMeans, arVariances);   // per row
 *       f.forecast(in, out);
 *       double p90 = out.quantile(0, 1, 5);                                    // row 0, step 1, level 0.9
 *   }
 * }</pre>
 *
 * <p>The noise tensor [S, H, K] is drawn once from {@link NeuralSettings#noiseSeed()} ({@link Random#nextGaussian()})
 * and shared by all rows and calls, so a row's forecast is a function of its inputs alone: the same however requests
 * are batched, and the same after a restart. Inputs, noise and outputs live in direct buffers allocated at open; a
 * call allocates only the few native tensor handles. Not thread-safe: use one instance per thread (a Flink subtask).
 */
public final class NeuralForecaster implements AutoCloseable {
    /** Classpath resource of the default model. */
    public static final String DEFAULT_MODEL = "/dev/augur/models/neural/augur-neural.onnx";
    /** Quantile levels of {@link BatchResult}, the job's defaults ({@code forecast.quantiles}). */
    public static final double[] LEVELS = {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95};

    private static final Logger LOG = LoggerFactory.getLogger(NeuralForecaster.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelContract contract;
    private final NeuralSettings settings;
    private final String sha256;
    private final String provider;
    private final FloatBuffer noiseBuffer;
    private OnnxTensor noise;
    private boolean closed;

    private NeuralForecaster(OrtEnvironment env, OrtSession session, ModelContract contract, NeuralSettings settings,
            String sha256, String provider) throws OrtException {
        this.env = env;
        this.session = session;
        this.contract = contract;
        this.settings = settings;
        this.sha256 = sha256;
        this.provider = provider;
        int s = settings.samples();
        this.noiseBuffer = BatchRequest.direct(Math.multiplyExact(s, contract.horizon() * contract.diffusionSteps()));
        Random rng = new Random(settings.noiseSeed());
        for (int i = 0; i < noiseBuffer.capacity(); i++) {
            noiseBuffer.put(i, (float) rng.nextGaussian());
        }
        this.noise = OnnxTensor.createTensor(env, noiseBuffer,
                new long[] {s, contract.horizon(), contract.diffusionSteps()});
    }

    /**
     * Loads the model, checks its contract and opens an ONNX Runtime session.
     *
     * @throws IllegalArgumentException when the model does not meet the contract (what was expected, what was found)
     * @throws UncheckedIOException when the model cannot be read
     * @throws IllegalStateException when ONNX Runtime cannot open it
     */
    public static NeuralForecaster open(NeuralSettings settings) {
        byte[] bytes;
        String source;
        try {
            if (settings.model() == null) {
                source = "classpath:" + DEFAULT_MODEL;
                try (InputStream in = NeuralForecaster.class.getResourceAsStream(DEFAULT_MODEL)) {
                    if (in == null) {
                        throw new IOException("expected the default model at " + source + " but found none");
                    }
                    bytes = in.readAllBytes();
                }
            } else {
                source = settings.model().toString();
                bytes = Files.readAllBytes(settings.model());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sha = sha256(bytes);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        NativeLibraryCleanup.afterLoad();
        OrtSession session = null;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(settings.intraOpThreads());
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String provider = "CPU";
            if (settings.cuda()) {
                provider = addCuda(opts, settings.cudaDevice());
            }
            session = env.createSession(bytes, opts);
            ModelContract contract = ModelContract.check(ports(session.getInputInfo()),
                    ports(session.getOutputInfo()), session.getMetadata().getCustomMetadata(), source);
            NeuralForecaster f = new NeuralForecaster(env, session, contract, settings, sha, provider);
            LOG.info("neural forecaster {} ({}) from {}: C={}, H={}, K={}, S={}, max batch {}, provider {}, "
                    + "{} intra-op thread(s)", f.version(), sha, source, contract.context(), contract.horizon(),
                    contract.diffusionSteps(), settings.samples(), settings.maxBatch(), provider,
                    settings.intraOpThreads());
            return f;
        } catch (OrtException e) {
            closeQuietly(session);
            throw new IllegalStateException("expected ONNX Runtime to open " + source + " but it failed: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** Adds the CUDA provider; where it cannot be added, logs why and returns "CPU" (the session then runs on CPU). */
    static String addCuda(OrtSession.SessionOptions opts, int device) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            LOG.warn("CUDA execution provider requested but this ONNX Runtime build has none (available: {}); "
                    + "running on CPU (use the 'gpu' Maven profile, onnxruntime_gpu, with CUDA 12 and cuDNN 9)",
                    OrtEnvironment.getAvailableProviders());
            return "CPU";
        }
        try {
            opts.addCUDA(device);
            return "CUDA";
        } catch (OrtException e) {
            LOG.warn("CUDA execution provider requested on device {} but could not be added ({}); running on CPU",
                    device, e.getMessage());
            return "CPU";
        }
    }

    private static Map<String, ModelContract.Port> ports(Map<String, NodeInfo> info) {
        Map<String, ModelContract.Port> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : info.entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t) {
                out.put(e.getKey(), new ModelContract.Port(e.getKey(), t.type.name(), t.getShape()));
            } else {
                out.put(e.getKey(), new ModelContract.Port(e.getKey(), e.getValue().getInfo().toString(),
                        new long[0]));
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("expected SHA-256 in every JDK but found none", e);
        }
    }

    /** A request sized for this model and {@link #maxBatch()}. */
    public BatchRequest newRequest() {
        return new BatchRequest(settings.maxBatch(), contract.context(), contract.horizon());
    }

    /** A result sized for this model, {@link #maxBatch()} and {@link #samples()}. */
    public BatchResult newResult() {
        return new BatchResult(settings.maxBatch(), settings.samples(), contract.horizon(), LEVELS);
    }

    public int maxBatch() {
        return settings.maxBatch();
    }

    /** H: steps forecast per row. */
    public int horizon() {
        return contract.horizon();
    }

    /** C: raw values per row's context window. */
    public int context() {
        return contract.context();
    }

    /** S: sample paths per row. */
    public int samples() {
        return settings.samples();
    }

    /** K: reverse-diffusion steps inside the graph. */
    public int diffusionSteps() {
        return contract.diffusionSteps();
    }

    /** The version to stamp on forecasts: the model's metadata version and the first 12 hex digits of its sha256. */
    public String version() {
        return contract.version() + "+" + sha256.substring(0, 12);
    }

    /** sha256 of the model file, hex. */
    public String sha256() {
        return sha256;
    }

    /** The execution provider the session runs on: "CUDA" or "CPU". */
    public String provider() {
        return provider;
    }

    /**
     * Replaces the noise tensor (for tests that compare with a reference computed elsewhere).
     *
     * @param values [S, H, K] row-major, S = {@link #samples()}; read, not retained
     */
    public void setNoise(float[] values) {
        checkOpen();
        if (values.length != noiseBuffer.capacity()) {
            throw new IllegalArgumentException("expected " + noiseBuffer.capacity() + " noise values [S=" + samples()
                    + ", H=" + horizon() + ", K=" + diffusionSteps() + "] but found " + values.length);
        }
        noiseBuffer.put(0, values);
    }

    /**
     * Forecasts every row of {@code in} with one ONNX Runtime call. {@code in} is not modified; {@code out} is
     * overwritten with {@code in.size()} rows.
     *
     * @throws IllegalArgumentException when {@code in} or {@code out} was made for another model or batch size
     */
    public void forecast(BatchRequest in, BatchResult out) {
        checkOpen();
        if (in.context != contract.context() || in.horizon != contract.horizon() || in.maxBatch != maxBatch()) {
            throw new IllegalArgumentException("expected a request for C=" + context() + ", H=" + horizon()
                    + ", max batch " + maxBatch() + " but found C=" + in.context + ", H=" + in.horizon
                    + ", max batch " + in.maxBatch);
        }
        if (out.samples != samples() || out.horizon != horizon() || out.maxBatch != maxBatch()) {
            throw new IllegalArgumentException("expected a result for S=" + samples() + ", H=" + horizon()
                    + ", max batch " + maxBatch() + " but found S=" + out.samples + ", H=" + out.horizon
                    + ", max batch " + out.maxBatch);
        }
        int n = in.size;
        if (n == 0) {
            out.summarise(in);
            return;
        }
        int c = context();
        int h = horizon();
        int s = samples();
        in.contextIn.clear().limit(n * c);
        in.arIn.clear().limit(n * h * 2);
        out.samplesOut.clear().limit(n * s * h);
        try (OnnxTensor ctx = OnnxTensor.createTensor(env, in.contextIn, new long[] {n, c});
                OnnxTensor ar = OnnxTensor.createTensor(env, in.arIn, new long[] {n, h, 2});
                OnnxTensor samplesT = OnnxTensor.createTensor(env, out.samplesOut, new long[] {n, s, h});
                OrtSession.Result result = session.run(
                        Map.of(ModelContract.CONTEXT, ctx, ModelContract.AR, ar, ModelContract.NOISE, noise),
                        Map.of(ModelContract.SAMPLES, samplesT))) {
            if (result.size() != 1) {
                throw new IllegalStateException("expected one output but found " + result.size());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("expected ONNX Runtime to run a batch of " + n + " rows but it failed: "
                    + e.getMessage(), e);
        } finally {
            in.contextIn.clear();
            in.arIn.clear();
            out.samplesOut.clear();
        }
        out.summarise(in);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("expected an open forecaster but found it closed");
        }
    }

    /** Closes the noise tensor and the session (idempotent). The shared ORT environment stays open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        noise.close();
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (OrtException e) {
            LOG.warn("closing the ONNX Runtime session failed: {}", e.getMessage());
        }
    }
}
