package dev.augur.models.var.sparse;

import dev.augur.models.MultivariateForecaster;
import dev.augur.models.MultivariatePredictive;
import dev.augur.models.var.VarForecast;
import java.util.Arrays;

/**
 * Online sparse VAR(p) with intercept for k series (k up to 64; meant for groups too large for {@link
 * dev.augur.models.var.RlsVar}): y_t = nu + A_1 y_{t-1} + ... + A_p y_{t-p} + u_t, each equation fitted by the lasso on
 * exponentially weighted sufficient statistics, the penalty chosen online.
 *
 * <p><b>Estimation.</b> With x_t = [y_{t-1}', ..., y_{t-p}'] (q = k p) the state keeps the centred weighted
 * statistics C_xx = sum lambda^{t-s} (x_s - xbar)(x_s - xbar)', C_xy, C_yy and the means (see {@link SparseVarState}).
 * For every penalty alpha_g of the grid and every equation i the coefficients solve
 * min_b 1/2 b' C_xx b - b' C_xy[:, i] + alpha_g sd(y_i) sum_j sd(x_j) |b_j| (the lasso on standardised variables,
 * intercept unpenalised: nu_i = ybar_i - b' xbar), by cyclic coordinate descent warm-started from the previous step's
 * solution ({@link LassoCoordinateDescent}; Friedman, Hastie and Tibshirani 2010). With alpha = 0 and lambda = 1 this
 * is OLS, i.e. statsmodels {@code VAR(y).fit(p, trend='c')}, to the descent tolerance.
 *
 * <p><b>Penalty choice.</b> Forecast, then learn: before each update every grid point predicts y_t from its current
 * coefficients, and its discounted score E_g <- mu E_g + sum_i min((y_i - yhat_gi)^2 / var(y_i), 1e6) grows by the
 * standardised squared error (the cap keeps a level shift from overflowing all scores at once). The grid point with
 * the smallest score forecasts, or the sparsest one within a factor 1 + slack of it
 * ({@link SparseVarConfig#selectionSlack()}).
 *
 * <p><b>Forecasts</b> are those of the VAR with the selected coefficients ({@link VarForecast}; Luetkepohl 2005,
 * section 2.2.2) with Sigma_u from the in-sample residual cross-products of the selected fit,
 * S = C_yy - B'C_xy - C_xy'B + B'C_xx B, scaled as Sigma_u[a][b] = S[a][b] / sqrt((w - df_a)(w - df_b)) with df_i = 1
 * plus the number of nonzero coefficients of equation i (the lasso's degrees of freedom, Zou, Hastie and Tibshirani
 * 2007); for a dense fit this is statsmodels' S / (w - m). Normal, no parameter uncertainty.
 *
 * <p><b>Cost per update</b> (q = k p, G penalties, c sweeps): O(q^2 + q k) for the statistics; the gradients
 * g = C_xy[:, i] - C_xx b of every penalty and equation are carried in the state and follow the rank-one change of
 * the statistics exactly, g <- lambda g + f dx (dy_i - dx' b), in O(q) each (recomputed every 1024 observations to
 * bound rounding drift); each sweep is O(q) per equation plus O(q) per coefficient that moves by more than the
 * tolerance. In all about q^2 + G k q (2 + c) multiply-adds plus the moves; see models/README.md for measured times at
 * k = 50. A forecast costs O(q^2 k) for Sigma_u plus O(h p k^3) for the MSE recursion.
 * Allocation free after construction; not thread-safe.
 */
public final class SparseVar implements MultivariateForecaster<SparseVarState> {
    public static final String NAME = "var-lasso";
    public static final String VERSION = "1";

    /** Regressions after which the penalty choice and the forecasts are trusted. */
    static final int WARM_UP_REGRESSIONS = 50;
    /** Cap of one standardised squared error in the selection score. */
    static final double ERROR_CAP = 1e6;
    /** Variance below this fraction of the squared mean is rounding noise of the centred statistics. */
    static final double RELATIVE_VARIANCE_FLOOR = 1e-24;
    /** Every this many observations the carried gradients are recomputed, bounding their rounding drift. */
    static final int GRADIENT_REFRESH = 1024;

    private final SparseVarConfig config;
    private final int k;
    private final int order;
    private final int q;
    private final int m;
    private final int grid;
    private final double lambda;
    private final double mu;
    private final double[] penalties;
    private final double[] x;
    private final double[] dx;
    private final double[] dy;
    private final double[] sd;
    private final double[] b;
    private final double[] g;
    private final double[] varY;
    private final double[] cb;
    private final double[] sigma;
    private final double[] dof;
    private final VarForecast recursion;

    public SparseVar(SparseVarConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("expected a SparseVarConfig but found null");
        }
        this.config = config;
        this.k = config.dimension();
        this.order = config.order();
        this.q = config.predictors();
        this.m = q + 1;
        this.penalties = config.penalties();
        this.grid = penalties.length;
        this.lambda = config.forgetting();
        this.mu = config.selectionForgetting();
        this.x = new double[q];
        this.dx = new double[q];
        this.dy = new double[k];
        this.sd = new double[q];
        this.b = new double[q];
        this.g = new double[q];
        this.varY = new double[k];
        this.cb = new double[q * k];
        this.sigma = new double[k * k];
        this.dof = new double[k];
        this.recursion = new VarForecast(k, order);
    }

    public SparseVarConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public int dimension() {
        return k;
    }

    @Override
    public SparseVarState newState() {
        return new SparseVarState(k, order, grid);
    }

    @Override
    public SparseVarState copy(SparseVarState state) {
        return state.copy();
    }

    @Override
    public long observations(SparseVarState state) {
        return state.n;
    }

    /** True until p + 50 observations are in (50 regressions whose errors have been compared across penalties). */
    @Override
    public boolean warmingUp(SparseVarState state) {
        return state.n < order + WARM_UP_REGRESSIONS;
    }

    /** The penalty (correlation scale) whose coefficients currently forecast. */
    public double selectedPenalty(SparseVarState state) {
        checkShape(state);
        return penalties[state.selected];
    }

    /**
     * Copies the selected coefficients B (m x k, {@link dev.augur.models.var.VarState#coef}'s layout) into
     * {@code out}.
     *
     * @param state read only
     * @param out length >= m k, overwritten
     */
    public void coefficients(SparseVarState state, double[] out) {
        checkShape(state);
        System.arraycopy(state.coef, state.selected * m * k, out, 0, m * k);
    }

    @Override
    public void learn(SparseVarState s, double[] y) {
        if (y == null || y.length != k) {
            throw new IllegalArgumentException("expected an observation vector of length " + k + " but found "
                    + (y == null ? "null" : "length " + y.length));
        }
        for (int j = 0; j < k; j++) {
            if (!Double.isFinite(y[j])) {
                throw new IllegalArgumentException("expected finite observations but component " + j + " is " + y[j]);
            }
        }
        checkShape(s);
        if (s.n >= order) {
            System.arraycopy(s.lags, 0, x, 0, q);
            if (s.n > order) {
                score(s, y);
            }
            if (accumulate(s, y)) {
                fit(s);
            } else {
                restart(s);
            }
        }
        System.arraycopy(s.lags, 0, s.lags, k, (order - 1) * k);
        System.arraycopy(y, 0, s.lags, 0, k);
        s.n++;
    }

    /** Forecast-then-learn: adds each penalty's standardised one-step squared error and re-selects. */
    private void score(SparseVarState s, double[] y) {
        double w = s.weight;
        for (int i = 0; i < k; i++) {
            varY[i] = Math.max(s.cyy[i * k + i] / w, floor(s.meanY[i]));
        }
        double best = Double.POSITIVE_INFINITY;
        for (int gi = 0; gi < grid; gi++) {
            int off = gi * m * k;
            double e = 0;
            for (int i = 0; i < k; i++) {
                double pred = s.coef[off + i];
                for (int j = 0; j < q; j++) {
                    pred += s.coef[off + (1 + j) * k + i] * x[j];
                }
                double r = y[i] - pred;
                e += Math.min(r * r / varY[i], ERROR_CAP);
            }
            double v = mu * s.error[gi] + e;
            s.error[gi] = v;
            best = Math.min(best, v);
        }
        double bound = best * (1 + config.selectionSlack());
        int chosen = 0;
        while (!(s.error[chosen] <= bound) && chosen < grid - 1) {
            chosen++;
        }
        s.selected = chosen;
    }

    /** Weighted Welford step of the centred statistics; false if they stopped being finite. */
    private boolean accumulate(SparseVarState s, double[] y) {
        double wNew = lambda * s.weight + 1;
        double f = lambda * s.weight / wNew;
        double[] mx = s.meanX;
        double[] my = s.meanY;
        for (int j = 0; j < q; j++) {
            dx[j] = x[j] - mx[j];
        }
        for (int i = 0; i < k; i++) {
            dy[i] = y[i] - my[i];
        }
        double check = 0;
        double[] cxx = s.cxx;
        for (int a = 0; a < q; a++) {
            double fa = f * dx[a];
            int row = a * q;
            for (int c = a; c < q; c++) {
                double v = lambda * cxx[row + c] + fa * dx[c];
                cxx[row + c] = v;
                cxx[c * q + a] = v;
            }
            check += cxx[row + a];
            int xyRow = a * k;
            for (int i = 0; i < k; i++) {
                s.cxy[xyRow + i] = lambda * s.cxy[xyRow + i] + fa * dy[i];
                check += s.cxy[xyRow + i];
            }
        }
        for (int a = 0; a < k; a++) {
            double fa = f * dy[a];
            int row = a * k;
            for (int c = a; c < k; c++) {
                double v = lambda * s.cyy[row + c] + fa * dy[c];
                s.cyy[row + c] = v;
                s.cyy[c * k + a] = v;
            }
            check += s.cyy[row + a];
        }
        // g = c - C b moves with the statistics: g <- lambda g + f dx (dy_i - dx' b), O(q) per equation
        for (int gi = 0; gi < grid; gi++) {
            int off = gi * m * k;
            for (int i = 0; i < k; i++) {
                double r = dy[i];
                for (int j = 0; j < q; j++) {
                    r -= dx[j] * s.coef[off + (1 + j) * k + i];
                }
                double fr = f * r;
                int gOff = (gi * k + i) * q;
                for (int j = 0; j < q; j++) {
                    s.gradient[gOff + j] = lambda * s.gradient[gOff + j] + fr * dx[j];
                }
            }
        }
        double inv = 1.0 / wNew;
        for (int j = 0; j < q; j++) {
            mx[j] += dx[j] * inv;
            check += mx[j];
        }
        for (int i = 0; i < k; i++) {
            my[i] += dy[i] * inv;
            check += my[i];
        }
        s.weight = wNew;
        return Double.isFinite(check);
    }

    private void fit(SparseVarState s) {
        double[] cxx = s.cxx;
        double w = s.weight;
        for (int j = 0; j < q; j++) {
            double c = cxx[j * q + j];
            sd[j] = c > w * floor(s.meanX[j]) ? Math.sqrt(c) : 0.0;
        }
        double[] coef = s.coef;
        boolean refresh = s.n % GRADIENT_REFRESH == 0;
        for (int gi = 0; gi < grid; gi++) {
            int off = gi * m * k;
            for (int i = 0; i < k; i++) {
                double cyy = s.cyy[i * k + i];
                double sdY = cyy > w * floor(s.meanY[i]) ? Math.sqrt(cyy) : 0.0;
                for (int j = 0; j < q; j++) {
                    b[j] = coef[off + (1 + j) * k + i];
                }
                int gOff = (gi * k + i) * q;
                if (refresh) {
                    LassoCoordinateDescent.gradient(cxx, q, s.cxy, i, k, b, g);
                } else {
                    System.arraycopy(s.gradient, gOff, g, 0, q);
                }
                LassoCoordinateDescent.solve(cxx, q, sd, sdY, penalties[gi], b, g, config.tolerance(),
                        config.maxSweeps());
                System.arraycopy(g, 0, s.gradient, gOff, q);
                double nu = s.meanY[i];
                for (int j = 0; j < q; j++) {
                    coef[off + (1 + j) * k + i] = b[j];
                    nu -= b[j] * s.meanX[j];
                }
                coef[off + i] = nu;
            }
        }
    }

    private static double floor(double mean) {
        return RELATIVE_VARIANCE_FLOOR * mean * mean + Double.MIN_NORMAL;
    }

    private void restart(SparseVarState s) {
        s.weight = 0;
        Arrays.fill(s.meanX, 0);
        Arrays.fill(s.meanY, 0);
        Arrays.fill(s.cxx, 0);
        Arrays.fill(s.cxy, 0);
        Arrays.fill(s.cyy, 0);
        Arrays.fill(s.coef, 0);
        Arrays.fill(s.gradient, 0);
        Arrays.fill(s.error, 0);
        s.selected = 0;
        s.resets++;
    }

    /**
     * Sigma_u of the selected fit, S[a][b] / sqrt((w - df_a)(w - df_b)) (class comment), written into {@code out}
     * (k x k row-major). Where w - df_i <= 0 it divides by w; variances are floored at a tiny positive value relative to
     * the series' level, so a constant series still gets a positive (negligible) variance.
     *
     * @param s read only
     * @param out length >= k k, overwritten
     */
    public void residualCovariance(SparseVarState s, double[] out) {
        checkShape(s);
        int off = s.selected * m * k;
        double[] coef = s.coef;
        double w = Math.max(s.weight, 1.0);
        // cb = C_xx B (q x k), skipping zero coefficients
        Arrays.fill(cb, 0.0);
        for (int j = 0; j < q; j++) {
            int row = j * q;
            for (int l = 0; l < q; l++) {
                int bRow = off + (1 + l) * k;
                double c = s.cxx[row + l];
                if (c == 0) {
                    continue;
                }
                for (int i = 0; i < k; i++) {
                    cb[j * k + i] += c * coef[bRow + i];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            int nonzero = 0;
            for (int j = 0; j < q; j++) {
                if (coef[off + (1 + j) * k + i] != 0) {
                    nonzero++;
                }
            }
            double d = w - 1 - nonzero;
            dof[i] = d > 0 ? d : w;
        }
        for (int a = 0; a < k; a++) {
            for (int c = a; c < k; c++) {
                double v = s.cyy[a * k + c];
                for (int j = 0; j < q; j++) {
                    double ba = coef[off + (1 + j) * k + a];
                    double bc = coef[off + (1 + j) * k + c];
                    v += -ba * s.cxy[j * k + c] - bc * s.cxy[j * k + a] + ba * cb[j * k + c];
                }
                v /= Math.sqrt(dof[a] * dof[c]);
                out[a * k + c] = v;
                out[c * k + a] = v;
            }
        }
        for (int a = 0; a < k; a++) {
            out[a * k + a] = Math.max(out[a * k + a], floor(s.meanY[a]));
        }
        for (int a = 0; a < k; a++) {
            for (int c = a + 1; c < k; c++) {
                double bound = Math.sqrt(out[a * k + a] * out[c * k + c]);
                double v = Math.max(-bound, Math.min(bound, out[a * k + c]));
                out[a * k + c] = v;
                out[c * k + a] = v;
            }
        }
    }

    @Override
    public void forecast(SparseVarState s, MultivariatePredictive out) {
        checkShape(s);
        if (out.dimension() != k) {
            throw new IllegalArgumentException("expected a predictive of dimension " + k + " but found "
                    + out.dimension());
        }
        if (s.n < order + 2L) {
            forecastWarmingUp(s, out);
            return;
        }
        residualCovariance(s, sigma);
        recursion.forecast(s.coef, s.selected * m * k, s.lags, sigma, out);
    }

    /** Before two regressions: per series the last value with a variance from the spread of the few values seen. */
    private void forecastWarmingUp(SparseVarState s, MultivariatePredictive out) {
        out.setDof(Double.POSITIVE_INFINITY);
        int seen = (int) Math.min(s.n, order);
        for (int j = 0; j < k; j++) {
            double last = s.n == 0 ? 0 : s.lags[j];
            double spread = 0;
            for (int l = 0; l < seen; l++) {
                spread = Math.max(spread, Math.abs(s.lags[l * k + j] - last));
            }
            double v = s.n == 0 ? Double.MAX_VALUE : 4 * Math.max(spread * spread, 1e-12 * (1 + last * last));
            for (int h = 1; h <= out.horizon(); h++) {
                out.setMean(h, j, last);
                for (int c = 0; c < k; c++) {
                    out.setCovariance(h, j, c, c == j ? (s.n == 0 ? v : v * h) : 0.0);
                }
            }
        }
    }

    void checkShape(SparseVarState s) {
        if (s.version != SparseVarState.CURRENT_VERSION) {
            throw new IllegalArgumentException("expected SparseVarState version " + SparseVarState.CURRENT_VERSION
                    + " but found " + s.version);
        }
        if (s.dimension != k || s.order != order || s.penaltyCount != grid || s.lags == null || s.lags.length != q
                || s.meanX == null || s.meanX.length != q || s.meanY == null || s.meanY.length != k
                || s.cxx == null || s.cxx.length != q * q || s.cxy == null || s.cxy.length != q * k
                || s.cyy == null || s.cyy.length != k * k || s.coef == null || s.coef.length != grid * m * k
                || s.gradient == null || s.gradient.length != grid * k * q
                || s.error == null || s.error.length != grid || s.selected < 0 || s.selected >= grid) {
            throw new IllegalArgumentException("expected a sparse VAR(" + order + ") state for " + k + " series and "
                    + grid + " penalties but found dimension " + s.dimension + ", order " + s.order + ", "
                    + s.penaltyCount + " penalties");
        }
    }
}
