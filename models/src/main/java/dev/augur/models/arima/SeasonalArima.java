package dev.augur.models.arima;

import dev.augur.models.OnlineForecaster;
import dev.augur.models.Predictive;
import dev.augur.models.ar.ArConfig;
import dev.augur.models.rls.Cholesky;
import dev.augur.models.rls.RecursiveLeastSquares;
import java.util.Arrays;

/**
 * Online seasonal ARIMA(p, d, q)(P, D, Q)_s. The series is differenced, w_t = (1-B)^d (1-B^s)^D y_t, and w follows
 * an additive subset ARMA with intercept,
 * <pre>
 *   w_t = c + sum_{l in A} phi_l w_{t-l} + sum_{l in M} theta_l eps_{t-l} + eps_t,
 *   A = {1..p} u {s, 2s, .., Ps},  M = {1..q} u {s, .., Qs}
 * </pre>
 * (the seasonal AR and MA lags enter additively, not as the multiplicative Box-Jenkins product; statsmodels'
 * {@code SARIMAX(order=(lags, d, 0))} with a lag list is the same model). It is fitted by recursive extended least
 * squares (Ljung and Soederstroem 1983, section 3.7.2): the MA regressors are past a posteriori residuals
 * eps_t = w_t - theta_t' x_t, so one UD-RLS step ({@link RecursiveLeastSquares}) per observation; without MA terms
 * this is exact weighted least squares, so with lambda = 1 the coefficients equal OLS and the forecasts equal
 * statsmodels' SARIMAX filtered at those parameters (fixture tests, 1e-8). Warm-up and exact start as
 * {@link dev.augur.models.ar.RlsAr}; until solved the deviations of w from its running mean stand in for the residuals.
 *
 * <p><b>Forecasts</b> iterate the ARMA recursion for w with future residuals zero and undo the differencing,
 * yhat_{t+h} = what_{t+h} - sum_{j=1..L} c_j yhat_{t+h-j} where (1-B)^d (1-B^s)^D = sum_{j=0..L} c_j B^j. Their error
 * variances come from the psi-weights of the level process: with pi(B) = (1 - sum phi_l B^l) (sum c_j B^j) and
 * Theta(B) = 1 + sum theta_l B^l, psi_0 = 1, psi_j = Theta_j - sum_{i=1..j} pi_i psi_{j-i}, and
 * Var_h = sigma^2 sum_{j<h} psi_j^2 (Box, Jenkins and Reinsel 2008, section 5.2). Intervals as for AR:
 * {@link ArConfig.Intervals#PLUG_IN} (Normal, sigma^2 = S / w, statsmodels) or {@link ArConfig.Intervals#BAYESIAN}
 * (Student-t with w - m dof, s^2 = S / (w - m), plus the delta-method parameter term g_h' P g_h where g_h is the
 * gradient of yhat_{t+h}, propagated through the same undifferencing).
 *
 * <p><b>Season length.</b> With {@code period = 0} the first {@link SarimaConfig#detectionWindow()} observations are
 * buffered. With r(k) the sample autocorrelation of the first differences (lag-k products averaged over their n - k
 * terms) and score(k) the mean of r(k), r(2k), r(3k)
 * (the multiples of a true period correlate too, those of a neighbouring lag drift out of phase), the period is the
 * smallest k in [2, maxPeriod] that is a local maximum of the score with at least 90% of the largest score, provided
 * that largest score exceeds 0.3; otherwise the series is treated as non-seasonal. The buffer is then replayed into the model and dropped.
 *
 * <p>Allocation free after construction, except once per distinct period (structure) and when forecast scratch grows.
 */
public final class SeasonalArima implements OnlineForecaster<SarimaState> {
    public static final String NAME = "sarima-rels";
    public static final String VERSION = "1";

    static final double WINDUP_LIMIT = 1e6;
    static final double DETECTION_THRESHOLD = 0.3;

    private final SarimaConfig config;
    private final double lambda;
    private final Structure[] structures;

    public SeasonalArima(SarimaConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("expected a SarimaConfig but found null");
        }
        this.config = config;
        this.lambda = config.forgetting();
        this.structures = new Structure[Math.max(config.period(), config.maxPeriod()) + 1];
    }

    public SarimaConfig config() {
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
    public SarimaState newState() {
        SarimaState s = new SarimaState();
        if (config.period() > 0) {
            initialise(s, config.period());
        } else {
            s.buffer = new double[config.detectionWindow()];
        }
        return s;
    }

    @Override
    public SarimaState copy(SarimaState state) {
        return state.copy();
    }

    @Override
    public long observations(SarimaState state) {
        return state.n;
    }

    @Override
    public boolean warmingUp(SarimaState s) {
        if (s.period < 0 || !s.solved) {
            return true;
        }
        Structure st = structure(s.period);
        return s.differenced < st.maxAr + 2L * st.m + 8;
    }

    /** The season length in use: -1 while detecting, 0 if none. */
    public int period(SarimaState s) {
        return s.period;
    }

    /** The structure (lags, differencing polynomial, scratch) for a season length; 0 = non-seasonal. */
    private Structure structure(int period) {
        Structure st = structures[period];
        if (st == null) {
            st = new Structure(config, period);
            structures[period] = st;
        }
        return st;
    }

    private void initialise(SarimaState s, int period) {
        Structure st = structure(period);
        s.period = period;
        s.theta = new double[st.m];
        s.ud = new double[st.m * st.m];
        s.xy = new double[st.m];
        s.raw = new double[st.differencing];
        s.diff = new double[Math.max(st.maxAr, 1)];
        s.resid = new double[st.maxMa];
    }

    @Override
    public void learn(SarimaState s, double y) {
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("expected a finite observation but found " + y);
        }
        checkShape(s);
        if (s.period < 0) {
            s.buffer[(int) s.n] = y;
            s.n++;
            if (s.n == s.buffer.length) {
                double[] held = s.buffer;
                int period = detectPeriod(held, config.maxPeriod());
                s.buffer = null;
                s.n = 0;
                initialise(s, period);
                for (double v : held) {
                    learnKnown(s, v);
                }
            }
            return;
        }
        learnKnown(s, y);
    }

    private void learnKnown(SarimaState s, double y) {
        Structure st = structure(s.period);
        int len = st.differencing;
        if (s.n >= len) {
            double w = y;
            for (int j = 1; j <= len; j++) {
                w += st.c[j] * s.raw[j - 1];
            }
            double eps = 0;
            if (s.differenced >= st.maxAr) {
                double[] x = st.x;
                x[0] = 1;
                for (int i = 0; i < st.ar.length; i++) {
                    x[1 + i] = s.diff[st.ar[i] - 1];
                }
                for (int i = 0; i < st.ma.length; i++) {
                    x[1 + st.ar.length + i] = s.resid[st.ma[i] - 1];
                }
                if (s.solved) {
                    eps = step(s, st, w);
                } else {
                    accumulate(s, st, w);
                    eps = w - (s.diffSum + w) / (s.differenced + 1);
                }
            }
            if (s.diff.length > 1) {
                System.arraycopy(s.diff, 0, s.diff, 1, s.diff.length - 1);
            }
            s.diff[0] = w;
            if (st.maxMa > 0) {
                System.arraycopy(s.resid, 0, s.resid, 1, st.maxMa - 1);
                s.resid[0] = eps;
            }
            s.diffSum += w;
            s.differenced++;
        }
        if (len > 0) {
            System.arraycopy(s.raw, 0, s.raw, 1, len - 1);
            s.raw[0] = y;
        }
        s.n++;
    }

    /** One RELS step; returns the a posteriori residual. */
    private double step(SarimaState s, Structure st, double w) {
        int m = st.m;
        double[] ud = s.ud;
        double[] theta = s.theta;
        double[] x = st.x;
        if (!(RecursiveLeastSquares.minDiagonal(ud, 0, m) > 0)) {
            RecursiveLeastSquares.setScaledIdentity(ud, 0, m, s.resetDiagonal);
            s.resets++;
        }
        double e = w;
        for (int i = 0; i < m; i++) {
            e -= theta[i] * x[i];
        }
        double lam = lambda;
        if (lambda < 1 && RecursiveLeastSquares.trace(ud, 0, m) > WINDUP_LIMIT * m * s.resetDiagonal) {
            lam = 1.0;
        }
        double beta = RecursiveLeastSquares.update(ud, 0, m, x, lam, st.f, st.nu);
        double ge = e / beta;
        double check = 0;
        for (int i = 0; i < m; i++) {
            double t = theta[i] + st.nu[i] * ge;
            theta[i] = t;
            check += t;
        }
        s.ssr = lambda * s.ssr + lam * ge * e;
        s.weight = lambda * s.weight + 1;
        if (!Double.isFinite(check) || !Double.isFinite(s.ssr)) {
            Arrays.fill(s.theta, 0);
            Arrays.fill(s.ud, 0);
            s.xy = new double[m];
            s.ssr = 0;
            s.weight = 0;
            s.solved = false;
            s.resets++;
            return 0;
        }
        if (!(RecursiveLeastSquares.minDiagonal(ud, 0, m) > 0)) {
            RecursiveLeastSquares.setScaledIdentity(ud, 0, m, s.resetDiagonal);
            s.resets++;
        }
        return lam * ge;
    }

    private void accumulate(SarimaState s, Structure st, double w) {
        int m = st.m;
        double[] x = st.x;
        RecursiveLeastSquares.accumulate(s.ud, 0, m, x, lambda);
        for (int i = 0; i < m; i++) {
            s.xy[i] = lambda * s.xy[i] + x[i] * w;
        }
        s.ssr = lambda * s.ssr + w * w;
        s.weight = lambda * s.weight + 1;
        long regressions = s.differenced - st.maxAr + 1;
        if (regressions >= m + 3) {
            trySolve(s, st, regressions >= 4L * m + 20);
        }
    }

    private void trySolve(SarimaState s, Structure st, boolean ridge) {
        int m = st.m;
        double[] r = s.ud;
        if (!Cholesky.factorNormalEquations(r, m, ridge ? 1e-4 : 0, st.work, st.factor)) {
            return;
        }
        System.arraycopy(s.xy, 0, s.theta, 0, m);
        Cholesky.solve(st.factor, m, s.theta, 0, 1);
        double thetaZ = 0;
        double quad = 0;
        for (int i = 0; i < m; i++) {
            thetaZ += s.theta[i] * s.xy[i];
            double acc = 0;
            for (int j = 0; j < m; j++) {
                acc += r[i * m + j] * s.theta[j];
            }
            quad += s.theta[i] * acc;
        }
        s.ssr = Math.max(ridge ? s.ssr - 2 * thetaZ + quad : s.ssr - thetaZ, 0);
        RecursiveLeastSquares.factorsFromCholesky(st.factor, m, r, 0, st.work);
        double diag = RecursiveLeastSquares.trace(r, 0, m) / m;
        s.resetDiagonal = diag > 0 && Double.isFinite(diag) ? diag : 1e4;
        s.xy = null;
        s.solved = true;
    }

    @Override
    public void forecast(SarimaState s, Predictive out) {
        checkShape(s);
        if (s.period < 0 || !s.solved) {
            forecastWarmingUp(s, out);
            return;
        }
        Structure st = structure(s.period);
        int horizon = out.horizon();
        st.ensure(horizon);
        int m = st.m;
        int nAr = st.ar.length;
        int len = st.differencing;
        boolean bayes = config.intervals() == ArConfig.Intervals.BAYESIAN;
        double nu = s.weight - m;
        double sigma2 = Math.max(bayes ? s.ssr / Math.max(nu, 1.0) : s.ssr / s.weight, Double.MIN_NORMAL);
        double[] theta = s.theta;
        // level AR polynomial pi(B) = (1 - sum phi_l B^l)(sum c_j B^j), pi_0 = 1
        double[] pi = st.pi;
        Arrays.fill(pi, 0.0);
        for (int j = 0; j <= len; j++) {
            pi[j] += st.c[j];
            for (int i = 0; i < nAr; i++) {
                pi[j + st.ar[i]] -= theta[1 + i] * st.c[j];
            }
        }
        double[] wPath = st.wPath;
        double[] ePath = st.ePath;
        double[] yPath = st.yPath;
        System.arraycopy(s.diff, 0, wPath, 0, s.diff.length);
        System.arraycopy(s.resid, 0, ePath, 0, st.maxMa);
        System.arraycopy(s.raw, 0, yPath, 0, len);
        double[] gw = st.gradW;
        double[] gy = st.gradY;
        double[] psi = st.psi;
        double cum = 0;
        for (int h = 1; h <= horizon; h++) {
            int row = (h - 1) * m;
            double what = theta[0];
            gw[row] = 1;
            for (int i = 0; i < nAr; i++) {
                double v = wPath[st.ar[i] - 1];
                what += theta[1 + i] * v;
                gw[row + 1 + i] = v;
            }
            for (int i = 0; i < st.ma.length; i++) {
                double v = ePath[st.ma[i] - 1];
                what += theta[1 + nAr + i] * v;
                gw[row + 1 + nAr + i] = v;
            }
            double yhat = what;
            for (int j = 1; j <= len; j++) {
                yhat -= st.c[j] * yPath[j - 1];
            }
            if (bayes) {
                for (int i = 0; i < nAr; i++) {
                    int back = h - st.ar[i];
                    if (back >= 1) {
                        double phi = theta[1 + i];
                        int prev = (back - 1) * m;
                        for (int a = 0; a < m; a++) {
                            gw[row + a] += phi * gw[prev + a];
                        }
                    }
                }
                System.arraycopy(gw, row, gy, row, m);
                for (int j = 1; j <= Math.min(len, h - 1); j++) {
                    double cj = st.c[j];
                    if (cj != 0) {
                        int prev = (h - 1 - j) * m;
                        for (int a = 0; a < m; a++) {
                            gy[row + a] -= cj * gy[prev + a];
                        }
                    }
                }
            }
            if (wPath.length > 1) {
                System.arraycopy(wPath, 0, wPath, 1, wPath.length - 1);
            }
            wPath[0] = what;
            if (st.maxMa > 0) {
                System.arraycopy(ePath, 0, ePath, 1, st.maxMa - 1);
                ePath[0] = 0;
            }
            if (len > 0) {
                System.arraycopy(yPath, 0, yPath, 1, len - 1);
                yPath[0] = yhat;
            }
            int j = h - 1;
            double psiJ = j == 0 ? 1.0 : st.maCoefficient(theta, j);
            for (int i = 1; i <= j && i < pi.length; i++) {
                psiJ -= pi[i] * psi[j - i];
            }
            psi[j] = psiJ;
            cum += psiJ * psiJ;
            double v = cum;
            if (bayes) {
                v += RecursiveLeastSquares.quadraticForm(s.ud, 0, m, gy, row);
            }
            double scale2 = sigma2 * v;
            out.set(h, yhat, bayes && nu > 2 ? scale2 * nu / (nu - 2) : scale2);
        }
        out.setDof(bayes ? Math.max(nu, 1.0) : Double.POSITIVE_INFINITY);
    }

    private void forecastWarmingUp(SarimaState s, Predictive out) {
        out.setDof(Double.POSITIVE_INFINITY);
        double[] hist = s.period < 0 ? s.buffer : s.raw.length > 0 ? s.raw : s.diff;
        int count = (int) Math.min(s.n, hist.length);
        if (s.n == 0 || count == 0) {
            double last = s.n == 0 ? 0 : (s.diff != null ? s.diff[0] : 0);
            for (int h = 1; h <= out.horizon(); h++) {
                out.set(h, s.n == 0 ? 0 : last, Double.MAX_VALUE);
            }
            return;
        }
        double last = s.period < 0 ? hist[count - 1] : hist[0];
        double mean = 0;
        for (int i = 0; i < count; i++) {
            mean += hist[i];
        }
        mean /= count;
        double var = 0;
        for (int i = 0; i < count; i++) {
            var += (hist[i] - mean) * (hist[i] - mean);
        }
        var = count > 1 ? var / (count - 1) : 0;
        double v = 4 * Math.max(var, 1e-12 * (1 + last * last));
        for (int h = 1; h <= out.horizon(); h++) {
            out.set(h, last, v * h);
        }
    }

    /**
     * Season length of {@code y}: see the class comment. Returns 0 if no lag qualifies.
     *
     * @param y read only, at least 2 maxPeriod + 4 values
     */
    public static int detectPeriod(double[] y, int maxPeriod) {
        int n = y.length - 1;
        if (n < 2 * maxPeriod + 2) {
            throw new IllegalArgumentException("period detection needs at least " + (2 * maxPeriod + 3)
                    + " values for max period " + maxPeriod + " but found " + y.length);
        }
        double[] z = new double[n];
        double mean = 0;
        for (int t = 0; t < n; t++) {
            z[t] = y[t + 1] - y[t];
            mean += z[t];
        }
        mean /= n;
        double c0 = 0;
        for (int t = 0; t < n; t++) {
            z[t] -= mean;
            c0 += z[t] * z[t];
        }
        if (!(c0 > 0)) {
            return 0;
        }
        int maxLag = Math.min(3 * (maxPeriod + 1), n - 1);
        double[] r = new double[maxLag + 1];
        for (int k = 1; k <= maxLag; k++) {
            double c = 0;
            for (int t = k; t < n; t++) {
                c += z[t] * z[t - k];
            }
            // per-term normalisation, so that long lags are not shrunk towards zero by their shorter sums
            r[k] = (c / (n - k)) / (c0 / n);
        }
        // score(k): mean autocorrelation at k, 2k, 3k (within range), which separates k from its neighbours
        double[] score = new double[maxPeriod + 2];
        for (int k = 2; k <= maxPeriod + 1; k++) {
            double sum = 0;
            int count = 0;
            for (int j = 1; j <= 3 && j * k <= maxLag; j++) {
                sum += r[j * k];
                count++;
            }
            score[k] = sum / count;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 2; k <= maxPeriod; k++) {
            best = Math.max(best, score[k]);
        }
        if (!(best > DETECTION_THRESHOLD)) {
            return 0;
        }
        for (int k = 2; k <= maxPeriod; k++) {
            if (score[k] >= 0.9 * best && score[k] >= score[k - 1] && score[k] >= score[k + 1]) {
                return k;
            }
        }
        return 0;
    }

    private void checkShape(SarimaState s) {
        if (s.version != SarimaState.CURRENT_VERSION) {
            throw new IllegalArgumentException("expected SarimaState version " + SarimaState.CURRENT_VERSION
                    + " but found " + s.version);
        }
        if (s.period < 0) {
            if (s.buffer == null || s.buffer.length != config.detectionWindow() || config.period() > 0) {
                throw new IllegalArgumentException("expected a detection buffer of " + config.detectionWindow()
                        + " values but found " + (s.buffer == null ? "none" : s.buffer.length));
            }
            return;
        }
        if (s.period >= structures.length || (config.period() > 0 && s.period != config.period())) {
            throw new IllegalArgumentException("expected period " + (config.period() > 0 ? config.period()
                    : "<= " + config.maxPeriod()) + " but found " + s.period);
        }
        Structure st = structure(s.period);
        if (s.theta == null || s.theta.length != st.m || s.ud == null || s.ud.length != st.m * st.m
                || s.raw == null || s.raw.length != st.differencing || s.diff == null
                || s.diff.length != Math.max(st.maxAr, 1) || s.resid == null || s.resid.length != st.maxMa
                || (!s.solved && (s.xy == null || s.xy.length != st.m))) {
            throw new IllegalArgumentException("expected a SARIMA state with " + st.m + " coefficients, "
                    + st.differencing + " raw lags, " + st.maxAr + " AR lags and " + st.maxMa
                    + " MA lags for period " + s.period + " but found theta["
                    + (s.theta == null ? "null" : s.theta.length) + "]");
        }
    }

    /** Lag sets, differencing polynomial and scratch for one season length. */
    private static final class Structure {
        final int[] ar;
        final int[] ma;
        final int maxAr;
        final int maxMa;
        final int differencing;
        final double[] c;
        final int m;
        final double[] x;
        final double[] f;
        final double[] nu;
        final double[] factor;
        final double[] work;
        final double[] pi;
        final double[] wPath;
        final double[] ePath;
        final double[] yPath;
        double[] gradW = new double[0];
        double[] gradY = new double[0];
        double[] psi = new double[0];

        Structure(SarimaConfig config, int period) {
            boolean seasonal = period > 0;
            this.ar = lags(config.p(), seasonal ? config.seasonalP() : 0, period);
            this.ma = lags(config.q(), seasonal ? config.seasonalQ() : 0, period);
            this.maxAr = ar.length == 0 ? 0 : ar[ar.length - 1];
            this.maxMa = ma.length == 0 ? 0 : ma[ma.length - 1];
            int sd = seasonal ? config.seasonalD() : 0;
            this.differencing = config.d() + sd * period;
            double[] poly = {1.0};
            for (int i = 0; i < config.d(); i++) {
                poly = multiply(poly, 1);
            }
            for (int i = 0; i < sd; i++) {
                poly = multiply(poly, period);
            }
            this.c = poly;
            this.m = 1 + ar.length + ma.length;
            this.x = new double[m];
            this.f = new double[m];
            this.nu = new double[m];
            this.factor = new double[m * m];
            this.work = new double[m * m];
            this.pi = new double[differencing + maxAr + 1];
            this.wPath = new double[Math.max(maxAr, 1)];
            this.ePath = new double[maxMa];
            this.yPath = new double[differencing];
        }

        /** Coefficient of eps_{t-j} in Theta(B), read from theta. */
        double maCoefficient(double[] theta, int j) {
            for (int i = 0; i < ma.length; i++) {
                if (ma[i] == j) {
                    return theta[1 + ar.length + i];
                }
            }
            return 0;
        }

        void ensure(int horizon) {
            if (psi.length < horizon) {
                psi = new double[horizon];
                gradW = new double[horizon * m];
                gradY = new double[horizon * m];
            }
        }

        private static int[] lags(int plain, int seasonal, int period) {
            int[] out = new int[plain + seasonal];
            int k = 0;
            for (int i = 1; i <= plain; i++) {
                out[k++] = i;
            }
            for (int j = 1; j <= seasonal; j++) {
                if (j * period > plain) {
                    out[k++] = j * period;
                }
            }
            return Arrays.copyOf(out, k);
        }

        /** poly * (1 - B^lag). */
        private static double[] multiply(double[] poly, int lag) {
            double[] out = new double[poly.length + lag];
            for (int i = 0; i < poly.length; i++) {
                out[i] += poly[i];
                out[i + lag] -= poly[i];
            }
            return out;
        }
    }
}
