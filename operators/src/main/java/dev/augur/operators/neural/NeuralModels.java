package dev.augur.operators.neural;

import dev.augur.models.neural.BatchRequest;
import dev.augur.models.neural.BatchResult;
import dev.augur.models.neural.NeuralForecaster;
import dev.augur.models.neural.NeuralSettings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the neural forecaster named by {@code neural.model} ({@code bundled} or an ONNX file) for the job, as a
 * {@link BatchForecaster}: rows in, per-step predictive mean and variance out. The mean is the sample mean of the
 * model's S paths and the variance their unbiased sample variance, sum_s (x_s - mean)^2 / (S - 1); the combine stage
 * pools the candidate as a Normal with these moments.
 */
public final class NeuralModels {
    /** Name of the neural candidate in the ensemble. */
    public static final String NAME = "neural-diffusion";

    private NeuralModels() {
    }

    /** What the job needs to know of a model before it runs: context C, horizon H, version. */
    public record Description(String name, String version, int context, int horizon) {
    }

    /**
     * Opens the model once to read its contract (the job's client does this when it builds the pipeline).
     *
     * @throws IllegalArgumentException when the model cannot be opened, breaks the contract, or has a horizon
     *     shorter than {@code forecast.horizon}
     */
    public static Description describe(String spec, int jobHorizon) {
        try (NeuralForecaster f = NeuralForecaster.open(settings(spec, false, 1))) {
            if (f.horizon() < jobHorizon) {
                throw new IllegalArgumentException("forecast.horizon must be at most the neural model's horizon "
                        + f.horizon() + " (neural.model " + spec + ") but was " + jobHorizon);
            }
            return new Description(NAME, f.version(), f.context(), f.horizon());
        }
    }

    /** Opens the model for batches of up to {@code maxBatch} rows of {@code samples} sample paths each. */
    public static BatchForecaster open(String spec, boolean cuda, int maxBatch, int samples) {
        return new Adapter(NeuralForecaster.open(settings(spec, cuda, maxBatch).withSamples(samples)));
    }

    static NeuralSettings settings(String spec, boolean cuda, int maxBatch) {
        NeuralSettings s = NeuralSettings.defaults().withMaxBatch(maxBatch).withCuda(cuda, 0);
        if ("bundled".equals(spec)) {
            return s;
        }
        Path p = Path.of(spec);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("neural.model must be 'bundled' or an existing ONNX file but found '"
                    + spec + "'");
        }
        return s.withModel(p);
    }

    /** The runner behind the job's interface; rows the runner refuses (non-finite input) get NaN forecasts. */
    static final class Adapter implements BatchForecaster {
        private final NeuralForecaster f;
        private final BatchRequest in;
        private final BatchResult out;
        private final int[] rowOf;

        Adapter(NeuralForecaster f) {
            this.f = f;
            this.in = f.newRequest();
            this.out = f.newResult();
            this.rowOf = new int[f.maxBatch()];
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String version() {
            return f.version();
        }

        @Override
        public int context() {
            return f.context();
        }

        @Override
        public int horizon() {
            return f.horizon();
        }

        @Override
        public int maxBatch() {
            return f.maxBatch();
        }

        @Override
        public void forecast(int rows, double[][] context, double[][] arMeans, double[][] arVariances,
                double[][] means, double[][] variances) {
            in.clear();
            for (int i = 0; i < rows; i++) {
                try {
                    rowOf[i] = in.add(context[i], 0, arMeans[i], arVariances[i]);
                } catch (IllegalArgumentException e) {
                    rowOf[i] = -1;
                }
            }
            if (in.size() > 0) {
                f.forecast(in, out);
            }
            int h = f.horizon();
            int s = out.samples();
            for (int i = 0; i < rows; i++) {
                int r = rowOf[i];
                for (int step = 1; step <= h; step++) {
                    if (r < 0) {
                        means[i][step - 1] = Double.NaN;
                        variances[i][step - 1] = Double.NaN;
                        continue;
                    }
                    double m = out.mean(r, step);
                    double ss = 0;
                    for (int j = 0; j < s; j++) {
                        double d = out.sample(r, j, step) - m;
                        ss += d * d;
                    }
                    means[i][step - 1] = m;
                    variances[i][step - 1] = ss / (s - 1);
                }
            }
        }

        @Override
        public void close() {
            f.close();
        }
    }
}
