package dev.augur.models.ar;

import dev.augur.models.OnlineForecaster;
import dev.augur.models.Predictive;
import dev.augur.models.dist.StudentT;
import dev.augur.models.rls.Cholesky;
import dev.augur.models.rls.FactorCache;
import dev.augur.models.rls.RecursiveLeastSquares;

/**
 * Online AR(p) with intercept, y_t = c + sum_{i=1..p} phi_i y_{t-i} + e_t, fitted by recursive least squares with
 * exponential forgetting lambda (Ljung and Soederstroem 1983, section 2.2; the step is in
 * {@link RecursiveLeastSquares}); x_t = [1, y_{t-1}, ..., y_{t-p}], theta = [c, phi_1, ..., phi_p], m = p + 1.
 *
 * <p><b>Exact start.</b> Instead of the usual diffuse P_0 = delta I (which biases every later estimate by
 * lambda^t P_0^{-1}), the model accumulates the weighted normal equations R = sum lambda^{t-s} x x', z = sum
 * lambda^{t-s} x y until R is well conditioned (Cholesky pivots above 1e-10 of the diagonal, at least m + 3
 * regressions) and solves them once: theta = R^{-1} z, P = R^{-1}, S = sum lambda^{t-s} y^2 - theta' z. From then on
 * each RLS step is the Sherman-Morrison update of the same weighted least-squares problem, so with lambda = 1 the
 * estimates equal ordinary least squares (statsmodels {@code AutoReg(trend='c')}) up to rounding; the fixture tests
 * check this to 1e-8. If the normal equations stay singular for 4m + 20 regressions (a constant series) the model
 * starts from the ridge solution (R + I / delta)^{-1}, i.e. classical RLS with P_0 = delta I.
 *
 * <p><b>Robustness.</b> P is kept as UD factors and updated by Bierman's algorithm
 * ({@link RecursiveLeastSquares#update}), so it stays symmetric positive definite by construction; the test suite runs
 * 10^7 forgetting steps through constant stretches and scale jumps of twelve orders of magnitude without a reset.
 * Forgetting is paused (lambda = 1 for P) while trace(D) exceeds 1e6 times its mean value at the exact start times m,
 * which bounds covariance wind-up when the input stops being exciting (a constant stretch) and keeps D from
 * overflowing. Should D still stop being finite and positive, P is reset to {@code resetDiagonal} * I (coefficients
 * kept); non-finite coefficients or residual sums restart the warm-up. Each recovery increments
 * {@link ArState#resets}.
 *
 * <p><b>Predictive.</b> Means iterate the recursion with forecasts in place of unknown values. With psi_0 = 1,
 * psi_j = sum_{i=1..min(j,p)} phi_i psi_{j-i} (Box, Jenkins and Reinsel, section 5.2), the h-step error variance from
 * future noise is sigma^2 sum_{j<h} psi_j^2. {@link ArConfig.Intervals#BAYESIAN} (default) adds parameter uncertainty
 * g_h' P g_h with g_h = d yhat_h / d theta = x_h + sum_{i=1..min(h-1,p)} phi_i g_{h-i}, uses s^2 = S / (w - m) and a
 * Student-t with w - m degrees of freedom: the exact Normal-Inverse-Gamma predictive for h = 1 (Bishop, PRML section
 * 3.3, flat prior) and its delta-method extension beyond. {@link ArConfig.Intervals#PLUG_IN} is Normal with
 * sigma^2 = S / w, as statsmodels.
 *
 * <p><b>Carried between calls.</b> The Bayesian one-step variance needs f = U'x for the next regressor x, which is
 * also the first half of the next RLS step, and the health check that ends a step computes trace(D), which is the next
 * step's wind-up check. With Bayesian intervals a learn step forms U'x of the new factors for the new regressor in its
 * own pass over U (each row is summed as the Bierman loop writes it), so the forecast that follows a learn (the
 * streaming stage's learn-then-forecast) reads x'Px off the diagonal, and a learn that follows a forecast skips the
 * transform. The model object keeps both values in a {@link FactorCache} tied to the state they came from; another
 * state, a copy, or the same state after any change recomputes them. The numbers are the same to the bit either way.
 *
 * <p>Allocation free after construction (the forecast scratch grows once to the largest horizon asked for); not
 * thread-safe.
 */
public final class RlsAr implements OnlineForecaster<ArState> {
    public static final String NAME = "ar-rls";
    public static final String VERSION = "2";

    /** Forgetting pauses while trace(D) exceeds this multiple of its value at the exact start. */
    static final double WINDUP_LIMIT = 1e6;
    /** Pivot threshold of the exact start, relative to the diagonal of R. */

    private final ArConfig config;
    private final int order;
    private final int m;
    private final double lambda;
    private final boolean bayes;
    private final double[] x;
    /** The regressor after the step being learned, [1, y, lags[0..p-2]]. */
    private final double[] xNext;
    private final double[] nu;
    /** trace(D) after the last update if D is positive, else NaN (written by the update). */
    private final double[] health = new double[2];
    private final double[] path;
    private final double[] factor;
    private final double[] work;
    private double[] psi;
    private double[] grad;
    /** trace(D) and U'x carried from one call to the next for the same state (see {@link FactorCache}). */
    private final FactorCache cache;

    public RlsAr(ArConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("expected an ArConfig but found null");
        }
        this.config = config;
        this.order = config.order();
        this.m = order + 1;
        this.lambda = config.forgetting();
        this.bayes = config.intervals() == ArConfig.Intervals.BAYESIAN;
        this.x = new double[m];
        this.xNext = new double[m];
        this.nu = new double[m];
        this.cache = new FactorCache(m);
        this.path = new double[order];
        this.factor = new double[m * m];
        this.work = new double[m * m];
        this.psi = new double[64];
        this.grad = new double[64 * m];
    }

    public ArConfig config() {
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
    public ArState newState() {
        return new ArState(order);
    }

    @Override
    public ArState copy(ArState state) {
        return state.copy();
    }

    @Override
    public long observations(ArState state) {
        return state.n;
    }

    /** True until the normal equations are solved and 2m + 8 observations are in. */
    @Override
    public boolean warmingUp(ArState state) {
        return !state.solved || state.n < 2L * m + 8;
    }

    @Override
    public void learn(ArState s, double y) {
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("expected a finite observation but found " + y);
        }
        checkShape(s);
        FactorCache c = cache;
        boolean known = c.describes(s, s.n, s.resets, s.ud, s.lags);
        boolean haveUx = known && c.hasTransform();
        double trace = known && c.hasTrace() ? c.trace() : Double.NaN;
        c.clear();
        double next = Double.NaN;
        if (s.n >= order) {
            if (s.solved) {
                next = step(s, y, haveUx, trace);
            } else {
                regressor(s.lags);
                accumulate(s, y);
            }
        }
        double[] lags = s.lags;
        for (int i = order - 1; i > 0; i--) {
            lags[i] = lags[i - 1];
        }
        lags[0] = y;
        s.n++;
        if (next > 0) {
            c.bind(s, s.n, s.resets, s.ud, lags);
            c.setTrace(next);
            c.meansWritten();
            if (bayes) {
                c.transformWritten(health[1]);
            }
        }
    }

    /**
     * One RLS step with the health and wind-up checks.
     *
     * @param haveUx {@link #cache}'s U'x is that of the current factors and x
     * @param knownTrace trace(D) of the current factors if known (from the last step's health check), else NaN
     * @return trace(D) after the step if the step ended healthy (D positive, coefficients and S finite), else NaN;
     *     when healthy, {@link #cache} then holds the next one-step mean (summed as the new coefficients are
     *     written) and, with Bayesian intervals, U'x of the new factors for the next regressor (the next forecast's
     *     x'Px and the next step's first half, summed in the step's pass over U)
     */
    private double step(ArState s, double y, boolean haveUx, double knownTrace) {
        double[] ud = s.ud;
        double[] theta = s.theta;
        double[] ux = cache.transform();
        double trace = knownTrace > 0 ? knownTrace : RecursiveLeastSquares.traceIfPositive(ud, 0, m);
        if (!(trace > 0)) {
            resetCovariance(s);
            trace = m * s.resetDiagonal;
            haveUx = false;
        }
        // y - theta'x with x = [1, lags], the same subtractions in the same order (theta_0 * 1 is theta_0)
        double[] lags = s.lags;
        double e = y - theta[0];
        for (int i = 0; i < order; i++) {
            e -= theta[i + 1] * lags[i];
        }
        double lam = lambda;
        if (lambda < 1 && trace > WINDUP_LIMIT * m * s.resetDiagonal) {
            lam = 1.0;
        }
        double[] z = xNext;
        z[0] = 1;
        z[1] = y;
        System.arraycopy(lags, 0, z, 2, order - 1);
        if (!haveUx) {
            RecursiveLeastSquares.transform(ud, 0, m, regressor(lags), ux);
        }
        double beta = bayes
                ? RecursiveLeastSquares.updateTransformed(ud, 0, m, ux, lam, nu, health, z, ux)
                : RecursiveLeastSquares.updateTransformed(ud, 0, m, ux, lam, nu, health);
        double ge = e / beta;
        // the next one-step mean theta'z is summed as forecast sums it: theta_0, then theta_i z_i in order
        double t0 = theta[0] + nu[0] * ge;
        theta[0] = t0;
        double check = t0;
        double mean = t0;
        for (int i = 1; i < m; i++) {
            double t = theta[i] + nu[i] * ge;
            theta[i] = t;
            check += t;
            mean += t * z[i];
        }
        cache.means()[0] = mean;
        s.ssr = lambda * s.ssr + lam * ge * e;
        s.weight = lambda * s.weight + 1;
        if (!Double.isFinite(check) || !Double.isFinite(s.ssr)) {
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

    /** Fills and returns {@link #x} = [1, lags]. */
    private double[] regressor(double[] lags) {
        x[0] = 1;
        System.arraycopy(lags, 0, x, 1, order);
        return x;
    }

    private void accumulate(ArState s, double y) {
        RecursiveLeastSquares.accumulate(s.ud, 0, m, x, lambda);
        double[] xy = s.xy;
        for (int i = 0; i < m; i++) {
            xy[i] = lambda * xy[i] + x[i] * y;
        }
        s.ssr = lambda * s.ssr + y * y;
        s.weight = lambda * s.weight + 1;
        long regressions = s.n - order + 1;
        if (regressions >= m + 3) {
            trySolve(s, regressions >= 4L * m + 20);
        }
    }

    /** Solves the accumulated normal equations (see the class comment); leaves the state as is if R is singular. */
    private void trySolve(ArState s, boolean ridge) {
        double[] r = s.ud;
        if (!Cholesky.factorNormalEquations(r, m, ridge ? 1.0 / config.initialP() : 0, work, factor)) {
            return;
        }
        double[] theta = s.theta;
        System.arraycopy(s.xy, 0, theta, 0, m);
        Cholesky.solve(factor, m, theta, 0, 1);
        double thetaZ = 0;
        for (int i = 0; i < m; i++) {
            thetaZ += theta[i] * s.xy[i];
        }
        double ssr = s.ssr - thetaZ;
        if (ridge) {
            // S = y'y - 2 theta'z + theta' R theta, with R the unpenalised information
            double quad = 0;
            for (int i = 0; i < m; i++) {
                double acc = 0;
                for (int j = 0; j < m; j++) {
                    acc += r[i * m + j] * theta[j];
                }
                quad += theta[i] * acc;
            }
            ssr = s.ssr - 2 * thetaZ + quad;
        }
        s.ssr = Math.max(ssr, 0);
        RecursiveLeastSquares.factorsFromCholesky(factor, m, r, 0, work);
        double diag = RecursiveLeastSquares.trace(r, 0, m) / m;
        s.resetDiagonal = diag > 0 && Double.isFinite(diag) ? diag : config.initialP();
        s.xy = null;
        s.solved = true;
    }

    private void resetCovariance(ArState s) {
        RecursiveLeastSquares.setScaledIdentity(s.ud, 0, m, s.resetDiagonal);
        s.resets++;
    }

    private void restart(ArState s) {
        java.util.Arrays.fill(s.theta, 0);
        java.util.Arrays.fill(s.ud, 0);
        s.xy = new double[m];
        s.ssr = 0;
        s.weight = 0;
        s.solved = false;
        s.resets++;
    }

    @Override
    public void forecast(ArState s, Predictive out) {
        checkShape(s);
        int horizon = out.horizon();
        if (!s.solved) {
            forecastWarmingUp(s, out);
            return;
        }
        double nu = s.weight - m;
        double sigma2;
        if (bayes) {
            sigma2 = s.ssr / Math.max(nu, 1.0);
        } else {
            sigma2 = s.ssr / s.weight;
        }
        // an exactly predictable stretch has S = 0; keep the predictive proper
        sigma2 = Math.max(sigma2, Double.MIN_NORMAL);
        double[] theta = s.theta;
        double[] lags = s.lags;
        // the mean and U'x are already there when the last call was the learn step that made this state
        FactorCache c = cache;
        boolean known = c.describes(s, s.n, s.resets, s.ud, lags);
        double mean;
        if (known && c.hasMeans()) {
            mean = c.means()[0];
        } else {
            mean = theta[0];
            for (int i = 0; i < order; i++) {
                mean += theta[i + 1] * lags[i];
            }
        }
        double v = 1.0;
        if (bayes) {
            // x = [1, lags] is the regressor the next learn step uses; its U'x is kept for that step
            double[] ux = c.transform();
            if (known && c.hasTransform()) {
                v += c.quadratic();
            } else {
                c.bind(s, s.n, s.resets, s.ud, lags);
                double q = RecursiveLeastSquares.quadraticForm(s.ud, 0, m, regressor(lags), 0, ux);
                c.transformWritten(q);
                v += q;
            }
        }
        double scale2 = sigma2 * v;
        out.set(1, mean, bayes && nu > 2 ? scale2 * nu / (nu - 2) : scale2);
        if (horizon > 1) {
            forecastAhead(s, out, nu, sigma2, mean);
        }
        out.setDof(bayes ? Math.max(nu, 1.0) : Double.POSITIVE_INFINITY);
    }

    /** Steps 2..H of {@link #forecast}, given step 1's mean (psi_0 = 1, g_1 = x). */
    private void forecastAhead(ArState s, Predictive out, double nu, double sigma2, double mean1) {
        int horizon = out.horizon();
        ensureScratch(horizon);
        double[] theta = s.theta;
        double[] ud = s.ud;
        grad[0] = 1;
        System.arraycopy(s.lags, 0, grad, 1, order);
        psi[0] = 1.0;
        double cumPsi2 = 1.0;
        path[0] = mean1;
        System.arraycopy(s.lags, 0, path, 1, order - 1);
        for (int h = 2; h <= horizon; h++) {
            int j = h - 1;
            int gRow = j * m;
            double mean = theta[0];
            grad[gRow] = 1;
            for (int i = 0; i < order; i++) {
                mean += theta[i + 1] * path[i];
                grad[gRow + i + 1] = path[i];
            }
            double psiJ = 0.0;
            int lim = Math.min(j, order);
            for (int i = 1; i <= lim; i++) {
                double phi = theta[i];
                psiJ += phi * psi[j - i];
                if (bayes) {
                    int prev = (j - i) * m;
                    for (int c = 0; c < m; c++) {
                        grad[gRow + c] += phi * grad[prev + c];
                    }
                }
            }
            psi[j] = psiJ;
            cumPsi2 += psiJ * psiJ;
            double v = cumPsi2;
            if (bayes) {
                v += RecursiveLeastSquares.quadraticForm(ud, 0, m, grad, gRow);
            }
            for (int i = order - 1; i > 0; i--) {
                path[i] = path[i - 1];
            }
            path[0] = mean;
            double scale2 = sigma2 * v;
            out.set(h, mean, bayes && nu > 2 ? scale2 * nu / (nu - 2) : scale2);
        }
    }

    /**
     * Before the exact start: a random walk from the last value with the sample variance of the values seen so far
     * (at least 1e-12 (1 + y^2)), growing linearly in h and inflated four-fold; Normal.
     */
    private void forecastWarmingUp(ArState s, Predictive out) {
        int horizon = out.horizon();
        out.setDof(Double.POSITIVE_INFINITY);
        if (s.n == 0) {
            for (int h = 1; h <= horizon; h++) {
                out.set(h, 0.0, Double.MAX_VALUE);
            }
            return;
        }
        double last = s.lags[0];
        int k = (int) Math.min(s.n, order);
        double mean = 0;
        for (int i = 0; i < k; i++) {
            mean += s.lags[i];
        }
        mean /= k;
        double var = 0;
        for (int i = 0; i < k; i++) {
            double d = s.lags[i] - mean;
            var += d * d;
        }
        var = k > 1 ? var / (k - 1) : 0;
        if (s.weight > 1 && s.xy != null) {
            double wm = s.xy[0] / s.weight;
            var = Math.max(var, s.ssr / s.weight - wm * wm);
        }
        double v = 4 * Math.max(var, 1e-12 * (1 + last * last));
        for (int h = 1; h <= horizon; h++) {
            out.set(h, last, v * h);
        }
    }

    /**
     * Log density of y under the one-step predictive of {@code s} (the predictive log-likelihood used for order
     * selection); {@code s} is read only. Returns NaN while warming up.
     */
    public double logPredictiveDensity(ArState s, double y) {
        checkShape(s);
        if (!s.solved) {
            return Double.NaN;
        }
        regressor(s.lags);
        double mean = 0;
        for (int i = 0; i < m; i++) {
            mean += s.theta[i] * x[i];
        }
        double xpx = RecursiveLeastSquares.quadraticForm(s.ud, 0, m, x, 0);
        if (config.intervals() == ArConfig.Intervals.BAYESIAN) {
            double nu = Math.max(s.weight - m, 1.0);
            double scale = Math.sqrt(s.ssr / nu * (1 + xpx));
            if (!(scale > 0)) {
                return y == mean ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            }
            return Math.log(StudentT.pdf((y - mean) / scale, nu)) - Math.log(scale);
        }
        double var = s.ssr / s.weight;
        if (!(var > 0)) {
            return y == mean ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        double d = y - mean;
        return -0.5 * (Math.log(2 * Math.PI * var) + d * d / var);
    }

    /** One-step innovation variance estimate s^2 = S / (w - (p+1)); {@code Double.MAX_VALUE} while undetermined. */
    public double noiseVariance(ArState s) {
        double dof = s.weight - m;
        if (!s.solved || dof <= 0) {
            return Double.MAX_VALUE;
        }
        return Math.max(s.ssr / dof, 1e-300);
    }

    private void ensureScratch(int horizon) {
        if (psi.length < horizon) {
            psi = new double[horizon];
            grad = new double[horizon * m];
        }
    }

    void checkShape(ArState s) {
        if (s.version != ArState.CURRENT_VERSION) {
            throw new IllegalArgumentException("expected ArState version " + ArState.CURRENT_VERSION
                    + " but found " + s.version);
        }
        if (s.order != order || s.theta == null || s.theta.length != m || s.ud == null || s.ud.length != m * m
                || s.lags == null || s.lags.length != order || (!s.solved && (s.xy == null || s.xy.length != m))) {
            throw new IllegalArgumentException("expected an AR(" + order + ") state with theta[" + m + "], ud["
                    + (m * m) + "], lags[" + order + "] (and xy[" + m + "] while warming up) but found order "
                    + s.order + " with theta[" + (s.theta == null ? "null" : s.theta.length) + "]");
        }
    }
}
