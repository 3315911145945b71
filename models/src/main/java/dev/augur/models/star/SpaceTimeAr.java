package dev.augur.models.star;

import dev.augur.models.MultivariateForecaster;
import dev.augur.models.MultivariatePredictive;
import dev.augur.models.rls.Cholesky;
import dev.augur.models.rls.RecursiveLeastSquares;
import dev.augur.models.var.VarForecast;
import java.util.Arrays;

/**
 * Online space-time AR, STAR(p_1) (Pfeifer and Deutsch 1980, "A three-stage iterative procedure for space-time
 * modeling", Technometrics 22), for k sites with a row-normalised spatial weight matrix W:
 * <pre>
 *   y_t = c 1 + sum_{l=1..p} phi_l y_{t-l} + sum_{l=1..p} psi_l W y_{t-l} + e_t
 * </pre>
 * with scalars c, phi_l, psi_l shared by all sites (one temporal and one first-order spatial lag per time lag).
 *
 * <p><b>Estimation.</b> Each site's equation at time t is one observation of a pooled regression
 * y_{t,i} = theta' x_{t,i} + e with x_{t,i} = [1, y_{t-1,i}, ..., y_{t-p,i}, (W y_{t-1})_i, ..., (W y_{t-p})_i]
 * (m = 1 + 2p), fitted by recursive least squares ({@link RecursiveLeastSquares}, UD form) with forgetting lambda
 * applied once per time step, so every site of one step carries the same weight lambda^{t-s}. Exact start, forgetting
 * pause and recovery as in {@link dev.augur.models.var.RlsVar}: with lambda = 1 theta equals pooled OLS on the
 * stacked design to rounding error.
 *
 * <p><b>Forecasts.</b> The model is the VAR(p) with A_l = phi_l I + psi_l W and nu = c 1, so means and MSE matrices
 * follow Luetkepohl (2005), section 2.2.2 ({@link VarForecast}). Sigma_u = (C / tr C) k sigma^2: the pooled noise
 * variance sigma^2 = S / (k w - m) (S the exact weighted pooled residual sum of squares, k w site regressions),
 * spread over the sites and correlated as the weighted cross-products C of the a posteriori residual vectors; before
 * C has any weight Sigma_u = sigma^2 I. Normal, no parameter uncertainty.
 *
 * <p>Cost per update: k Bierman steps of size m (O(k m^2)), p W-multiplications (O(p nnz(W))) and the k x k residual
 * cross-products (O(k^2)). Allocation free after construction; not thread-safe.
 */
public final class SpaceTimeAr implements MultivariateForecaster<StarState> {
    public static final String NAME = "star-rls";
    public static final String VERSION = "1";

    static final double WINDUP_LIMIT = 1e6;
    static final double RELATIVE_VARIANCE_FLOOR = 1e-24;

    private final StarConfig config;
    private final SpatialWeights weights;
    private final int k;
    private final int order;
    private final int m;
    private final double lambda;
    private final double[] spatial;
    private final double[] x;
    private final double[] f;
    private final double[] nu;
    private final double[] e;
    private final double[] factor;
    private final double[] work;
    private final double[] varCoef;
    private final double[] sigma;
    private final VarForecast recursion;

    public SpaceTimeAr(StarConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("expected a StarConfig but found null");
        }
        this.config = config;
        this.weights = config.weights();
        this.k = config.dimension();
        this.order = config.order();
        this.m = config.regressors();
        this.lambda = config.forgetting();
        this.spatial = new double[order * k];
        this.x = new double[m];
        this.f = new double[m];
        this.nu = new double[m];
        this.e = new double[k];
        this.factor = new double[m * m];
        this.work = new double[m * m];
        this.varCoef = new double[(1 + k * order) * k];
        this.sigma = new double[k * k];
        this.recursion = new VarForecast(k, order);
    }

    public StarConfig config() {
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
    public StarState newState() {
        return new StarState(k, order);
    }

    @Override
    public StarState copy(StarState state) {
        return state.copy();
    }

    @Override
    public long observations(StarState state) {
        return state.n;
    }

    /** True until the normal equations are solved and p + 2m + 8 observations are in. */
    @Override
    public boolean warmingUp(StarState state) {
        return !state.solved || state.n < order + 2L * m + 8;
    }

    /** phi_l, the temporal coefficient of lag l in [1, p]. */
    public double phi(StarState state, int lag) {
        checkLag(lag);
        return state.coef[lag];
    }

    /** psi_l, the spatial coefficient of lag l in [1, p]. */
    public double psi(StarState state, int lag) {
        checkLag(lag);
        return state.coef[order + lag];
    }

    /** The intercept c. */
    public double intercept(StarState state) {
        return state.coef[0];
    }

    private void checkLag(int lag) {
        if (lag < 1 || lag > order) {
            throw new IllegalArgumentException("expected a lag in [1, " + order + "] but found " + lag);
        }
    }

    @Override
    public void learn(StarState s, double[] y) {
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
            for (int l = 0; l < order; l++) {
                weights.apply(s.lags, l * k, spatial, l * k);
            }
            if (s.solved) {
                step(s, y);
            } else {
                accumulate(s, y);
            }
        }
        System.arraycopy(s.lags, 0, s.lags, k, (order - 1) * k);
        System.arraycopy(y, 0, s.lags, 0, k);
        s.n++;
    }

    /** Writes site a's pooled regressor x_{t,a} into {@code x} from s.lags and {@code spatial}. */
    private void regressor(StarState s, int a) {
        x[0] = 1;
        for (int l = 0; l < order; l++) {
            x[1 + l] = s.lags[l * k + a];
            x[1 + order + l] = spatial[l * k + a];
        }
    }

    private double predict(double[] theta) {
        double p = 0;
        for (int i = 0; i < m; i++) {
            p += theta[i] * x[i];
        }
        return p;
    }

    private void step(StarState s, double[] y) {
        double[] ud = s.ud;
        double[] theta = s.coef;
        if (!(RecursiveLeastSquares.minDiagonal(ud, 0, m) > 0)) {
            resetCovariance(s);
        }
        double lam = lambda;
        if (lambda < 1 && RecursiveLeastSquares.trace(ud, 0, m) > WINDUP_LIMIT * m * s.resetDiagonal) {
            lam = 1.0;
        }
        double ss = lambda * s.ssr;
        for (int a = 0; a < k; a++) {
            regressor(s, a);
            double err = y[a] - predict(theta);
            double forget = a == 0 ? lam : 1.0;
            double beta = RecursiveLeastSquares.update(ud, 0, m, x, forget, f, nu);
            double gain = err / beta;
            for (int i = 0; i < m; i++) {
                theta[i] += nu[i] * gain;
            }
            ss += forget * err * gain;
        }
        s.ssr = ss;
        double check = ss;
        for (int a = 0; a < k; a++) {
            regressor(s, a);
            e[a] = y[a] - predict(theta);
        }
        double[] c = s.residuals;
        for (int a = 0; a < k; a++) {
            int row = a * k;
            for (int b = a; b < k; b++) {
                double v = lambda * c[row + b] + e[a] * e[b];
                c[row + b] = v;
                c[b * k + a] = v;
            }
            check += c[row + a];
        }
        for (int i = 0; i < m; i++) {
            check += theta[i];
        }
        s.weight = lambda * s.weight + 1;
        if (!Double.isFinite(check)) {
            restart(s);
        } else if (!(RecursiveLeastSquares.minDiagonal(ud, 0, m) > 0)) {
            resetCovariance(s);
        }
    }

    private void accumulate(StarState s, double[] y) {
        for (int a = 0; a < k; a++) {
            regressor(s, a);
            double forget = a == 0 ? lambda : 1.0;
            RecursiveLeastSquares.accumulate(s.ud, 0, m, x, forget);
            for (int i = 0; i < m; i++) {
                s.xy[i] = forget * s.xy[i] + x[i] * y[a];
            }
            s.ssr = forget * s.ssr + y[a] * y[a];
        }
        s.weight = lambda * s.weight + 1;
        long steps = s.n - order + 1;
        if (steps * k >= m + 3) {
            trySolve(s, steps >= 4L * m + 20);
        }
    }

    private void trySolve(StarState s, boolean ridge) {
        double[] r = s.ud;
        if (!Cholesky.factorNormalEquations(r, m, ridge ? 1.0 / config.initialP() : 0, work, factor)) {
            return;
        }
        double[] theta = s.coef;
        double[] z = s.xy;
        System.arraycopy(z, 0, theta, 0, m);
        Cholesky.solve(factor, m, theta, 0, 1);
        // S = y'y - 2 theta'z + theta'R theta; without the ridge R theta = z, so S = y'y - theta'z
        double v = s.ssr;
        for (int i = 0; i < m; i++) {
            if (ridge) {
                double rt = 0;
                for (int l = 0; l < m; l++) {
                    rt += r[i * m + l] * theta[l];
                }
                v += -2 * theta[i] * z[i] + theta[i] * rt;
            } else {
                v -= theta[i] * z[i];
            }
        }
        s.ssr = Math.max(v, 0.0);
        RecursiveLeastSquares.factorsFromCholesky(factor, m, r, 0, work);
        double diag = RecursiveLeastSquares.trace(r, 0, m) / m;
        s.resetDiagonal = diag > 0 && Double.isFinite(diag) ? diag : config.initialP();
        s.xy = null;
        s.solved = true;
    }

    private void resetCovariance(StarState s) {
        RecursiveLeastSquares.setScaledIdentity(s.ud, 0, m, s.resetDiagonal);
        s.resets++;
    }

    private void restart(StarState s) {
        Arrays.fill(s.coef, 0);
        Arrays.fill(s.ud, 0);
        Arrays.fill(s.residuals, 0);
        s.ssr = 0;
        s.xy = new double[m];
        s.weight = 0;
        s.solved = false;
        s.resets++;
    }

    /** The pooled noise variance sigma^2 = S / (k w - m) (S / (k w) while k w <= m). */
    public double pooledVariance(StarState s) {
        double sites = k * s.weight;
        double dof = sites - m;
        return s.ssr / (dof > 0 ? dof : Math.max(sites, 1.0));
    }

    /**
     * Sigma_u = (C / tr C) k sigma^2 (class comment), written into {@code out} (k x k row-major); variances are floored
     * at a tiny positive value relative to the site's last level.
     *
     * @param s read only
     * @param out length >= k k, overwritten
     */
    public void residualCovariance(StarState s, double[] out) {
        checkShape(s);
        double pooled = pooledVariance(s);
        double trace = RecursiveLeastSquares.trace(s.residuals, 0, k);
        boolean shaped = trace > 0 && Double.isFinite(trace);
        double scale = shaped ? k * pooled / trace : 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                out[a * k + b] = shaped ? s.residuals[a * k + b] * scale : a == b ? pooled : 0.0;
            }
        }
        for (int a = 0; a < k; a++) {
            double level = s.lags[a];
            out[a * k + a] = Math.max(out[a * k + a], RELATIVE_VARIANCE_FLOOR * level * level + Double.MIN_NORMAL);
        }
    }

    /**
     * The equivalent VAR(p) coefficients B (m_VAR x k with m_VAR = 1 + k p, {@link dev.augur.models.var.VarState#coef}'s
     * layout): nu = c 1, A_l = phi_l I + psi_l W.
     *
     * @param s read only
     * @param out length >= (1 + k p) k, overwritten
     */
    public void varCoefficients(StarState s, double[] out) {
        checkShape(s);
        double[] theta = s.coef;
        Arrays.fill(out, 0, (1 + k * order) * k, 0.0);
        for (int a = 0; a < k; a++) {
            out[a] = theta[0];
        }
        for (int l = 1; l <= order; l++) {
            int base = (1 + (l - 1) * k) * k;
            for (int a = 0; a < k; a++) {
                out[base + a * k + a] = theta[l];
            }
            // B[1 + (l-1)k + c][a] = A_l[a][c]: row a of W goes down column a of the block
            weights.addScaled(theta[order + l], out, base, 1, k);
        }
    }

    @Override
    public void forecast(StarState s, MultivariatePredictive out) {
        checkShape(s);
        if (out.dimension() != k) {
            throw new IllegalArgumentException("expected a predictive of dimension " + k + " but found "
                    + out.dimension());
        }
        if (!s.solved) {
            forecastWarmingUp(s, out);
            return;
        }
        varCoefficients(s, varCoef);
        residualCovariance(s, sigma);
        recursion.forecast(varCoef, 0, s.lags, sigma, out);
    }

    /** Before the exact start: per site a random walk with variance from the recent spread, independent. */
    private void forecastWarmingUp(StarState s, MultivariatePredictive out) {
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

    void checkShape(StarState s) {
        if (s.version != StarState.CURRENT_VERSION) {
            throw new IllegalArgumentException("expected StarState version " + StarState.CURRENT_VERSION
                    + " but found " + s.version);
        }
        if (s.dimension != k || s.order != order || s.coef == null || s.coef.length != m || s.ud == null
                || s.ud.length != m * m || s.lags == null || s.lags.length != order * k || s.residuals == null
                || s.residuals.length != k * k || (!s.solved && (s.xy == null || s.xy.length != m))) {
            throw new IllegalArgumentException("expected a STAR(" + order + ") state for " + k + " sites (coef[" + m
                    + "], ud[" + (m * m) + "]) but found dimension " + s.dimension + ", order " + s.order);
        }
    }
}
