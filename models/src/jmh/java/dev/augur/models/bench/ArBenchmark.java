package dev.augur.models.bench;

import dev.augur.models.Predictive;
import dev.augur.models.ar.ArConfig;
import dev.augur.models.ar.ArState;
import dev.augur.models.ar.RlsAr;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One forecast-then-learn step of online AR(p): {@link RlsAr} against the same arithmetic written bare (no state
 * object, no validation, no wind-up or health checks), and against textbook covariance-form RLS for reference. Each
 * invocation forecasts one step (mean and Bayesian variance) and then learns the arriving value.
 *
 * <p>Three bare baselines: {@link #bareArithmetic} computes f = U'x twice, once for the variance x'Px = sum d f^2 and
 * once inside the Bierman step, as the model did before it carried U'x from forecast to learn; {@link
 * #bareArithmeticSharedUx} computes it once, the least arithmetic the step's numbers need, and is the stricter
 * baseline the target is measured against. {@link #bareArithmeticFused} is the same arithmetic in the model's loop
 * structure since session 4: the Bierman pass over U also forms U'z and z'Pz for the next regressor z, and the
 * coefficient update also forms the next mean, so a step makes one pass over U; against it the ratio is the cost of
 * the model's bookkeeping alone (validation, checks, the cache, the predictive), not of a loop structure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ArBenchmark {
    private static final int MASK = 8191;

    @Param({"8", "16"})
    public int order;

    private double[] series;
    private int t;

    private RlsAr model;
    private ArState state;
    private Predictive out;

    private int m;
    private double lambda;
    private double[] theta;
    private double[] ud;
    private double[] lags;
    private double[] x;
    private double[] f;
    private double[] nu;
    private double ssr;
    private double weight;

    private double[] fusedTheta;
    private double[] fusedUd;
    private double[] fusedLags;
    private double[] fusedF;
    private double[] fusedNu;
    private double[] z;
    private double fusedQ;
    private double fusedMean;
    private double fusedSsr;
    private double fusedWeight;

    private double[] cov;
    private double[] covTheta;
    private double[] covLags;
    private double[] px;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(7);
        series = new double[MASK + 1];
        double a = 0;
        double b = 0;
        for (int i = 0; i < series.length; i++) {
            double e = Math.sqrt(-2 * Math.log1p(-rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            double v = 0.6 * a - 0.2 * b + e;
            b = a;
            a = v;
            series[i] = 20 + v;
        }
        model = new RlsAr(new ArConfig(order, 0.999, 1e4));
        state = model.newState();
        for (int i = 0; i < 2000; i++) {
            model.learn(state, series[i & MASK]);
        }
        out = new Predictive(1);
        m = order + 1;
        lambda = 0.999;
        theta = state.theta.clone();
        ud = state.ud.clone();
        lags = state.lags.clone();
        ssr = state.ssr;
        weight = state.weight;
        x = new double[m];
        f = new double[m];
        nu = new double[m];
        dev.augur.models.rls.RecursiveLeastSquares.expand(ud, 0, m, cov = new double[m * m], 0);
        fusedTheta = theta.clone();
        fusedUd = ud.clone();
        fusedLags = lags.clone();
        fusedF = new double[m];
        fusedNu = new double[m];
        z = new double[m];
        fusedSsr = ssr;
        fusedWeight = weight;
        z[0] = 1;
        System.arraycopy(fusedLags, 0, z, 1, order);
        fusedMean = 0;
        for (int i = 0; i < m; i++) {
            fusedMean += fusedTheta[i] * z[i];
        }
        fusedQ = dev.augur.models.rls.RecursiveLeastSquares.quadraticForm(fusedUd, 0, m, z, 0, fusedF);
        covTheta = theta.clone();
        covLags = lags.clone();
        px = new double[m];
        t = 2000;
    }

    @Benchmark
    public double model() {
        double y = series[t++ & MASK];
        model.forecast(state, out);
        model.learn(state, y);
        return out.mean(1) + out.variance(1);
    }

    @Benchmark
    public double bareArithmetic() {
        double y = series[t++ & MASK];
        int p = order;
        // forecast: x = [1, lags], mean = theta'x, variance = s^2 (1 + x'Px) nu/(nu-2) with x'Px = sum d (U'x)^2
        x[0] = 1;
        System.arraycopy(lags, 0, x, 1, p);
        double mean = 0;
        for (int i = 0; i < m; i++) {
            mean += theta[i] * x[i];
        }
        double q = 0;
        for (int j = 0; j < m; j++) {
            int row = j * m;
            double fj = x[j];
            for (int i = 0; i < j; i++) {
                fj += ud[row + i] * x[i];
            }
            q += ud[row + j] * fj * fj;
        }
        double dof = weight - m;
        double variance = ssr / dof * (1 + q) * dof / (dof - 2);
        // learn: Bierman step, coefficient update, residual sums, lag shift
        double e = y - mean;
        for (int j = 0; j < m; j++) {
            int row = j * m;
            double fj = x[j];
            for (int i = 0; i < j; i++) {
                fj += ud[row + i] * x[i];
            }
            f[j] = fj;
            nu[j] = ud[row + j] * fj;
        }
        double inv = 1.0 / lambda;
        double beta = lambda;
        for (int j = 0; j < m; j++) {
            int row = j * m;
            double fj = f[j];
            double vj = nu[j];
            double prev = beta;
            beta = prev + fj * vj;
            ud[row + j] *= prev / beta * inv;
            double mu = -fj / prev;
            for (int i = 0; i < j; i++) {
                double u = ud[row + i];
                ud[row + i] = u + nu[i] * mu;
                nu[i] += u * vj;
            }
        }
        double ge = e / beta;
        for (int i = 0; i < m; i++) {
            theta[i] += nu[i] * ge;
        }
        ssr = lambda * ssr + lambda * ge * e;
        weight = lambda * weight + 1;
        for (int i = p - 1; i > 0; i--) {
            lags[i] = lags[i - 1];
        }
        lags[0] = y;
        return mean + variance;
    }

    @Benchmark
    public double bareArithmeticSharedUx() {
        double y = series[t++ & MASK];
        int p = order;
        // forecast: f = U'x, nu = D f and x'Px = f'D f in one pass; the learn step reuses f and nu
        x[0] = 1;
        System.arraycopy(lags, 0, x, 1, p);
        double mean = 0;
        for (int i = 0; i < m; i++) {
            mean += theta[i] * x[i];
        }
        double q = 0;
        for (int j = 0; j < m; j++) {
            int row = j * m;
            double fj = x[j];
            for (int i = 0; i < j; i++) {
                fj += ud[row + i] * x[i];
            }
            f[j] = fj;
            double vj = ud[row + j] * fj;
            nu[j] = vj;
            q += vj * fj;
        }
        double dof = weight - m;
        double variance = ssr / dof * (1 + q) * dof / (dof - 2);
        double e = y - mean;
        double inv = 1.0 / lambda;
        double beta = lambda;
        for (int j = 0; j < m; j++) {
            int row = j * m;
            double fj = f[j];
            double vj = nu[j];
            double prev = beta;
            beta = prev + fj * vj;
            ud[row + j] *= prev / beta * inv;
            double mu = -fj / prev;
            for (int i = 0; i < j; i++) {
                double u = ud[row + i];
                ud[row + i] = u + nu[i] * mu;
                nu[i] += u * vj;
            }
        }
        double ge = e / beta;
        for (int i = 0; i < m; i++) {
            theta[i] += nu[i] * ge;
        }
        ssr = lambda * ssr + lambda * ge * e;
        weight = lambda * weight + 1;
        for (int i = p - 1; i > 0; i--) {
            lags[i] = lags[i - 1];
        }
        lags[0] = y;
        return mean + variance;
    }

    @Benchmark
    public double bareArithmeticFused() {
        double y = series[t++ & MASK];
        int p = order;
        double[] ud = fusedUd;
        double[] f = fusedF;
        double[] nu = fusedNu;
        double[] theta = fusedTheta;
        double[] lags = fusedLags;
        // forecast: the mean, f = U'x and q = x'Px were formed by the last step for this regressor
        double mean = fusedMean;
        double dof = fusedWeight - m;
        double variance = fusedSsr / dof * (1 + fusedQ) * dof / (dof - 2);
        double e = y - mean;
        // learn: Bierman step that also forms g = U'z and z'Pz of the new factors for the next regressor z
        z[0] = 1;
        z[1] = y;
        System.arraycopy(lags, 0, z, 2, p - 1);
        for (int j = 0; j < m; j++) {
            nu[j] = ud[j * m + j] * f[j];
        }
        double inv = 1.0 / lambda;
        double beta = lambda;
        double q = 0;
        for (int j = 0; j < m; j++) {
            int row = j * m;
            double fj = f[j];
            double vj = nu[j];
            double prev = beta;
            beta = prev + fj * vj;
            double d = ud[row + j] * (prev / beta * inv);
            ud[row + j] = d;
            double mu = -fj / prev;
            double gj = z[j];
            for (int i = 0; i < j; i++) {
                double u = ud[row + i];
                double w = u + nu[i] * mu;
                ud[row + i] = w;
                nu[i] += u * vj;
                gj += w * z[i];
            }
            f[j] = gj;
            q += d * gj * gj;
        }
        double ge = e / beta;
        double next = 0;
        for (int i = 0; i < m; i++) {
            double th = theta[i] + nu[i] * ge;
            theta[i] = th;
            next += th * z[i];
        }
        fusedMean = next;
        fusedQ = q;
        fusedSsr = lambda * fusedSsr + lambda * ge * e;
        fusedWeight = lambda * fusedWeight + 1;
        for (int i = p - 1; i > 0; i--) {
            lags[i] = lags[i - 1];
        }
        lags[0] = y;
        return mean + variance;
    }

    /** Textbook covariance-form RLS (P updated directly, upper triangle mirrored), for reference only. */
    @Benchmark
    public double bareCovarianceRls() {
        double y = series[t++ & MASK];
        int p = order;
        x[0] = 1;
        System.arraycopy(covLags, 0, x, 1, p);
        double mean = 0;
        for (int i = 0; i < m; i++) {
            mean += covTheta[i] * x[i];
        }
        double xpx = 0;
        for (int i = 0; i < m; i++) {
            int row = i * m;
            double acc = 0;
            for (int j = 0; j < m; j++) {
                acc += cov[row + j] * x[j];
            }
            px[i] = acc;
            xpx += x[i] * acc;
        }
        double e = y - mean;
        double g = 1.0 / (lambda + xpx);
        for (int i = 0; i < m; i++) {
            covTheta[i] += px[i] * g * e;
        }
        double inv = 1.0 / lambda;
        for (int i = 0; i < m; i++) {
            int row = i * m;
            double ki = px[i] * g;
            for (int j = i; j < m; j++) {
                double v = (cov[row + j] - ki * px[j]) * inv;
                cov[row + j] = v;
                cov[j * m + i] = v;
            }
        }
        for (int i = p - 1; i > 0; i--) {
            covLags[i] = covLags[i - 1];
        }
        covLags[0] = y;
        return mean + xpx;
    }
}
