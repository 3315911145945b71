package dev.augur.models.scoring;

import dev.augur.models.MultivariatePredictive;
import dev.augur.models.dist.ChiSquared;
import dev.augur.models.dist.FisherF;
import dev.augur.models.rls.Cholesky;

/**
 * Scores a group's observation vector y (k members) against the one-step joint predictive N(mu, Sigma) or its
 * multivariate-t version with nu degrees of freedom:
 * <pre>
 *   e = y - mu,   d^2 = e' Sigma^-1 e                   (squared Mahalanobis distance)
 *   tail = P(chi^2_k > d^2)          for Normal predictives
 *   tail = P(F(k, nu) > d^2 / k)     for multivariate t (Anderson, An Introduction to Multivariate Statistical
 *                                     Analysis, 3rd ed., section 5.2: Hotelling's T^2 / k is F-distributed)
 *   score = 1 - tail
 *   share_i = (e_i^2 / Sigma_ii) / sum_j (e_j^2 / Sigma_jj)   each member's share of the standardised residual
 * </pre>
 * Results are written into this object's fields and {@code shares}; allocation free after construction; not
 * thread-safe.
 */
public final class GroupResidualScorer {
    private final int k;
    private final double[] sigma;
    private final double[] chol;
    private final double[] work;
    private final double[] shares;
    private final double[] residual;
    private double distance2;
    private double tail;

    public GroupResidualScorer(int k) {
        this.k = k;
        this.sigma = new double[k * k];
        this.chol = new double[k * k];
        this.work = new double[k];
        this.shares = new double[k];
        this.residual = new double[k];
    }

    /**
     * Scores {@code y} against step 1 of {@code p}.
     *
     * @return the score in [0,1], or NaN when the predictive covariance is not positive definite
     */
    public double score(MultivariatePredictive p, double[] y) {
        double total = 0;
        for (int i = 0; i < k; i++) {
            double e = y[i] - p.mean(1, i);
            work[i] = e;
            for (int j = 0; j < k; j++) {
                sigma[i * k + j] = p.covariance(1, i, j);
            }
            double v = sigma[i * k + i];
            shares[i] = v > 0 ? e * e / v : 0;
            total += shares[i];
        }
        for (int i = 0; i < k; i++) {
            shares[i] = total > 0 ? shares[i] / total : 1.0 / k;
        }
        if (!Cholesky.factor(sigma, 0, k, chol, 1e-12)) {
            distance2 = Double.NaN;
            tail = Double.NaN;
            return Double.NaN;
        }
        double[] e = residual;
        System.arraycopy(work, 0, e, 0, k);
        Cholesky.solve(chol, k, work, 0, 1);
        double d2 = 0;
        for (int i = 0; i < k; i++) {
            d2 += e[i] * work[i];
        }
        distance2 = d2;
        double nu = p.dof();
        tail = Double.isInfinite(nu) ? ChiSquared.survival(d2, k) : FisherF.survival(d2 / k, k, nu);
        tail = Math.min(1, Math.max(0, tail));
        return 1 - tail;
    }

    /** Squared Mahalanobis distance of the last scored vector. */
    public double distance2() {
        return distance2;
    }

    public double tailProbability() {
        return tail;
    }

    /** Share of member i in the last score, in [0,1]. */
    public double share(int i) {
        return shares[i];
    }

    /** The distance below which a fraction {@code level} of vectors fall under the predictive (chi^2_k quantile). */
    public double distanceQuantile(double level, double nu) {
        return Double.isInfinite(nu) ? ChiSquared.inverseCdf(level, k) : k * FisherF.inverseCdf(level, k, nu);
    }
}
