package dev.augur.models.ar;

import dev.augur.models.OnlineForecaster;
import dev.augur.models.Predictive;

/**
 * Online AR(p) with intercept, y_t = c + sum_{i=1..p} phi_i y_{t-i} + e_t, fitted by recursive least squares with
 * exponential forgetting (Ljung and Soederstroem 1983, ch. 2; Haykin, Adaptive Filter Theory, ch. 10):
 * <pre>
 *   x_t = [1, y_{t-1}, ..., y_{t-p}]
 *   e_t = y_t - theta' x_t                    (a priori error)
 *   k_t = P x_t / (lambda + x_t' P x_t)
 *   theta <- theta + k_t e_t
 *   P <- (P - k_t x_t' P) / lambda,  then symmetrised
 * </pre>
 * The noise variance is the exponentially weighted mean of squared a posteriori residuals, with p+1 degrees of freedom
 * taken off. h-step forecasts iterate the recursion; their error variances use the psi-weights
 * psi_0 = 1, psi_j = sum_{i=1..min(j,p)} phi_i psi_{j-i}: Var_h = sigma^2 (sum_{j<h} psi_j^2) (1 + x'Px) where the last
 * factor accounts for parameter uncertainty at the origin. The predictive is Student-t with the effective residual
 * degrees of freedom.
 *
 * <p>Allocation free after construction; not thread-safe (scratch arrays).
 */
public final class RlsAr implements OnlineForecaster<ArState> {
    public static final String NAME = "ar-rls";
    public static final String VERSION = "1";

    private final ArConfig config;
    private final int m;
    private final double[] x;
    private final double[] px;
    private final double[] path;
    private double[] psiScratch;

    public RlsAr(ArConfig config) {
        this.config = config;
        this.m = config.order() + 1;
        this.x = new double[m];
        this.px = new double[m];
        this.path = new double[config.order()];
        this.psiScratch = new double[64];
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
        return new ArState(config.order(), config.initialP());
    }

    @Override
    public ArState copy(ArState state) {
        return state.copy();
    }

    @Override
    public long observations(ArState state) {
        return state.n;
    }

    @Override
    public boolean warmingUp(ArState state) {
        return state.n < 2L * m + 8;
    }

    @Override
    public void learn(ArState s, double y) {
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("expected a finite observation but found " + y);
        }
        checkShape(s);
        int p = config.order();
        if (s.n >= p) {
            regressor(s);
            double lambda = config.forgetting();
            double[] pm = s.p;
            double xpx = 0;
            for (int i = 0; i < m; i++) {
                double acc = 0;
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    acc += pm[row + j] * x[j];
                }
                px[i] = acc;
                xpx += x[i] * acc;
            }
            double prior = y;
            for (int i = 0; i < m; i++) {
                prior -= s.theta[i] * x[i];
            }
            double denom = lambda + xpx;
            if (!(denom > 0) || !Double.isFinite(denom)) {
                reset(s);
            } else {
                double inv = 1.0 / denom;
                for (int i = 0; i < m; i++) {
                    s.theta[i] += px[i] * inv * prior;
                }
                double invLambda = 1.0 / lambda;
                for (int i = 0; i < m; i++) {
                    int row = i * m;
                    double ki = px[i] * inv;
                    for (int j = i; j < m; j++) {
                        double v = (pm[row + j] - ki * px[j]) * invLambda;
                        pm[row + j] = v;
                        pm[j * m + i] = v;
                    }
                }
                double post = y;
                for (int i = 0; i < m; i++) {
                    post -= s.theta[i] * x[i];
                }
                s.ssr = lambda * s.ssr + prior * post;
                s.weight = lambda * s.weight + 1;
                if (!healthy(s)) {
                    reset(s);
                }
            }
        }
        for (int i = p - 1; i > 0; i--) {
            s.lags[i] = s.lags[i - 1];
        }
        s.lags[0] = y;
        s.n++;
    }

    @Override
    public void forecast(ArState s, Predictive out) {
        checkShape(s);
        int p = config.order();
        int horizon = out.horizon();
        if (s.n == 0) {
            for (int h = 1; h <= horizon; h++) {
                out.set(h, 0.0, Double.MAX_VALUE);
            }
            return;
        }
        if (s.n <= p || s.weight <= m) {
            double last = s.lags[0];
            double spread = 0;
            int k = (int) Math.min(s.n, p);
            for (int i = 0; i < k; i++) {
                spread = Math.max(spread, Math.abs(s.lags[i] - last));
            }
            double v = Math.max(spread * spread, 1e-12 + 1e-6 * last * last) * 4;
            for (int h = 1; h <= horizon; h++) {
                out.set(h, last, v * h);
            }
            return;
        }
        double sigma2 = noiseVariance(s);
        // parameter uncertainty factor at the origin: 1 + x' P x with x the next regressor
        x[0] = 1;
        for (int i = 0; i < p; i++) {
            x[i + 1] = s.lags[i];
        }
        double xpx = 0;
        for (int i = 0; i < m; i++) {
            double acc = 0;
            for (int j = 0; j < m; j++) {
                acc += s.p[i * m + j] * x[j];
            }
            xpx += x[i] * acc;
        }
        double inflation = 1 + Math.max(0, xpx);
        System.arraycopy(s.lags, 0, path, 0, p);
        double[] psi = psiBuffer(horizon);
        double cumPsi2 = 0;
        for (int h = 1; h <= horizon; h++) {
            double mean = s.theta[0];
            for (int i = 0; i < p; i++) {
                mean += s.theta[i + 1] * path[i];
            }
            for (int i = p - 1; i > 0; i--) {
                path[i] = path[i - 1];
            }
            path[0] = mean;
            int j = h - 1;
            double psiJ = 1.0;
            if (j > 0) {
                psiJ = 0;
                for (int i = 1; i <= Math.min(j, p); i++) {
                    psiJ += s.theta[i] * psi[j - i];
                }
            }
            psi[j] = psiJ;
            cumPsi2 += psiJ * psiJ;
            out.set(h, mean, sigma2 * cumPsi2 * inflation);
        }
        double dof = s.weight - m;
        out.setDof(dof > 2 ? dof : 2.0001);
    }

    /** One-step innovation variance estimate sigma^2. */
    public double noiseVariance(ArState s) {
        double dof = s.weight - m;
        if (dof <= 0) {
            return Double.MAX_VALUE;
        }
        return Math.max(s.ssr / dof, 1e-300);
    }

    private double[] psiBuffer(int len) {
        if (psiScratch.length < len) {
            psiScratch = new double[Math.max(len, psiScratch.length * 2)];
        }
        return psiScratch;
    }

    private void regressor(ArState s) {
        x[0] = 1;
        for (int i = 0; i < config.order(); i++) {
            x[i + 1] = s.lags[i];
        }
    }

    private boolean healthy(ArState s) {
        for (int i = 0; i < m; i++) {
            double d = s.p[i * m + i];
            if (!(d > 0) || !Double.isFinite(d) || !Double.isFinite(s.theta[i])) {
                return false;
            }
        }
        return Double.isFinite(s.ssr);
    }

    private void reset(ArState s) {
        java.util.Arrays.fill(s.p, 0);
        for (int i = 0; i < m; i++) {
            s.p[i * m + i] = config.initialP();
            if (!Double.isFinite(s.theta[i])) {
                java.util.Arrays.fill(s.theta, 0);
            }
        }
        if (!Double.isFinite(s.ssr)) {
            s.ssr = 0;
            s.weight = 0;
        }
        s.resets++;
    }

    private void checkShape(ArState s) {
        if (s.order != config.order() || s.theta == null || s.theta.length != m || s.p == null
                || s.p.length != m * m || s.lags == null || s.lags.length != config.order()) {
            throw new IllegalArgumentException("expected an AR(" + config.order() + ") state with theta[" + m
                    + "], p[" + (m * m) + "], lags[" + config.order() + "] but found order " + s.order);
        }
        if (s.version != ArState.CURRENT_VERSION) {
            throw new IllegalArgumentException("expected ArState version " + ArState.CURRENT_VERSION
                    + " but found " + s.version);
        }
    }
}
