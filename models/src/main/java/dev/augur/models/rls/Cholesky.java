package dev.augur.models.rls;

/**
 * Cholesky factorisation A = L L' of a small symmetric positive definite matrix held row-major in a {@code double[]}
 * at an offset, and the solves built on it (Golub and Van Loan, Matrix Computations, 4th ed., algorithm
 * 4.2.1). Allocation free: the caller passes the workspace. Used on the cold paths of the online models (the exact
 * least-squares start, the periodic positive-definiteness audit) where m is at most a few hundred.
 */
public final class Cholesky {
    private Cholesky() {
    }

    /** Pivot threshold of the exact least-squares start: refuse R when a column is 1e-10 explained by the others. */
    public static final double EXACT_START_TOLERANCE = 1e-10;

    /**
     * Factorises the normal-equations matrix R of an exact least-squares start, as the online models do once enough
     * observations are in: R itself with the pivot threshold {@link #EXACT_START_TOLERANCE}, or, when {@code ridge} is
     * positive (a series that never became well conditioned), R + ridge I accepting any positive pivot.
     *
     * @param r m x m row-major, read only
     * @param work m x m scratch, overwritten with R (+ ridge I)
     * @param l m x m output factor, overwritten
     * @return true when the factor is valid
     */
    public static boolean factorNormalEquations(double[] r, int m, double ridge, double[] work, double[] l) {
        System.arraycopy(r, 0, work, 0, m * m);
        if (ridge > 0) {
            for (int i = 0; i < m; i++) {
                work[i * m + i] += ridge;
            }
        }
        return factor(work, 0, m, l, ridge > 0 ? 0 : EXACT_START_TOLERANCE);
    }

    /**
     * Factorises A = L L' and writes L (lower triangle, row-major m x m, upper triangle zeroed) into {@code l}.
     *
     * <p>The factorisation is refused when a pivot d_j = a_jj - sum_{k<j} l_jk^2 is not above
     * {@code relativeTolerance * a_jj}: the ratio d_j / a_jj is the fraction of column j not explained by the earlier
     * columns, so a tiny ratio means A is numerically singular in that direction.
     *
     * @param a m x m row-major at {@code offset}, read only (only the lower triangle is read)
     * @param offset start of A in {@code a}
     * @param m dimension
     * @param l m x m output, overwritten
     * @param relativeTolerance pivot threshold relative to the diagonal, e.g. 1e-10; 0 accepts any positive pivot
     * @return true if A is positive definite beyond the tolerance; {@code l} is then valid
     */
    public static boolean factor(double[] a, int offset, int m, double[] l, double relativeTolerance) {
        for (int j = 0; j < m; j++) {
            int rj = j * m;
            double ajj = a[offset + rj + j];
            if (!(ajj > 0) || !Double.isFinite(ajj)) {
                return false;
            }
            double d = ajj;
            for (int k = 0; k < j; k++) {
                d -= l[rj + k] * l[rj + k];
            }
            if (!(d > relativeTolerance * ajj)) {
                return false;
            }
            double ljj = Math.sqrt(d);
            l[rj + j] = ljj;
            double inv = 1.0 / ljj;
            for (int i = j + 1; i < m; i++) {
                int ri = i * m;
                double s = a[offset + ri + j];
                for (int k = 0; k < j; k++) {
                    s -= l[ri + k] * l[rj + k];
                }
                l[ri + j] = s * inv;
            }
            for (int k = j + 1; k < m; k++) {
                l[rj + k] = 0;
            }
        }
        return true;
    }

    /**
     * Solves L L' x = b in place.
     *
     * @param l factor from {@link #factor}, read only
     * @param m dimension
     * @param b right-hand side at {@code offset} with stride {@code stride} (1 for a contiguous vector, k for column
     *     j of a row-major m x k matrix starting at offset j); overwritten with x
     */
    public static void solve(double[] l, int m, double[] b, int offset, int stride) {
        for (int i = 0; i < m; i++) {
            int ri = i * m;
            double s = b[offset + i * stride];
            for (int k = 0; k < i; k++) {
                s -= l[ri + k] * b[offset + k * stride];
            }
            b[offset + i * stride] = s / l[ri + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = b[offset + i * stride];
            for (int k = i + 1; k < m; k++) {
                s -= l[k * m + i] * b[offset + k * stride];
            }
            b[offset + i * stride] = s / l[i * m + i];
        }
    }
}
