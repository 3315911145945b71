package dev.augur.models.var;

/**
 * Everything an online VAR(p) model for k series must keep across restarts: plain data, versioned (a Flink POJO of
 * primitive arrays). m = 1 + k p regressors: x_t = [1, y_{t-1}', ..., y_{t-p}'].
 *
 * <p>Warm-up and exact start as in {@link dev.augur.models.ar.ArState}: while {@code solved} is false {@code ud}
 * holds R = sum lambda^{t-s} x x', {@code xy} holds sum lambda^{t-s} x y' and {@code ssr} holds sum lambda^{t-s} y y';
 * then B = R^{-1} Z'Y, S = Y'Y - B' Z'Y, and {@code ud} holds the UD factors of P = R^{-1} (shared by all k equations).
 *
 * <p>Size once solved: m k + m^2 + p k + k^2 doubles; for k = 7, p = 4 (m = 29): 203 + 841 + 28 + 49 = 1121 doubles
 * (about 9 KB).
 */
public final class VarState {
    /** Layout version of this class; bump when fields change and add a migration. */
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    /** Number of series k. */
    public int dimension;
    /** Lag order p. */
    public int order;
    /**
     * Coefficients B, row-major m x k: B[i][j] = coef[i*k + j] is the coefficient of regressor i in the equation of
     * series j; regressor 0 is the intercept, regressor 1 + l k + c is y_{t-1-l}[c]. Zero during warm-up. (This is
     * statsmodels' {@code VARResults.params} layout.)
     */
    public double[] coef;
    /** R (warm-up) or the UD factors of P = R^{-1}, m x m. */
    public double[] ud;
    /** Last p observation vectors, lags[l*k + c] = y_{t-l}[c], most recent first. */
    public double[] lags;
    /** Warm-up cross-products Z'Y, m x k; null once solved. */
    public double[] xy;
    /** Weighted residual cross-products S (k x k) once solved; weighted Y'Y during warm-up. */
    public double[] ssr;
    /** Observation vectors learned. */
    public long n;
    /** Weighted number of regressions w. */
    public double weight;
    /** True once the normal equations are solved. */
    public boolean solved;
    /** Diagonal P is reset to if its factors stop being finite and positive. */
    public double resetDiagonal;
    /** Number of recoveries. */
    public int resets;

    public VarState() {
    }

    VarState(int dimension, int order) {
        this.dimension = dimension;
        this.order = order;
        int m = 1 + dimension * order;
        this.coef = new double[m * dimension];
        this.ud = new double[m * m];
        this.lags = new double[order * dimension];
        this.xy = new double[m * dimension];
        this.ssr = new double[dimension * dimension];
    }

    /** A deep copy. */
    public VarState copy() {
        VarState c = new VarState();
        c.version = version;
        c.dimension = dimension;
        c.order = order;
        c.coef = coef.clone();
        c.ud = ud.clone();
        c.lags = lags.clone();
        c.xy = xy == null ? null : xy.clone();
        c.ssr = ssr.clone();
        c.n = n;
        c.weight = weight;
        c.solved = solved;
        c.resetDiagonal = resetDiagonal;
        c.resets = resets;
        return c;
    }
}
