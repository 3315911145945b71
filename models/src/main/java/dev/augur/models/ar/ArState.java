package dev.augur.models.ar;

/**
 * Everything an online AR(p) model must keep across restarts: plain data, versioned. Public fields and a no-argument
 * constructor make it a Flink POJO; arrays are primitive.
 *
 * <p>Size for order p: (p+1) + (p+1)^2 + p doubles plus a few scalars; 98 doubles (about 0.8 KB) for AR(8).
 */
public final class ArState {
    /** Layout version of this class; bump when fields change and add a migration. */
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    /** Autoregressive order p. */
    public int order;
    /** Coefficients [c, phi_1, ..., phi_p], length p+1. */
    public double[] theta;
    /** RLS matrix P (scaled inverse information), row-major (p+1) x (p+1), symmetric positive definite. */
    public double[] p;
    /** Last p observations, lags[0] = y_{t}, lags[1] = y_{t-1}, ... (most recent first). */
    public double[] lags;
    /** Observations learned. */
    public long n;
    /** Exponentially weighted sum of squared one-step residuals (a posteriori). */
    public double ssr;
    /** Exponentially weighted count of residuals in ssr. */
    public double weight;
    /** Number of times P was found broken (non-finite or not positive) and reset. */
    public int resets;

    public ArState() {
    }

    ArState(int order, double delta) {
        this.order = order;
        int m = order + 1;
        this.theta = new double[m];
        this.p = new double[m * m];
        for (int i = 0; i < m; i++) {
            this.p[i * m + i] = delta;
        }
        this.lags = new double[order];
    }

    /** A deep copy. */
    public ArState copy() {
        ArState c = new ArState();
        c.version = version;
        c.order = order;
        c.theta = theta.clone();
        c.p = p.clone();
        c.lags = lags.clone();
        c.n = n;
        c.ssr = ssr;
        c.weight = weight;
        c.resets = resets;
        return c;
    }
}
