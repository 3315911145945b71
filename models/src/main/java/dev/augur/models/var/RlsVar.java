package dev.augur.models.var;

import dev.augur.models.MultivariateForecaster;
import dev.augur.models.MultivariatePredictive;
import dev.augur.models.rls.Cholesky;
import dev.augur.models.rls.FactorCache;
import dev.augur.models.rls.RecursiveLeastSquares;
import java.util.Arrays;

/**
 * Online VAR(p) with intercept for k series, y_t = nu + A_1 y_{t-1} + ... + A_p y_{t-p} + u_t, Cov(u_t) = Sigma_u
 * (Luetkepohl 2005, section 2.1), fitted by multivariate recursive least squares with exponential forgetting: all k
 * equations share the regressor x_t = [1, y_{t-1}', ..., y_{t-p}'] (m = 1 + k p) and hence one P and one gain, so a step
 * is one UD update ({@link RecursiveLeastSquares#update}) plus B <- B + K e' (m x k) and
 * S <- lambda S + lambda e e' / beta (k x k).
 *
 * <p>Exact start, forgetting pause and recovery as in {@link dev.augur.models.ar.RlsAr}: with lambda = 1 the
 * coefficients equal statsmodels {@code VAR(y).fit(p, trend='c')} to rounding error.
 *
 * <p>Forecasts (Luetkepohl 2005, section 2.2.2): yhat(h) = nu + sum_i A_i yhat(h-i) with yhat(j) = y_{t+j} for
 * j <= 0, and MSE matrices Sigma_y(h) = sum_{i<h} Phi_i Sigma_u Phi_i', Phi_0 = I, Phi_i = sum_{j=1..min(i,p)}
 * Phi_{i-j} A_j (eq. 2.1.22), with Sigma_u = S / (w - m) (statsmodels' {@code sigma_u}); Normal, no parameter
 * uncertainty (as statsmodels' {@code forecast_interval}). Impulse responses, FEVD and Granger tests are in
 * {@link VarAnalysis}.
 *
 * <p><b>Carried between calls.</b> A step leaves three things for the calls that follow it on the same state: the
 * trace(D) computed by its health check (the next step's wind-up check), U'x of the new factors for the next regressor
 * (summed in the step's own pass over U, so the next step skips its transform) and the next one-step means (summed as
 * the new coefficients are written, so a one-step forecast after a learn skips the pass over B). The model object keeps
 * them in a {@link FactorCache} tied to the state; another state, a copy, or the same state after any change
 * recomputes them, with the same numbers to the bit. One model object serves many groups in the streaming stage, where
 * the next step on the model object is usually another group's and the U'z would go unused (it costs 12-20% of the
 * two passes over U): a step forms it only when the step before it on this model object was on the same state (gap
 * imputation, one-group jobs, a benchmark loop).
 *
 * <p>Allocation free after construction (forecast scratch grows once to the largest horizon); not thread-safe.
 */
public final class RlsVar implements MultivariateForecaster<VarState> {
    public static final String NAME = "var-rls";
    public static final String VERSION = "1";

    static final double WINDUP_LIMIT = 1e6;

    private final VarConfig config;
    private final int k;
    private final int order;
    private final int m;
    private final double lambda;
    private final double[] x;
    /** The regressor after the step being learned, [1, y, lags[0..(p-1)k-1]]. */
    private final double[] xNext;
    private final double[] nu;
    /** trace(D) after the last update if D is positive, else NaN (written by the update). */
    private final double[] health = new double[2];
    private final double[] e;
    private final double[] sigma;
    private final double[] factor;
    private final double[] work;
    private final VarForecast varForecast;
    /** trace(D) carried from one step's health check to the next step's wind-up check (see {@link FactorCache}). */
    private final FactorCache cache;

    public RlsVar(VarConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("expected a VarConfig but found null");
        }
        this.config = config;
        this.k = config.dimension();
        this.order = config.order();
        this.m = config.regressors();
        this.lambda = config.forgetting();
        this.x = new double[m];
        this.xNext = new double[m];
        this.nu = new double[m];
        this.e = new double[k];
        this.sigma = new double[k * k];
        this.factor = new double[m * m];
        this.work = new double[m * m];
        this.varForecast = new VarForecast(k, order);
        this.cache = new FactorCache(m, k);
    }

    public VarConfig config() {
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
    public VarState newState() {
        return new VarState(k, order);
    }

    @Override
    public VarState copy(VarState state) {
        return state.copy();
    }

    @Override
    public long observations(VarState state) {
        return state.n;
    }

    /** True until the normal equations are solved and p + 2m + 8 observations are in. */
    @Override
    public boolean warmingUp(VarState state) {
        return !state.solved || state.n < order + 2L * m + 8;
    }

    @Override
    public void learn(VarState s, double[] y) {
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
        FactorCache c = cache;
        boolean known = c.describes(s, s.n, s.resets, s.ud, s.lags);
        boolean haveUx = known && c.hasTransform();
        double trace = known && c.hasTrace() ? c.trace() : Double.NaN;
        c.clear();
        double next = Double.NaN;
        if (s.n >= order) {
            x[0] = 1;
            System.arraycopy(s.lags, 0, x, 1, order * k);
            if (s.solved) {
                next = step(s, y, haveUx, known, trace);
            } else {
                accumulate(s, y);
            }
        }
        System.arraycopy(s.lags, 0, s.lags, k, (order - 1) * k);
        System.arraycopy(y, 0, s.lags, 0, k);
        s.n++;
        if (next > 0) {
            c.bind(s, s.n, s.resets, s.ud, s.lags);
            c.setTrace(next);
            c.meansWritten();
            if (known) {
                c.transformWritten(health[1]);
            }
        }
    }

    /**
     * One multivariate RLS step with the health and wind-up checks.
     *
     * @param haveUx {@link #cache}'s U'x is that of the current factors and x (left by the last step)
     * @param carry the last step on this model object was on this state, so the next one probably is too: form U'z
     *     for the next regressor z in this step's pass over U
     * @param knownTrace trace(D) of the current factors if known (from the last step's health check), else NaN
     * @return trace(D) after the step if the step ended healthy (D positive, B and S finite), else NaN; when healthy,
     *     {@link #cache} then holds the next one-step means (summed as the new coefficients are written) and, if
     *     {@code carry}, U'z and z'Pz of the new factors for the next regressor z (so that the next step on this state
     *     skips its transform)
     */
    private double step(VarState s, double[] y, boolean haveUx, boolean carry, double knownTrace) {
        double[] ud = s.ud;
        double[] coef = s.coef;
        double[] f = cache.transform();
        double trace = knownTrace > 0 ? knownTrace : RecursiveLeastSquares.traceIfPositive(ud, 0, m);
        if (!(trace > 0)) {
            resetCovariance(s);
            trace = m * s.resetDiagonal;
            haveUx = false;
        }
        // two columns at a time: each e_j is the same sequence of subtractions as row by row, kept in a register
        int col = 0;
        for (; col + 1 < k; col += 2) {
            double e0 = y[col];
            double e1 = y[col + 1];
            for (int i = 0, c = col; i < m; i++, c += k) {
                double xi = x[i];
                e0 -= coef[c] * xi;
                e1 -= coef[c + 1] * xi;
            }
            e[col] = e0;
            e[col + 1] = e1;
        }
        if (col < k) {
            double ej = y[col];
            for (int i = 0, c = col; i < m; i++, c += k) {
                ej -= coef[c] * x[i];
            }
            e[col] = ej;
        }
        double lam = lambda;
        if (lambda < 1 && trace > WINDUP_LIMIT * m * s.resetDiagonal) {
            lam = 1.0;
        }
        double[] z = xNext;
        z[0] = 1;
        System.arraycopy(y, 0, z, 1, k);
        System.arraycopy(s.lags, 0, z, 1 + k, (order - 1) * k);
        if (!haveUx) {
            RecursiveLeastSquares.transform(ud, 0, m, x, f);
        }
        double beta = carry
                ? RecursiveLeastSquares.updateTransformed(ud, 0, m, f, lam, nu, health, z, f)
                : RecursiveLeastSquares.updateTransformed(ud, 0, m, f, lam, nu, health);
        double invBeta = 1.0 / beta;
        // finiteness flag: an OR over the new coefficients, not a floating sum (a dependent add chain of m k terms)
        boolean finite = true;
        for (int i = 0; i < m; i++) {
            nu[i] *= invBeta;
        }
        // the next one-step means B'z, summed as forecast sums them: the intercept, then B_ij z_i in order
        double[] means = cache.means();
        for (int j = 0; j < k; j++) {
            double ej = e[j];
            double v0 = coef[j] + nu[0] * ej;
            coef[j] = v0;
            finite &= Math.abs(v0) <= Double.MAX_VALUE;
            double mean = v0;
            for (int i = 1, c = j + k; i < m; i++, c += k) {
                double v = coef[c] + nu[i] * ej;
                coef[c] = v;
                finite &= Math.abs(v) <= Double.MAX_VALUE;
                mean += v * z[i];
            }
            means[j] = mean;
        }
        double check = 0;
        double[] ss = s.ssr;
        double w = lam * invBeta;
        for (int a = 0; a < k; a++) {
            double ea = e[a] * w;
            int row = a * k;
            for (int b = a; b < k; b++) {
                double v = lambda * ss[row + b] + ea * e[b];
                ss[row + b] = v;
                ss[b * k + a] = v;
            }
            check += ss[row + a];
        }
        s.weight = lambda * s.weight + 1;
        if (!finite || !Double.isFinite(check)) {
            restart(s);
            return Double.NaN;
        }
        // the health check (made by the update), whose trace is also the next step's wind-up check
        double after = health[0];
        if (!(after > 0)) {
            resetCovariance(s);
            return Double.NaN;
        }
        return after;
    }

    private void accumulate(VarState s, double[] y) {
        RecursiveLeastSquares.accumulate(s.ud, 0, m, x, lambda);
        double[] xy = s.xy;
        for (int i = 0; i < m; i++) {
            int row = i * k;
            for (int j = 0; j < k; j++) {
                xy[row + j] = lambda * xy[row + j] + x[i] * y[j];
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                s.ssr[a * k + b] = lambda * s.ssr[a * k + b] + y[a] * y[b];
            }
        }
        s.weight = lambda * s.weight + 1;
        long regressions = s.n - order + 1;
        if (regressions >= m + 3) {
            trySolve(s, regressions >= 4L * m + 20);
        }
    }

    private void trySolve(VarState s, boolean ridge) {
        double[] r = s.ud;
        if (!Cholesky.factorNormalEquations(r, m, ridge ? 1.0 / config.initialP() : 0, work, factor)) {
            return;
        }
        double[] coef = s.coef;
        double[] xy = s.xy;
        System.arraycopy(xy, 0, coef, 0, m * k);
        for (int j = 0; j < k; j++) {
            Cholesky.solve(factor, m, coef, j, k);
        }
        // S = Y'Y - B'Z'Y - Y'ZB + B'RB; without the ridge the last two cancel: S = Y'Y - B'Z'Y
        double[] ss = s.ssr;
        double[] rb = ridge ? new double[m * k] : null;
        if (ridge) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    double acc = 0;
                    for (int l = 0; l < m; l++) {
                        acc += r[i * m + l] * coef[l * k + j];
                    }
                    rb[i * k + j] = acc;
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double v = ss[a * k + b];
                for (int i = 0; i < m; i++) {
                    if (ridge) {
                        v += -coef[i * k + a] * xy[i * k + b] - xy[i * k + a] * coef[i * k + b]
                                + coef[i * k + a] * rb[i * k + b];
                    } else {
                        v -= coef[i * k + a] * xy[i * k + b];
                    }
                }
                ss[a * k + b] = v;
                ss[b * k + a] = v;
            }
        }
        RecursiveLeastSquares.factorsFromCholesky(factor, m, r, 0, work);
        double diag = RecursiveLeastSquares.trace(r, 0, m) / m;
        s.resetDiagonal = diag > 0 && Double.isFinite(diag) ? diag : config.initialP();
        s.xy = null;
        s.solved = true;
    }

    private void resetCovariance(VarState s) {
        RecursiveLeastSquares.setScaledIdentity(s.ud, 0, m, s.resetDiagonal);
        s.resets++;
    }

    private void restart(VarState s) {
        Arrays.fill(s.coef, 0);
        Arrays.fill(s.ud, 0);
        Arrays.fill(s.ssr, 0);
        s.xy = new double[m * k];
        s.weight = 0;
        s.solved = false;
        s.resets++;
    }

    /**
     * Residual covariance estimate Sigma_u = S / (w - m) (statsmodels {@code sigma_u}), written into {@code out}
     * (k x k row-major); falls back to S / w while w <= m.
     *
     * @param s read only
     * @param out overwritten
     */
    public void residualCovariance(VarState s, double[] out) {
        double div = residualDivisor(s);
        for (int i = 0; i < k * k; i++) {
            out[i] = s.ssr[i] / div;
        }
    }

    /** w - m, or max(w, 1) while w <= m. */
    private double residualDivisor(VarState s) {
        double dof = s.weight - m;
        return dof > 0 ? dof : Math.max(s.weight, 1.0);
    }

    @Override
    public void forecast(VarState s, MultivariatePredictive out) {
        checkShape(s);
        if (out.dimension() != k) {
            throw new IllegalArgumentException("expected a predictive of dimension " + k + " but found "
                    + out.dimension());
        }
        out.setDof(Double.POSITIVE_INFINITY);
        if (!s.solved) {
            forecastWarmingUp(s, out);
            return;
        }
        if (out.horizon() == 1) {
            forecastOneStep(s, out);
            return;
        }
        residualCovariance(s, sigma);
        varForecast.forecast(s.coef, 0, s.lags, sigma, out);
    }

    /**
     * {@link #forecast} for horizon 1, the same numbers as {@link VarForecast} to the bit, in fewer passes:
     * yhat(1) = nu + sum_i A_i y_{t+1-i}, MSE(1) = Sigma_u. Each mean is the same sequence of additions, kept in a
     * register, two series at a time; Sigma_u is one division loop over S written into the predictive in one copy.
     */
    private void forecastOneStep(VarState s, MultivariatePredictive out) {
        FactorCache carried = cache;
        if (carried.describes(s, s.n, s.resets, s.ud, s.lags) && carried.hasMeans()) {
            double[] means = carried.means();
            for (int j = 0; j < k; j++) {
                out.setMean(1, j, means[j]);
            }
            residualCovariance(s, sigma);
            out.setCovariance(1, sigma, 0);
            return;
        }
        double[] coef = s.coef;
        double[] lags = s.lags;
        int q = order * k;
        int j = 0;
        for (; j + 1 < k; j += 2) {
            double mean0 = coef[j];
            double mean1 = coef[j + 1];
            for (int i = 0, c = k + j; i < q; i++, c += k) {
                double v = lags[i];
                mean0 += coef[c] * v;
                mean1 += coef[c + 1] * v;
            }
            out.setMean(1, j, mean0);
            out.setMean(1, j + 1, mean1);
        }
        if (j < k) {
            double mean = coef[j];
            for (int i = 0, c = k + j; i < q; i++, c += k) {
                mean += coef[c] * lags[i];
            }
            out.setMean(1, j, mean);
        }
        residualCovariance(s, sigma);
        out.setCovariance(1, sigma, 0);
    }

    /** Before the exact start: per series a random walk with variance from the recent spread, independent. */
    private void forecastWarmingUp(VarState s, MultivariatePredictive out) {
        int horizon = out.horizon();
        int seen = (int) Math.min(s.n, order);
        for (int j = 0; j < k; j++) {
            double last = s.n == 0 ? 0 : s.lags[j];
            double spread = 0;
            for (int l = 0; l < seen; l++) {
                spread = Math.max(spread, Math.abs(s.lags[l * k + j] - last));
            }
            double v = s.n == 0 ? Double.MAX_VALUE : 4 * Math.max(spread * spread, 1e-12 * (1 + last * last));
            if (s.weight > 1 && s.xy != null) {
                double mean = s.xy[j] / s.weight;
                v = Math.max(v, 4 * (s.ssr[j * k + j] / s.weight - mean * mean));
            }
            for (int h = 1; h <= horizon; h++) {
                out.setMean(h, j, last);
                for (int b = 0; b < k; b++) {
                    out.setCovariance(h, j, b, b == j ? (s.n == 0 ? v : v * h) : 0.0);
                }
            }
        }
    }

    void checkShape(VarState s) {
        if (s.version != VarState.CURRENT_VERSION) {
            throw new IllegalArgumentException("expected VarState version " + VarState.CURRENT_VERSION
                    + " but found " + s.version);
        }
        if (s.dimension != k || s.order != order || s.coef == null || s.coef.length != m * k || s.ud == null
                || s.ud.length != m * m || s.lags == null || s.lags.length != order * k || s.ssr == null
                || s.ssr.length != k * k || (!s.solved && (s.xy == null || s.xy.length != m * k))) {
            throw new IllegalArgumentException("expected a VAR(" + order + ") state for " + k
                    + " series (coef[" + (m * k) + "], ud[" + (m * m) + "]) but found dimension " + s.dimension
                    + ", order " + s.order);
        }
    }
}
