package dev.augur.models;

/**
 * The online forecasting contract, in the spirit of River's {@code learn_one}/{@code forecast}: forecast first, then
 * learn. The forecaster object holds configuration and preallocated scratch space only; everything that must survive a
 * restart lives in a plain, versioned state object {@code S} (primitive arrays and numbers) that the caller stores.
 *
 * <p>Rules every implementation follows (checked by one contract test suite):
 * <ul>
 *   <li>{@link #learn} rejects a non-finite value with {@link IllegalArgumentException} and leaves the state untouched;
 *   <li>{@link #forecast} never modifies the state;
 *   <li>a {@link #copy} of a state forecasts exactly as the original.
 * </ul>
 * A forecaster instance is not thread-safe (it owns scratch space); use one per thread or per operator subtask.
 *
 * @param <S> the state type
 */
public interface OnlineForecaster<S> {

    /** Model name as stamped on forecasts, e.g. {@code ar-rls}. */
    String name();

    /** Model version as stamped on forecasts. */
    String version();

    /** A fresh state for a series that has seen nothing yet. */
    S newState();

    /** A deep copy of {@code state}. */
    S copy(S state);

    /**
     * Learns one observation that follows the previous one by exactly one step.
     *
     * @param state modified in place
     * @param y the observation; must be finite
     * @throws IllegalArgumentException if {@code y} is NaN or infinite; {@code state} is then unchanged
     */
    void learn(S state, double y);

    /**
     * Fills {@code out} with the predictive distribution for steps 1..{@code out.horizon()} after the last learned
     * observation. Does not modify {@code state}.
     *
     * @param state read only
     * @param out overwritten
     */
    void forecast(S state, Predictive out);

    /** Number of observations learned so far. */
    long observations(S state);

    /** True while the model has seen too few observations for its forecasts to be trusted. */
    boolean warmingUp(S state);
}
