package dev.augur.models.rls;

/**
 * The arithmetic of exponentially weighted recursive least squares in UD-factorised form, as fused loops over
 * row-major {@code double[]}. Shared by the AR, ARIMA, VAR and space-time AR models, which differ only in how they
 * build the regressor x and how many outputs share it.
 *
 * <p>With P the m x m inverse of the weighted information matrix R_t = sum_s lambda^{t-s} x_s x_s', one RLS step is
 * (Ljung and Soederstroem 1983, section 2.2)
 * <pre>
 *   beta  = lambda + x' P x,   K = P x / beta
 *   theta <- theta + K e'                      (e = y - theta' x, the a priori error, one per output)
 *   P     <- (P - P x x' P / beta) / lambda
 * </pre>
 * and the weighted residual sum of squares follows exactly as S_t = lambda S_{t-1} + lambda e e' / beta (the a
 * posteriori residual is lambda e / beta).
 *
 * <p>P is never formed. It is kept as P = U D U' with U unit upper triangular and D diagonal and updated by
 * Bierman's algorithm with forgetting (Bierman 1977, Factorization Methods for Discrete Sequential Estimation, ch. V;
 * Ljung and Soederstroem 1983, section 6.2). Every new d_j is the old one times a ratio of positive numbers, so P stays
 * symmetric positive definite by construction over any number of steps; the covariance form, even symmetrised, loses
 * definiteness when a wound-up P meets a large regressor (seen in this project's 10^7-step test).
 *
 * <p><b>Storage ("UD array")</b>, m x m row-major: d_j on the diagonal, U_ij (i &lt; j) stored transposed at row j,
 * column i (so column j of U is contiguous); the upper triangle is unused and zero.
 *
 * <p>Every method is allocation free, states the shapes it expects and says which arguments it modifies.
 */
public final class RecursiveLeastSquares {
    private RecursiveLeastSquares() {
    }

    /**
     * One Bierman step: updates the UD factors of P for regressor x with forgetting {@code lambda} and writes the
     * unnormalised gain nu = P_{t-1} x into {@code nu}, so that K = nu / beta.
     *
     * @param ud UD array (m x m at {@code off}), modified
     * @param x regressor, length >= m, read only
     * @param lambda forgetting factor in (0, 1]
     * @param f scratch, length >= m, overwritten with U' x
     * @param nu length >= m, overwritten with P x (P before the step)
     * @return beta = lambda + x' P x (P before the step)
     */
    public static double update(double[] ud, int off, int m, double[] x, double lambda, double[] f, double[] nu) {
        transform(ud, off, m, x, f);
        return updateTransformed(ud, off, m, f, lambda, nu);
    }

    /**
     * {@link #update(double[], int, int, double[], double, double[], double[])} with the health check of
     * {@link #updateTransformed(double[], int, int, double[], double, double[], double[])}. (A one-pass version that
     * forms f column by column inside the Bierman loop measured 12-18% slower for m = 9..29 than these two passes.)
     *
     * @param health length >= 1, element 0 overwritten; or null for no check
     */
    public static double update(double[] ud, int off, int m, double[] x, double lambda, double[] f, double[] nu,
            double[] health) {
        transform(ud, off, m, x, f);
        return updateTransformed(ud, off, m, f, lambda, nu, health);
    }

    /**
     * f = U' x, the first half of {@link #update}; a caller that already holds U' x for the current factors (from
     * {@link #quadraticForm(double[], int, int, double[], int, double[])}) skips it and calls
     * {@link #updateTransformed} alone, with the same result to the bit.
     *
     * @param ud UD array at {@code off}, read only
     * @param x length >= m, read only
     * @param f length >= m, overwritten with U' x
     */
    public static void transform(double[] ud, int off, int m, double[] x, double[] f) {
        for (int j = 0; j < m; j++) {
            int row = off + j * m;
            double fj = x[j];
            for (int i = 0; i < j; i++) {
                fj += ud[row + i] * x[i];
            }
            f[j] = fj;
        }
    }

    /**
     * The Bierman step of {@link #update} given f = U' x (U before the step): updates the UD factors of P with
     * forgetting {@code lambda} and writes nu = P_{t-1} x = U D f into {@code nu}.
     *
     * @param ud UD array (m x m at {@code off}), modified
     * @param f U' x, length >= m, read only
     * @param lambda forgetting factor in (0, 1]
     * @param nu length >= m, overwritten with P x (P before the step)
     * @return beta = lambda + x' P x = lambda + sum_j d_j f_j^2 (P before the step)
     */
    public static double updateTransformed(double[] ud, int off, int m, double[] f, double lambda, double[] nu) {
        return updateTransformed(ud, off, m, f, lambda, nu, null);
    }

    /**
     * {@link #updateTransformed(double[], int, int, double[], double, double[])} that also writes the health check of
     * the new factors into {@code health[0]}: trace(D) after the step if every new d_j is positive, NaN otherwise
     * (the value {@link #traceIfPositive} would return, summed in the same order, without another pass).
     *
     * @param health length >= 1, element 0 overwritten; or null for no check
     */
    public static double updateTransformed(double[] ud, int off, int m, double[] f, double lambda, double[] nu,
            double[] health) {
        for (int j = 0; j < m; j++) {
            nu[j] = ud[off + j * m + j] * f[j];
        }
        double invLambda = 1.0 / lambda;
        double beta = lambda;
        double trace = 0;
        boolean positive = true;
        for (int j = 0; j < m; j++) {
            int row = off + j * m;
            double fj = f[j];
            double vj = nu[j];
            double prev = beta;
            beta = prev + fj * vj;
            double d = ud[row + j] * (prev / beta * invLambda);
            ud[row + j] = d;
            trace += d;
            positive &= d > 0;
            double mu = -fj / prev;
            for (int i = 0; i < j; i++) {
                double u = ud[row + i];
                ud[row + i] = u + nu[i] * mu;
                nu[i] += u * vj;
            }
        }
        if (health != null) {
            health[0] = positive ? trace : Double.NaN;
        }
        return beta;
    }

    /**
     * {@link #updateTransformed(double[], int, int, double[], double, double[], double[])} that also writes
     * g = U' z for the factors after the step, and z' P z = sum_j d_j g_j^2, in the same pass: row j of the storage is
     * final once the Bierman loop has updated it, and g_j is summed from it as it is written. When z is the next
     * regressor, these are what the next forecast's variance and the next step need; each is the sum
     * {@link #transform} and {@link #quadraticForm(double[], int, int, double[], int, double[])} form, in the same
     * order, so reusing them changes no bit.
     *
     * @param ud UD array (m x m at {@code off}), modified
     * @param f U' x, length >= m, read only (U before the step)
     * @param nu length >= m, overwritten with P x (P before the step)
     * @param health length >= 2: element 0 overwritten with the health check (as in the method above), element 1
     *     with z' P z (P after the step)
     * @param z length >= m, read only
     * @param g length >= m, overwritten with U' z (U after the step); may be the same array as {@code f}
     * @return beta = lambda + x' P x (P before the step)
     */
    public static double updateTransformed(double[] ud, int off, int m, double[] f, double lambda, double[] nu,
            double[] health, double[] z, double[] g) {
        for (int j = 0; j < m; j++) {
            nu[j] = ud[off + j * m + j] * f[j];
        }
        double invLambda = 1.0 / lambda;
        double beta = lambda;
        double trace = 0;
        double q = 0;
        boolean positive = true;
        for (int j = 0; j < m; j++) {
            int row = off + j * m;
            double fj = f[j];
            double vj = nu[j];
            double prev = beta;
            beta = prev + fj * vj;
            double d = ud[row + j] * (prev / beta * invLambda);
            ud[row + j] = d;
            trace += d;
            positive &= d > 0;
            double mu = -fj / prev;
            double gj = z[j];
            for (int i = 0; i < j; i++) {
                double u = ud[row + i];
                double w = u + nu[i] * mu;
                ud[row + i] = w;
                nu[i] += u * vj;
                gj += w * z[i];
            }
            g[j] = gj;
            q += d * gj * gj;
        }
        health[0] = positive ? trace : Double.NaN;
        health[1] = q;
        return beta;
    }

    /**
     * g' P g for P = U D U'.
     *
     * @param ud UD array at {@code off}, read only
     * @param g read only, the vector at [gOff, gOff + m)
     */
    public static double quadraticForm(double[] ud, int off, int m, double[] g, int gOff) {
        double q = 0;
        for (int j = 0; j < m; j++) {
            int row = off + j * m;
            double fj = g[gOff + j];
            for (int i = 0; i < j; i++) {
                fj += ud[row + i] * g[gOff + i];
            }
            q += ud[row + j] * fj * fj;
        }
        return q;
    }

    /**
     * g' P g for P = U D U', as {@link #quadraticForm(double[], int, int, double[], int)}, and also writes f = U' g
     * into {@code f} (what {@link #updateTransformed} needs when g is the next regressor).
     *
     * @param ud UD array at {@code off}, read only
     * @param g read only, the vector at [gOff, gOff + m)
     * @param f length >= m, overwritten with U' g
     */
    public static double quadraticForm(double[] ud, int off, int m, double[] g, int gOff, double[] f) {
        double q = 0;
        for (int j = 0; j < m; j++) {
            int row = off + j * m;
            double fj = g[gOff + j];
            for (int i = 0; i < j; i++) {
                fj += ud[row + i] * g[gOff + i];
            }
            f[j] = fj;
            q += ud[row + j] * fj * fj;
        }
        return q;
    }

    /**
     * Smallest d_j, or NaN if any d_j is NaN (P is positive definite exactly when this is positive and finite).
     *
     * @param ud read only
     */
    public static double minDiagonal(double[] ud, int off, int m) {
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            double d = ud[off + j * m + j];
            if (!(d >= min)) {
                if (d != d) {
                    return Double.NaN;
                }
                min = d;
            }
        }
        return min;
    }

    /**
     * trace(D) of the UD factors at {@code off} if every diagonal entry D_jj is positive, NaN otherwise: the health
     * check (D positive) and the wind-up check (its trace) in one pass over the diagonal. Reads only.
     */
    public static double traceIfPositive(double[] ud, int off, int m) {
        double t = 0;
        boolean positive = true;
        for (int j = 0; j < m; j++) {
            double d = ud[off + j * m + j];
            t += d;
            positive &= d > 0;
        }
        return positive ? t : Double.NaN;
    }

    /** Sum of the diagonal of the m x m row-major matrix at {@code off}: trace(D) for a UD array; read only. */
    public static double trace(double[] a, int off, int m) {
        double t = 0;
        for (int i = 0; i < m; i++) {
            t += a[off + i * m + i];
        }
        return t;
    }

    /**
     * R <- lambda R + x x' (full symmetric matrix); the warm-up accumulation of the information matrix.
     *
     * @param r m x m row-major at {@code off}, modified
     * @param x length >= m, read only
     */
    public static void accumulate(double[] r, int off, int m, double[] x, double lambda) {
        for (int i = 0; i < m; i++) {
            int row = off + i * m;
            double xi = x[i];
            for (int j = 0; j < m; j++) {
                r[row + j] = lambda * r[row + j] + xi * x[j];
            }
        }
    }

    /**
     * Overwrites the UD array with U = I, D = {@code diagonal} I, i.e. P = diagonal * I.
     *
     * @param ud modified
     */
    public static void setScaledIdentity(double[] ud, int off, int m, double diagonal) {
        for (int i = 0; i < m; i++) {
            int row = off + i * m;
            for (int j = 0; j < m; j++) {
                ud[row + j] = i == j ? diagonal : 0.0;
            }
        }
    }

    /**
     * Writes the UD factors of P = R^{-1} from the Cholesky factor L of R (R = L L'). With W = L^{-T} (upper
     * triangular), P = W W', so U = W diag(1 / W_jj) and D = diag(W_jj^2) = diag(1 / L_jj^2).
     *
     * @param l Cholesky factor (row-major m x m, lower), read only
     * @param ud UD array at {@code off}, overwritten
     * @param work length >= m*m, overwritten (holds L^{-1})
     */
    public static void factorsFromCholesky(double[] l, int m, double[] ud, int off, double[] work) {
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < m; i++) {
                if (i < j) {
                    work[i * m + j] = 0;
                    continue;
                }
                double s = i == j ? 1.0 : 0.0;
                for (int k = j; k < i; k++) {
                    s -= l[i * m + k] * work[k * m + j];
                }
                work[i * m + j] = s / l[i * m + i];
            }
        }
        // W_ij = Linv_ji; U_ij = W_ij / W_jj = Linv_ji * L_jj, stored at row j, column i
        for (int j = 0; j < m; j++) {
            int row = off + j * m;
            double ljj = l[j * m + j];
            for (int i = 0; i < m; i++) {
                if (i < j) {
                    ud[row + i] = work[j * m + i] * ljj;
                } else if (i == j) {
                    ud[row + i] = 1.0 / (ljj * ljj);
                } else {
                    ud[row + i] = 0;
                }
            }
        }
    }

    /**
     * Expands P = U D U' into a full symmetric m x m row-major matrix (cold path).
     *
     * @param ud UD array at {@code off}, read only
     * @param p overwritten at [pOff, pOff + m*m)
     */
    public static void expand(double[] ud, int off, int m, double[] p, int pOff) {
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                double s = 0;
                for (int j = b; j < m; j++) {
                    double uaj = a == j ? 1.0 : ud[off + j * m + a];
                    double ubj = b == j ? 1.0 : ud[off + j * m + b];
                    s += uaj * ud[off + j * m + j] * ubj;
                }
                p[pOff + a * m + b] = s;
                p[pOff + b * m + a] = s;
            }
        }
    }
}
