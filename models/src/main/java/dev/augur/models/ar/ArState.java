package dev.augur.models.ar;

/**
 * Everything an online AR(p) model must keep across restarts: plain data, versioned. Public fields and a no-argument
 * constructor make it a Flink POJO; arrays are primitive.
 *
 * <p>Two phases. While {@code solved} is false (warm-up) the model accumulates the weighted normal equations:
 * {@code ud} holds R = sum lambda^{t-s} x_s x_s', {@code xy} holds sum lambda^{t-s} x_s y_s, {@code ssr} holds
 * sum lambda^{t-s} y_s^2, and {@code theta} is zero. At the first step where R is well conditioned (at least p+4
 * regressions) the model solves them exactly, sets {@code solved}, and from then on {@code ud} holds the factors of
 * P = R^{-1} and {@code xy} is null. This is why RLS with lambda = 1 reproduces ordinary least squares to rounding error.
 *
 * <p>Size for order p, once solved: (p+1) + (p+1)^2 + p doubles plus 45 bytes of scalars: 98 doubles for AR(8), 853
 * bytes as Flink's POJO serializer writes it (with null flags and array lengths; {@code StateSizeTest}); during
 * warm-up p+1 more doubles.
 *
 * <p>Version history: 1 = the first layout (no warm-up phase); 2 = adds {@code solved}, {@code xy} and
 * {@code resetDiagonal}; the covariance {@code p} becomes its UD factors {@code ud}.
 */
public final class ArState {
    /** Layout version of this class; bump when fields change and add a migration. */
    public static final int CURRENT_VERSION = 2;

    public int version = CURRENT_VERSION;
    /** Autoregressive order p. */
    public int order;
    /** Coefficients [c, phi_1, ..., phi_p], length p+1; zero during warm-up. */
    public double[] theta;
    /**
     * Row-major (p+1) x (p+1): the weighted information matrix R during warm-up (full, symmetric), then the UD factors
     * of P = R^{-1} = U D U' in the layout of {@link dev.augur.models.rls.RecursiveLeastSquares} (D on the diagonal,
     * U transposed below it), positive definite by construction.
     */
    public double[] ud;
    /** Last p observations, lags[0] = y_t, lags[1] = y_{t-1}, ... (most recent first). */
    public double[] lags;
    /** Weighted cross-products sum lambda^{t-s} x_s y_s during warm-up (length p+1); null once solved. */
    public double[] xy;
    /** Observations learned. */
    public long n;
    /** Weighted residual sum of squares S once solved; weighted sum of y^2 during warm-up. */
    public double ssr;
    /** Weighted number of regressions w = sum lambda^{t-s}. */
    public double weight;
    /** True once the normal equations have been solved and {@code ud} holds the factors of P. */
    public boolean solved;
    /** Diagonal that P is reset to if its factors stop being finite and positive: trace(D)/(p+1) at the start. */
    public double resetDiagonal;
    /** Number of recoveries: P reset after losing positive definiteness, or a restart after non-finite values. */
    public int resets;

    public ArState() {
    }

    ArState(int order) {
        this.order = order;
        int m = order + 1;
        this.theta = new double[m];
        this.ud = new double[m * m];
        this.lags = new double[order];
        this.xy = new double[m];
    }

    /** A deep copy. */
    public ArState copy() {
        ArState c = new ArState();
        c.version = version;
        c.order = order;
        c.theta = theta.clone();
        c.ud = ud.clone();
        c.lags = lags.clone();
        c.xy = xy == null ? null : xy.clone();
        c.n = n;
        c.ssr = ssr;
        c.weight = weight;
        c.solved = solved;
        c.resetDiagonal = resetDiagonal;
        c.resets = resets;
        return c;
    }
}
