package dev.augur.models.bench;

import dev.augur.models.MultivariatePredictive;
import dev.augur.models.var.RlsVar;
import dev.augur.models.var.VarConfig;
import dev.augur.models.var.VarState;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One forecast-then-learn step of online VAR(p) for k = 7, p = 4 (m = 29): {@link RlsVar} against the same arithmetic
 * written bare. Each invocation forecasts one step (means and the MSE matrix Sigma_u) and learns the arriving vector.
 *
 * <p>Three bare baselines. {@link #bareArithmetic} is the original. {@link #bareArithmeticSymmetricMse} is the least
 * arithmetic the step needs: the same, with Sigma_u = S / (w - m) formed on one triangle and mirrored (k(k+1)/2
 * multiplications instead of k^2; S is symmetric), the VAR's analogue of the AR's shared-U'x baseline (the VAR's
 * forecast has no x'Px, so U'x is formed once in both). {@link #bareArithmeticFused} is that arithmetic in the model's
 * loop structure since session 4: the Bierman pass also forms U'z for the next regressor z (so the next step skips its
 * transform) and the coefficient update also forms the next means; against it the ratio is the cost of the model's
 * bookkeeping alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class VarBenchmark {
    private static final int K = 7;
    private static final int P = 4;
    private static final int M = 1 + K * P;
    private static final int MASK = 4095;

    private double[][] series;
    private int t;

    private RlsVar model;
    private VarState state;
    private MultivariatePredictive out;

    // the bare loop reads its sizes from fields, as the model does: constant-folded sizes would measure
    // specialisation for one configuration, not the model's bookkeeping
    private int k;
    private int p;
    private int m;
    private double lambda;
    private double[] coef;
    private double[] ud;
    private double[] lags;
    private double[] ss;
    private double weight;
    private double[] x;
    private double[] f;
    private double[] nu;
    private double[] e;
    private double[] mean;
    private double[] mse;
    private double[] z;
    private double[] nextMean;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(3);
        series = new double[MASK + 1][K];
        double[] prev = new double[K];
        for (int i = 0; i <= MASK; i++) {
            for (int c = 0; c < K; c++) {
                double g = Math.sqrt(-2 * Math.log1p(-rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                series[i][c] = 0.4 * prev[c] + 0.2 * prev[(c + 1) % K] + g;
            }
            prev = series[i].clone();
        }
        k = K;
        p = P;
        m = M;
        lambda = 0.999;
        model = new RlsVar(new VarConfig(K, P, lambda, 1e4));
        state = model.newState();
        for (int i = 0; i < 2000; i++) {
            model.learn(state, series[i & MASK]);
        }
        out = new MultivariatePredictive(K, 1);
        coef = state.coef.clone();
        ud = state.ud.clone();
        lags = state.lags.clone();
        ss = state.ssr.clone();
        weight = state.weight;
        x = new double[M];
        f = new double[M];
        nu = new double[M];
        e = new double[K];
        mean = new double[K];
        mse = new double[K * K];
        z = new double[M];
        nextMean = new double[K];
        // the fused baseline's carried values: U'x for the next regressor and the one-step means
        x[0] = 1;
        System.arraycopy(lags, 0, x, 1, k * p);
        dev.augur.models.rls.RecursiveLeastSquares.transform(ud, 0, m, x, f);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                nextMean[j] += coef[i * k + j] * x[i];
            }
        }
        t = 2000;
    }

    @Benchmark
    public double model() {
        double[] y = series[t++ & MASK];
        model.forecast(state, out);
        model.learn(state, y);
        return out.mean(1, 0) + out.covariance(1, 0, 0);
    }

    @Benchmark
    public double bareArithmetic() {
        double[] y = series[t++ & MASK];
        // forecast: means and MSE(1) = Sigma_u = S / (w - m)
        x[0] = 1;
        System.arraycopy(lags, 0, x, 1, k * p);
        for (int j = 0; j < k; j++) {
            mean[j] = 0;
        }
        for (int i = 0; i < m; i++) {
            double xi = x[i];
            int row = i * k;
            for (int j = 0; j < k; j++) {
                mean[j] += coef[row + j] * xi;
            }
        }
        double div = 1.0 / (weight - m);
        for (int i = 0; i < k * k; i++) {
            mse[i] = ss[i] * div;
        }
        // learn
        for (int j = 0; j < k; j++) {
            e[j] = y[j] - mean[j];
        }
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
        double invBeta = 1.0 / beta;
        for (int i = 0; i < m; i++) {
            double g = nu[i] * invBeta;
            int row = i * k;
            for (int j = 0; j < k; j++) {
                coef[row + j] += g * e[j];
            }
        }
        double w = lambda * invBeta;
        for (int a = 0; a < k; a++) {
            double ea = e[a] * w;
            for (int b = a; b < k; b++) {
                double v = lambda * ss[a * k + b] + ea * e[b];
                ss[a * k + b] = v;
                ss[b * k + a] = v;
            }
        }
        weight = lambda * weight + 1;
        System.arraycopy(lags, 0, lags, k, (p - 1) * k);
        System.arraycopy(y, 0, lags, 0, k);
        return mean[0] + mse[0];
    }

    @Benchmark
    public double bareArithmeticSymmetricMse() {
        double[] y = series[t++ & MASK];
        // forecast: means and MSE(1) = Sigma_u = S / (w - m), one triangle mirrored
        x[0] = 1;
        System.arraycopy(lags, 0, x, 1, k * p);
        for (int j = 0; j < k; j++) {
            mean[j] = 0;
        }
        for (int i = 0; i < m; i++) {
            double xi = x[i];
            int row = i * k;
            for (int j = 0; j < k; j++) {
                mean[j] += coef[row + j] * xi;
            }
        }
        double div = 1.0 / (weight - m);
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double v = ss[a * k + b] * div;
                mse[a * k + b] = v;
                mse[b * k + a] = v;
            }
        }
        // learn
        for (int j = 0; j < k; j++) {
            e[j] = y[j] - mean[j];
        }
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
        double invBeta = 1.0 / beta;
        for (int i = 0; i < m; i++) {
            double g = nu[i] * invBeta;
            int row = i * k;
            for (int j = 0; j < k; j++) {
                coef[row + j] += g * e[j];
            }
        }
        double w = lambda * invBeta;
        for (int a = 0; a < k; a++) {
            double ea = e[a] * w;
            for (int b = a; b < k; b++) {
                double v = lambda * ss[a * k + b] + ea * e[b];
                ss[a * k + b] = v;
                ss[b * k + a] = v;
            }
        }
        weight = lambda * weight + 1;
        System.arraycopy(lags, 0, lags, k, (p - 1) * k);
        System.arraycopy(y, 0, lags, 0, k);
        return mean[0] + mse[0];
    }

    @Benchmark
    public double bareArithmeticFused() {
        double[] y = series[t++ & MASK];
        // forecast: the means were formed by the last step; MSE(1) = Sigma_u, one triangle mirrored
        double div = 1.0 / (weight - m);
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double v = ss[a * k + b] * div;
                mse[a * k + b] = v;
                mse[b * k + a] = v;
            }
        }
        // learn: f = U'x was formed by the last step; the Bierman pass forms U'z for the next regressor z
        for (int j = 0; j < k; j++) {
            e[j] = y[j] - nextMean[j];
        }
        double mean0 = nextMean[0];
        z[0] = 1;
        System.arraycopy(y, 0, z, 1, k);
        System.arraycopy(lags, 0, z, 1 + k, (p - 1) * k);
        for (int j = 0; j < m; j++) {
            nu[j] = ud[j * m + j] * f[j];
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
            double gj = z[j];
            for (int i = 0; i < j; i++) {
                double u = ud[row + i];
                double uw = u + nu[i] * mu;
                ud[row + i] = uw;
                nu[i] += u * vj;
                gj += uw * z[i];
            }
            f[j] = gj;
        }
        double invBeta = 1.0 / beta;
        for (int j = 0; j < k; j++) {
            nextMean[j] = 0;
        }
        for (int i = 0; i < m; i++) {
            double g = nu[i] * invBeta;
            double zi = z[i];
            int row = i * k;
            for (int j = 0; j < k; j++) {
                double v = coef[row + j] + g * e[j];
                coef[row + j] = v;
                nextMean[j] += v * zi;
            }
        }
        double w = lambda * invBeta;
        for (int a = 0; a < k; a++) {
            double ea = e[a] * w;
            for (int b = a; b < k; b++) {
                double v = lambda * ss[a * k + b] + ea * e[b];
                ss[a * k + b] = v;
                ss[b * k + a] = v;
            }
        }
        weight = lambda * weight + 1;
        System.arraycopy(lags, 0, lags, k, (p - 1) * k);
        System.arraycopy(y, 0, lags, 0, k);
        return mean0 + mse[0];
    }
}
