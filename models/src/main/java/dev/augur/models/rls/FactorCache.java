package dev.augur.models.rls;

/**
 * Values derived from one state that a model object computed in one call and can reuse in the next: trace(D) (the
 * wind-up check of the next RLS step, computed by the health check that ends the previous one), f = U'x for the next
 * regressor (computed by the Bayesian forecast or by the step that made the factors; the first half of the next RLS
 * step) and the one-step forecast means (computed by the step as it writes the new coefficients). Reusing them gives
 * the same numbers to the bit, because they are the same sums over the same arrays in the same order.
 *
 * <p>Lives in the model object, not in the state, so the state's layout (and its savepoints) is unchanged. One model
 * object serves many keys (the operators keep one per subtask), so every entry is tied to the state it was computed
 * from: the state object itself, its observation count and recovery count, and its {@code ud} and {@code lags} arrays.
 * Every learn step changes the count and every recovery the recovery count, so another key's state, a copy, a
 * restored state or the same state after a step never matches. What it cannot see is code writing into a state's
 * {@code ud}, {@code lags} or coefficient arrays directly between a forecast and the next learn, bypassing the model:
 * such code must work on a copy of the state (a different object never matches). Nothing in this project does it.
 *
 * <p>Not thread-safe, like the models that hold it.
 */
public final class FactorCache {
    private final double[] transform;
    private final double[] means;
    private Object state;
    private long observations;
    private int resets;
    private double[] ud;
    private double[] lags;
    private boolean hasTrace;
    private double trace;
    private boolean hasTransform;
    private double quadratic;
    private boolean hasMeans;

    /** @param m number of regressors (length of U'x); room for one mean */
    public FactorCache(int m) {
        this(m, 1);
    }

    /**
     * @param m number of regressors (length of U'x)
     * @param outputs number of one-step means (series)
     */
    public FactorCache(int m, int outputs) {
        this.transform = new double[m];
        this.means = new double[outputs];
    }

    /** True if the entries describe {@code state} as it is now (same object, count, recoveries and arrays). */
    public boolean describes(Object state, long observations, int resets, double[] ud, double[] lags) {
        return this.state == state && this.observations == observations && this.resets == resets && this.ud == ud
                && this.lags == lags;
    }

    /** Ties the cache to {@code state} as it is now, dropping every entry unless it already described it. */
    public void bind(Object state, long observations, int resets, double[] ud, double[] lags) {
        if (!describes(state, observations, resets, ud, lags)) {
            this.state = state;
            this.observations = observations;
            this.resets = resets;
            this.ud = ud;
            this.lags = lags;
            hasTrace = false;
            hasTransform = false;
            hasMeans = false;
        }
    }

    /** Drops everything (call before changing the bound state). */
    public void clear() {
        state = null;
        ud = null;
        lags = null;
        hasTrace = false;
        hasTransform = false;
        hasMeans = false;
    }

    /** True if {@link #trace()} holds trace(D) of the bound state's factors. */
    public boolean hasTrace() {
        return hasTrace;
    }

    public double trace() {
        return trace;
    }

    public void setTrace(double trace) {
        this.trace = trace;
        hasTrace = true;
    }

    /** True if {@link #transform()} holds U'x of the bound state for its next regressor x. */
    public boolean hasTransform() {
        return hasTransform;
    }

    /** Scratch for U'x, length m; holds a valid value only while {@link #hasTransform()}. */
    public double[] transform() {
        return transform;
    }

    /**
     * Marks {@link #transform()} as holding f = U'x of the bound state for its next regressor x.
     *
     * @param quadratic x'Px = sum_j d_j f_j^2, summed as {@link RecursiveLeastSquares#quadraticForm} sums it
     */
    public void transformWritten(double quadratic) {
        this.quadratic = quadratic;
        hasTransform = true;
    }

    /** x'Px for the next regressor, valid while {@link #hasTransform()}. */
    public double quadratic() {
        return quadratic;
    }

    /** True if {@link #means()} holds the one-step forecast means of the bound state. */
    public boolean hasMeans() {
        return hasMeans;
    }

    /** Scratch for the one-step means, one per output; holds valid values only while {@link #hasMeans()}. */
    public double[] means() {
        return means;
    }

    /** Marks {@link #means()} as holding the bound state's one-step forecast means. */
    public void meansWritten() {
        hasMeans = true;
    }
}
