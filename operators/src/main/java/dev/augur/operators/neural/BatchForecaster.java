package dev.augur.operators.neural;

/**
 * What the neural stage needs of a model runner: one call forecasts a batch of rows. Row i has a context window
 * {@code context[i]} (length {@link #context()}, oldest first, raw values) and the AR forecast of the same origin
 * ({@code arMeans[i]}, {@code arVariances[i]}, length {@link #horizon()}); the call writes the model's predictive mean
 * and variance per step into {@code means[i]} and {@code variances[i]} (length {@link #horizon()}). Only rows
 * {@code 0..rows-1} are read or written. Not thread-safe: the stage calls it from one thread.
 */
public interface BatchForecaster extends AutoCloseable {
    /** Model name stamped on candidates, e.g. {@code neural-diffusion}. */
    String name();

    /** Model version stamped on candidates and forecasts. */
    String version();

    int context();

    int horizon();

    /** Most rows one call accepts. */
    int maxBatch();

    void forecast(int rows, double[][] context, double[][] arMeans, double[][] arVariances, double[][] means,
            double[][] variances) throws Exception;
}
