package dev.augur.models.var.sparse;

/**
 * Everything an online sparse VAR(p) for k series must keep across restarts: plain data, versioned (a Flink POJO of
 * primitive arrays). q = k p predictors x_t = [y_{t-1}', ..., y_{t-p}'], m = 1 + q, G penalties.
 *
 * <p>The sufficient statistics are exponentially weighted and centred (weighted Welford): w = sum lambda^{t-s},
 * means xbar, ybar, and cross-products C_xx = sum lambda^{t-s} (x - xbar)(x - xbar)', C_xy, C_yy. Centring makes the
 * unpenalised intercept exact (nu = ybar - B' xbar) and keeps the statistics accurate for series far from zero.
 *
 * <p>Size: q^2 + q k + k^2 + 2q + k (statistics) + G m k (coefficients) + G k q (gradients) + G doubles; for
 * k = 50, p = 1, G = 6: 7650 + 15300 + 15000 + 6 = 37956 doubles (about 304 KB); for k = 20, p = 1: 1260 + 2520 + 2400
 * + 6 = 6186 doubles (about 49 KB).
 */
public final class SparseVarState {
    /** Layout version of this class; bump when fields change and add a migration. */
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    /** Number of series k. */
    public int dimension;
    /** Lag order p. */
    public int order;
    /** Number of penalties G. */
    public int penaltyCount;
    /** Last p observation vectors, lags[l*k + c] = y_{t-l}[c], most recent first. */
    public double[] lags;
    /** Observation vectors learned. */
    public long n;
    /** Weighted number of regressions w. */
    public double weight;
    /** Weighted mean of the predictors, q. */
    public double[] meanX;
    /** Weighted mean of the responses, k. */
    public double[] meanY;
    /** Centred C_xx, q x q row-major, symmetric. */
    public double[] cxx;
    /** Centred C_xy, q x k row-major: cxy[j*k + i] pairs predictor j with series i. */
    public double[] cxy;
    /** Centred C_yy, k x k row-major, symmetric. */
    public double[] cyy;
    /**
     * Coefficients per penalty g, each m x k row-major in {@link dev.augur.models.var.VarState#coef}'s layout (row 0
     * the intercept, row 1 + l k + c the coefficient of y_{t-1-l}[c]) at offset g m k.
     */
    public double[] coef;
    /**
     * Gradients g = C_xy[:, i] - C_xx b of every penalty g and equation i at the current coefficients, q values each at
     * offset (g k + i) q; carried so that an update costs O(q) per equation instead of O(q nnz).
     */
    public double[] gradient;
    /** Discounted sum of standardised one-step squared errors per penalty, sum_i (y_i - yhat_i)^2 / var(y_i). */
    public double[] error;
    /** Index of the penalty that forecasts: the sparsest whose {@link #error} is within the slack of the smallest. */
    public int selected;
    /** Restarts after non-finite statistics. */
    public int resets;

    public SparseVarState() {
    }

    SparseVarState(int dimension, int order, int penaltyCount) {
        this.dimension = dimension;
        this.order = order;
        this.penaltyCount = penaltyCount;
        int q = dimension * order;
        this.lags = new double[q];
        this.meanX = new double[q];
        this.meanY = new double[dimension];
        this.cxx = new double[q * q];
        this.cxy = new double[q * dimension];
        this.cyy = new double[dimension * dimension];
        this.coef = new double[penaltyCount * (q + 1) * dimension];
        this.gradient = new double[penaltyCount * dimension * q];
        this.error = new double[penaltyCount];
    }

    /** A deep copy. */
    public SparseVarState copy() {
        SparseVarState c = new SparseVarState();
        c.version = version;
        c.dimension = dimension;
        c.order = order;
        c.penaltyCount = penaltyCount;
        c.lags = lags.clone();
        c.n = n;
        c.weight = weight;
        c.meanX = meanX.clone();
        c.meanY = meanY.clone();
        c.cxx = cxx.clone();
        c.cxy = cxy.clone();
        c.cyy = cyy.clone();
        c.coef = coef.clone();
        c.gradient = gradient.clone();
        c.error = error.clone();
        c.selected = selected;
        c.resets = resets;
        return c;
    }
}
