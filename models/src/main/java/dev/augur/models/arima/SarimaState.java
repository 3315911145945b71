package dev.augur.models.arima;

/**
 * Everything an online seasonal ARIMA model keeps across restarts: plain, versioned data (a Flink POJO of primitive
 * arrays). The layout depends on the season length, which may be detected per series; until it is known
 * ({@code period == -1}) only {@code buffer} is used, and once it is known the buffer is replayed and dropped.
 *
 * <p>Regression arrays follow {@link dev.augur.models.ar.ArState}: warm-up normal equations in {@code ud}/{@code xy},
 * then UD factors of P. With m = 1 + |AR lags| + |MA lags| and L = d + D s: size m + m^2 + L + max AR lag + max MA lag
 * doubles; ARIMA(2,1,0)(1,1,0)_12 is m = 4, L = 13: 4 + 16 + 13 + 12 = 45 doubles.
 */
public final class SarimaState {
    /** Layout version of this class; bump when fields change and add a migration. */
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    /** Season length in use: -1 while detecting, 0 for none (seasonal terms dropped), else s. */
    public int period = -1;
    /** Observations held for period detection; null once the period is known. */
    public double[] buffer;
    /** Coefficients [c, AR lags..., MA lags...]; zero during warm-up. */
    public double[] theta;
    /** Warm-up information matrix R, then UD factors of P (m x m). */
    public double[] ud;
    /** Warm-up cross-products; null once solved. */
    public double[] xy;
    /** Last L raw observations, most recent first (for differencing and its undoing). */
    public double[] raw;
    /** Last differenced values w, most recent first (length = largest AR lag, at least 1). */
    public double[] diff;
    /** Last residuals, most recent first (length = largest MA lag). */
    public double[] resid;
    /** Raw observations learned. */
    public long n;
    /** Differenced values produced (n - L once n >= L). */
    public long differenced;
    /** Weighted residual sum of squares (weighted sum of w^2 during warm-up). */
    public double ssr;
    /** Weighted number of regressions. */
    public double weight;
    /** Sum of the differenced values seen during warm-up (their mean stands in for residuals until solved). */
    public double diffSum;
    /** True once the normal equations are solved. */
    public boolean solved;
    /** Diagonal P is reset to if its factors stop being finite and positive. */
    public double resetDiagonal;
    /** Number of recoveries. */
    public int resets;

    public SarimaState() {
    }

    /** A deep copy. */
    public SarimaState copy() {
        SarimaState c = new SarimaState();
        c.version = version;
        c.period = period;
        c.buffer = buffer == null ? null : buffer.clone();
        c.theta = theta == null ? null : theta.clone();
        c.ud = ud == null ? null : ud.clone();
        c.xy = xy == null ? null : xy.clone();
        c.raw = raw == null ? null : raw.clone();
        c.diff = diff == null ? null : diff.clone();
        c.resid = resid == null ? null : resid.clone();
        c.n = n;
        c.differenced = differenced;
        c.ssr = ssr;
        c.weight = weight;
        c.diffSum = diffSum;
        c.solved = solved;
        c.resetDiagonal = resetDiagonal;
        c.resets = resets;
        return c;
    }
}
