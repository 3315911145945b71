package dev.augur.models.eval;

import dev.augur.models.dist.Normal;
import dev.augur.models.rls.Cholesky;

/**
 * Joint samples of k series at one forecast step, drawn from standard Normal draws e (n x k, supplied by the caller so
 * that every model of a run sees the same draws):
 * <ul>
 *   <li>{@link #gaussian}: x_p = mu + L e_p with Sigma = L L' (lower Cholesky factor), i.e. x_p ~ N(mu, Sigma); for a
 *       VAR, mu and Sigma are the h-step forecast and its MSE matrix Sigma_y(h) (Luetkepohl 2005, section 2.2.2);
 *   <li>{@link #copula}: a Gaussian copula over marginals known by quantiles: z_p = C e_p with R = C C' a correlation
 *       matrix, x_{p,i} = Q_i(Phi(z_{p,i})), Q_i the marginal's {@link QuantileFunction} (linear between the quantile
 *       levels, Normal tails matched to the outer pair).
 * </ul>
 * Stateless.
 */
final class JointSampler {
    private JointSampler() {
    }

    /**
     * Lower Cholesky factor of a symmetric positive semidefinite matrix. A matrix that is singular to working
     * precision gets 1e-10 of its mean diagonal added to the diagonal first; if even that fails, the factor of its
     * diagonal (independent components).
     *
     * @param a k x k row-major, read only
     * @param l k x k row-major output, overwritten
     */
    static void factor(double[] a, int k, double[] l) {
        if (Cholesky.factor(a, 0, k, l, 0)) {
            return;
        }
        double mean = 0;
        for (int i = 0; i < k; i++) {
            mean += a[i * k + i] / k;
        }
        double[] jittered = a.clone();
        for (int i = 0; i < k; i++) {
            jittered[i * k + i] += 1e-10 * mean;
        }
        if (Cholesky.factor(jittered, 0, k, l, 0)) {
            return;
        }
        java.util.Arrays.fill(l, 0, k * k, 0.0);
        for (int i = 0; i < k; i++) {
            l[i * k + i] = Math.sqrt(Math.max(a[i * k + i], 0));
        }
    }

    /**
     * The correlation matrix R_ij = S_ij / sqrt(S_ii S_jj) of a covariance S (0 off the diagonal where a variance is
     * not positive).
     *
     * @param cov k x k row-major, read only
     * @param out k x k row-major, overwritten
     */
    static void correlation(double[] cov, int k, double[] out) {
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = cov[i * k + i] * cov[j * k + j];
                out[i * k + j] = i == j ? 1.0 : d > 0 ? cov[i * k + j] / Math.sqrt(d) : 0.0;
            }
        }
    }

    /**
     * x_p = mu + L e_p for p = 1..n.
     *
     * @param mu k means, read only
     * @param l lower factor, k x k row-major, read only
     * @param e n x k standard Normal draws, read only
     * @param out n x k row-major, overwritten
     */
    static void gaussian(double[] mu, double[] l, double[] e, int n, int k, double[] out) {
        for (int p = 0; p < n; p++) {
            int row = p * k;
            for (int i = 0; i < k; i++) {
                double x = mu[i];
                for (int c = 0; c <= i; c++) {
                    x += l[i * k + c] * e[row + c];
                }
                out[row + i] = x;
            }
        }
    }

    /**
     * The copula's uniforms u_{p,i} = Phi((C e_p)_i) for p = 1..n; the same for every model joined with C, so
     * computed once.
     *
     * @param c lower factor of the correlation matrix, k x k row-major, read only
     * @param e n x k standard Normal draws, read only
     * @param u n x k row-major, overwritten
     */
    static void uniforms(double[] c, double[] e, int n, int k, double[] u) {
        for (int p = 0; p < n; p++) {
            int row = p * k;
            for (int i = 0; i < k; i++) {
                double z = 0;
                for (int j = 0; j <= i; j++) {
                    z += c[i * k + j] * e[row + j];
                }
                u[row + i] = Normal.cdf(z);
            }
        }
    }

    /**
     * x_{p,i} = Q_i(u_{p,i}) for p = 1..n: the copula's samples for marginals known by quantiles.
     *
     * @param levels quantile levels, ascending, read only
     * @param quantiles k x L row-major: the marginal quantiles of series i at the levels; read only
     * @param u n x k uniforms from {@link #uniforms}, read only
     * @param out n x k row-major, overwritten
     */
    static void copula(double[] levels, double[] quantiles, double[] u, int n, int k, double[] out) {
        int nl = levels.length;
        double[] q = new double[nl];
        for (int i = 0; i < k; i++) {
            System.arraycopy(quantiles, i * nl, q, 0, nl);
            for (int p = 0; p < n; p++) {
                out[p * k + i] = QuantileFunction.value(levels, q, u[p * k + i]);
            }
        }
    }
}
