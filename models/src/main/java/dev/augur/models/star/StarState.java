package dev.augur.models.star;

/**
 * Everything an online STAR(p_1) model must keep across restarts: plain data, versioned (a Flink POJO of primitive
 * arrays). m = 1 + 2p pooled regressors theta = [c, phi_1..phi_p, psi_1..psi_p].
 *
 * <p>Warm-up and exact start as in {@link dev.augur.models.var.VarState}: while {@code solved} is false {@code ud}
 * holds R = sum over steps and sites of lambda^{t-s} x x', {@code xy} holds sum lambda^{t-s} x y and {@code ssr} holds
 * sum lambda^{t-s} y^2; then theta = R^{-1} z, S = sum y^2 - theta'z, and {@code ud} holds the UD factors of P = R^{-1}.
 *
 * <p>Size once solved: m + m^2 + p k + k^2 doubles; for k = 20, p = 2 (m = 5): 5 + 25 + 40 + 400 = 470 doubles (about
 * 3.8 KB); the k x k residual cross-products dominate for large groups (k = 50, p = 2: 2630 doubles, about 21 KB).
 */
public final class StarState {
    /** Layout version of this class; bump when fields change and add a migration. */
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    /** Number of sites k. */
    public int dimension;
    /** Temporal order p. */
    public int order;
    /** theta = [c, phi_1..phi_p, psi_1..psi_p]; zero during warm-up. */
    public double[] coef;
    /** R (warm-up) or the UD factors of P = R^{-1}, m x m. */
    public double[] ud;
    /** Last p observation vectors, lags[l*k + c] = y_{t-l}[c], most recent first. */
    public double[] lags;
    /** Warm-up cross-products sum x y, m; null once solved. */
    public double[] xy;
    /** Pooled weighted residual sum of squares S once solved; weighted sum of y^2 during warm-up. */
    public double ssr;
    /**
     * Weighted cross-products of the a posteriori residual vectors e_t = y_t - X_t theta_t (k x k), accumulated from
     * the exact start on; gives the cross-site shape of Sigma_u.
     */
    public double[] residuals;
    /** Observation vectors learned. */
    public long n;
    /** Weighted number of time steps w (each step holds k site regressions). */
    public double weight;
    /** True once the normal equations are solved. */
    public boolean solved;
    /** Diagonal P is reset to if its factors stop being finite and positive. */
    public double resetDiagonal;
    /** Number of recoveries. */
    public int resets;

    public StarState() {
    }

    StarState(int dimension, int order) {
        this.dimension = dimension;
        this.order = order;
        int m = 1 + 2 * order;
        this.coef = new double[m];
        this.ud = new double[m * m];
        this.lags = new double[order * dimension];
        this.xy = new double[m];
        this.residuals = new double[dimension * dimension];
    }

    /** A deep copy. */
    public StarState copy() {
        StarState c = new StarState();
        c.version = version;
        c.dimension = dimension;
        c.order = order;
        c.coef = coef.clone();
        c.ud = ud.clone();
        c.lags = lags.clone();
        c.xy = xy == null ? null : xy.clone();
        c.ssr = ssr;
        c.residuals = residuals.clone();
        c.n = n;
        c.weight = weight;
        c.solved = solved;
        c.resetDiagonal = resetDiagonal;
        c.resets = resets;
        return c;
    }
}
