package dev.augur.models.var.sparse;

/**
 * The lasso on sufficient statistics by cyclic coordinate descent with covariance updates (Friedman, Hastie and
 * Tibshirani 2010, "Regularization paths for generalized linear models via coordinate descent", J. Stat. Softw. 33,
 * sections 2.1-2.2). For one equation with centred statistics C = C_xx (q x q) and c = C_xy[:, i] it solves
 * <pre>
 *   min_b  1/2 b' C b - b' c + sum_j t_j |b_j|,    t_j = alpha sd_j sd_y
 * </pre>
 * where sd_j = sqrt(C_jj) and sd_y = sqrt(C_yy[i][i]); this is the lasso on standardised predictors and response with
 * penalty alpha, written in the original units. Each coordinate step is b_j <- S(g_j + C_jj b_j, t_j) / C_jj with
 * S(z, t) = sign(z) max(|z| - t, 0) and the gradient g = c - C b kept current by g <- g - C[:, j] delta_j whenever
 * b_j moves, so a sweep costs O(q) plus O(q) per coefficient that moved. The caller owns g, so an online caller can
 * carry it across updates of the statistics instead of recomputing it (see {@link SparseVar}).
 *
 * <p>Allocation free; the caller passes the scratch space.
 */
public final class LassoCoordinateDescent {
    private LassoCoordinateDescent() {
    }

    /**
     * g = c - C b, the gradient the descent keeps current (O(q nnz(b))).
     *
     * @param b length q, read only
     * @param g length >= q, overwritten
     */
    public static void gradient(double[] cxx, int q, double[] cxy, int col, int stride, double[] b, double[] g) {
        for (int j = 0; j < q; j++) {
            g[j] = cxy[j * stride + col];
        }
        for (int l = 0; l < q; l++) {
            double bl = b[l];
            if (bl == 0) {
                continue;
            }
            int row = l * q;
            for (int j = 0; j < q; j++) {
                g[j] -= cxx[row + j] * bl;
            }
        }
    }

    /**
     * Runs warm-started sweeps until a sweep finds no coefficient that would move more than {@code tolerance} on the
     * standardised scale (|delta_j| sd_j / sd_y). Moves at or below the tolerance are not applied unless they set a
     * coefficient to exactly zero: near the optimum the statistics drift a little every update, and applying those
     * moves would cost O(q) each for no gain in accuracy.
     *
     * @param cxx C_xx, q x q row-major, symmetric, read only
     * @param q number of predictors
     * @param cxy C_xy, q x {@code stride} row-major, read only; column {@code col} is used
     * @param col the equation's column in {@code cxy}
     * @param stride row length of {@code cxy}
     * @param sd length q, read only: sqrt(C_jj), or 0 for a predictor without variance (its coefficient is set to 0)
     * @param sdY sqrt(C_yy[i][i]); 0 sets every coefficient to 0
     * @param alpha penalty on the correlation scale, >= 0
     * @param b length q: the warm start on entry, the solution on exit (modified)
     * @param g length q: the gradient c - C b at the entry b ({@link #gradient}), kept current (modified)
     * @return the number of sweeps run
     */
    public static int solve(double[] cxx, int q, double[] sd, double sdY, double alpha, double[] b, double[] g,
            double tolerance, int maxSweeps) {
        boolean constant = !(sdY > 0);
        for (int j = 0; j < q; j++) {
            if ((constant || sd[j] == 0) && b[j] != 0) {
                move(cxx, q, j, -b[j], g);
                b[j] = 0;
            }
        }
        if (constant) {
            return 0;
        }
        double scale = alpha * sdY;
        double invSdY = 1.0 / sdY;
        int sweeps = 0;
        while (sweeps < maxSweeps) {
            sweeps++;
            double maxMove = 0;
            for (int j = 0; j < q; j++) {
                double sj = sd[j];
                if (sj == 0) {
                    continue;
                }
                double cjj = cxx[j * q + j];
                double old = b[j];
                double z = g[j] + cjj * old;
                double t = scale * sj;
                double next = z > t ? (z - t) / cjj : z < -t ? (z + t) / cjj : 0.0;
                double delta = next - old;
                double size = Math.abs(delta) * sj * invSdY;
                if (size <= tolerance && !(next == 0 && old != 0)) {
                    continue;
                }
                b[j] = next;
                move(cxx, q, j, delta, g);
                if (size > maxMove) {
                    maxMove = size;
                }
            }
            if (maxMove <= tolerance) {
                break;
            }
        }
        return sweeps;
    }

    /** g <- g - C[:, j] delta. */
    private static void move(double[] cxx, int q, int j, double delta, double[] g) {
        int row = j * q;
        for (int l = 0; l < q; l++) {
            g[l] -= cxx[row + l] * delta;
        }
    }
}
