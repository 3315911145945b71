package dev.augur.models.var;

import dev.augur.models.MultivariatePredictive;
import java.util.Arrays;

/**
 * h-step forecasts and forecast MSE matrices of a VAR(p) with given coefficients and noise covariance, shared by the
 * models whose point estimate is a VAR in disguise (the sparse VAR, the space-time AR).
 *
 * <p>Luetkepohl (2005), section 2.2.2: yhat(h) = nu + sum_{l=1..p} A_l yhat(h-l) with yhat(j) = y_{t+j} for j <= 0, and
 * Sigma_y(h) = sum_{i=0..h-1} Phi_i Sigma_u Phi_i', Phi_0 = I, Phi_i = sum_{l=1..min(i,p)} Phi_{i-l} A_l (eq. 2.1.22).
 * Normal, no parameter uncertainty (statsmodels' {@code forecast_interval}).
 *
 * <p>Coefficients use {@link VarState#coef}'s layout: B is m x k row-major (m = 1 + k p), B[0][j] = nu_j and
 * B[1 + (l-1) k + c][a] = A_l[a][c]. Holds its scratch space; allocation free after the first call at the largest
 * horizon. Not thread-safe.
 */
public final class VarForecast {
    private final int k;
    private final int order;
    private final double[] path;
    private final double[] mean;
    private final double[] row;
    private final double[] mse;
    private double[] phi;

    /**
     * @param dimension k, at least 1
     * @param order p, at least 1
     */
    public VarForecast(int dimension, int order) {
        if (dimension < 1 || order < 1) {
            throw new IllegalArgumentException("expected dimension >= 1 and order >= 1 but found " + dimension
                    + ", " + order);
        }
        this.k = dimension;
        this.order = order;
        this.path = new double[order * dimension];
        this.mean = new double[dimension];
        this.row = new double[dimension];
        this.mse = new double[dimension * dimension];
        this.phi = new double[16 * dimension * dimension];
    }

    /**
     * Writes means and MSE matrices for steps 1..{@code out.horizon()} into {@code out}; sets its dof to +infinity.
     *
     * @param coef B, m x k row-major (layout above) at {@code coefOffset}, read only
     * @param coefOffset start of B in {@code coef}
     * @param lags last p observations, lags[l k + c] = y_{t-l}[c] (most recent first), read only
     * @param sigmaU Sigma_u, k x k row-major, symmetric positive semidefinite, read only
     * @param out overwritten; dimension k
     */
    public void forecast(double[] coef, int coefOffset, double[] lags, double[] sigmaU, MultivariatePredictive out) {
        if (out.dimension() != k) {
            throw new IllegalArgumentException("expected a predictive of dimension " + k + " but found "
                    + out.dimension());
        }
        int horizon = out.horizon();
        int kk = k * k;
        if (phi.length < horizon * kk) {
            phi = new double[horizon * kk];
        }
        out.setDof(Double.POSITIVE_INFINITY);
        System.arraycopy(lags, 0, path, 0, order * k);
        if (horizon > 1) {
            // Phi_0 = I; only the recursion for h >= 2 reads it
            Arrays.fill(phi, 0, kk, 0.0);
            for (int a = 0; a < k; a++) {
                phi[a * k + a] = 1;
            }
        }
        System.arraycopy(sigmaU, 0, mse, 0, kk);
        for (int h = 1; h <= horizon; h++) {
            System.arraycopy(coef, coefOffset, mean, 0, k);
            for (int i = 0; i < order * k; i++) {
                double v = path[i];
                int r = coefOffset + (1 + i) * k;
                for (int j = 0; j < k; j++) {
                    mean[j] += coef[r + j] * v;
                }
            }
            System.arraycopy(path, 0, path, k, (order - 1) * k);
            System.arraycopy(mean, 0, path, 0, k);
            for (int j = 0; j < k; j++) {
                out.setMean(h, j, mean[j]);
            }
            int i = h - 1;
            int base = i * kk;
            if (i > 0) {
                Arrays.fill(phi, base, base + kk, 0.0);
                int lim = Math.min(i, order);
                for (int l = 1; l <= lim; l++) {
                    int prev = (i - l) * kk;
                    int aRow = coefOffset + (1 + (l - 1) * k) * k;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            double pab = phi[prev + a * k + b];
                            if (pab == 0) {
                                continue;
                            }
                            for (int c = 0; c < k; c++) {
                                phi[base + a * k + c] += pab * coef[aRow + c * k + b];
                            }
                        }
                    }
                }
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        double acc = 0;
                        for (int c = 0; c < k; c++) {
                            acc += phi[base + a * k + c] * sigmaU[c * k + b];
                        }
                        row[b] = acc;
                    }
                    for (int b = a; b < k; b++) {
                        double acc = 0;
                        for (int c = 0; c < k; c++) {
                            acc += row[c] * phi[base + b * k + c];
                        }
                        double v = mse[a * k + b] + acc;
                        mse[a * k + b] = v;
                        mse[b * k + a] = v;
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    out.setCovariance(h, a, b, mse[a * k + b]);
                }
            }
        }
    }
}
