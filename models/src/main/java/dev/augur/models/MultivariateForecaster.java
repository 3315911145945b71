package dev.augur.models;

/**
 * The online forecasting contract for a group of k series observed together (a vector y_t in R^k), the multivariate
 * counterpart of {@link OnlineForecaster}: forecast first, then learn; configuration and scratch space in the
 * forecaster, everything that survives a restart in a plain, versioned state object {@code S}.
 *
 * <p>Rules every implementation follows (checked by one contract test suite): {@link #learn} rejects a vector of the
 * wrong length or with a non-finite component with {@link IllegalArgumentException} and leaves the state untouched;
 * {@link #forecast} never modifies the state; a {@link #copy} forecasts exactly as the original. Not thread-safe.
 *
 * @param <S> the state type
 */
public interface MultivariateForecaster<S> {

    /** Model name as stamped on forecasts, e.g. {@code var-rls}. */
    String name();

    /** Model version as stamped on forecasts. */
    String version();

    /** Number of series k. */
    int dimension();

    /** A fresh state for a group that has seen nothing yet. */
    S newState();

    /** A deep copy of {@code state}. */
    S copy(S state);

    /**
     * Learns one observation vector that follows the previous one by exactly one step.
     *
     * @param state modified in place
     * @param y length k, read only; every component must be finite
     * @throws IllegalArgumentException if {@code y} has the wrong length or a non-finite component; {@code state} is
     *     then unchanged
     */
    void learn(S state, double[] y);

    /**
     * Fills {@code out} with the joint predictive distribution for steps 1..{@code out.horizon()}. Does not modify
     * {@code state}.
     *
     * @param state read only
     * @param out overwritten; its dimension must be k
     */
    void forecast(S state, MultivariatePredictive out);

    /** Number of observation vectors learned so far. */
    long observations(S state);

    /** True while the model has seen too few observations for its forecasts to be trusted. */
    boolean warmingUp(S state);
}
