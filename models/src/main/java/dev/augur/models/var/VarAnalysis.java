package dev.augur.models.var;

import dev.augur.models.dist.ChiSquared;
import dev.augur.models.dist.FisherF;
import dev.augur.models.rls.RecursiveLeastSquares;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Structural analysis of a live VAR(p) state (cold path: allocates, uses EJML): MA representation, orthogonalised
 * impulse responses, forecast MSE matrices, forecast error variance decomposition and Granger-causality tests, all
 * computed from the current {@link VarState} without refitting. Follows Luetkepohl (2005) and matches statsmodels'
 * {@code VARResults} ({@code ma_rep}, {@code orth_ma_rep}, {@code mse}, {@code fevd}, {@code test_causality}).
 *
 * <p>Takes a snapshot of the coefficients, Sigma_u = S / (w - m) and P = R^{-1} at construction; later learning does
 * not affect it. Matrices are returned as {@code double[row][column]}.
 */
public final class VarAnalysis {
    private final int k;
    private final int order;
    private final int m;
    private final double[] coef;
    private final DMatrixRMaj sigmaU;
    private final double[] p;
    private final double dofResid;

    /**
     * @param model the model that owns {@code state} (for its configuration)
     * @param state read only; must have finished warming up ({@code solved})
     */
    public VarAnalysis(RlsVar model, VarState state) {
        model.checkShape(state);
        if (!state.solved) {
            throw new IllegalArgumentException("expected a solved VAR state but found one still accumulating its "
                    + "normal equations after " + state.n + " observations");
        }
        this.k = state.dimension;
        this.order = state.order;
        this.m = 1 + k * order;
        this.coef = state.coef.clone();
        this.dofResid = state.weight - m;
        double[] su = new double[k * k];
        model.residualCovariance(state, su);
        this.sigmaU = DMatrixRMaj.wrap(k, k, su);
        this.p = new double[m * m];
        RecursiveLeastSquares.expand(state.ud, 0, m, p, 0);
    }

    /**
     * Analysis of a VAR(p) given in coefficient form only, e.g. the VAR form of a space-time AR (A_l = phi_l I +
     * psi_l W) or a sparse VAR's selected coefficients: impulse responses, forecast MSE and FEVD are available;
     * Granger tests are not (they need the estimator's covariance P), nor is {@link #residualDof()} (NaN).
     *
     * @param coef B, (1 + k p) x k row-major as {@link VarState#coef}; copied
     * @param sigmaU Sigma_u, k x k row-major, symmetric positive definite; copied
     */
    public VarAnalysis(int k, int order, double[] coef, double[] sigmaU) {
        if (k < 1 || order < 1 || coef == null || coef.length < (1 + k * order) * k || sigmaU == null
                || sigmaU.length < k * k) {
            throw new IllegalArgumentException("expected k >= 1, p >= 1, coef[(1 + k p) k] and sigmaU[k k] but found k="
                    + k + ", p=" + order + ", coef[" + (coef == null ? "null" : coef.length) + "], sigmaU["
                    + (sigmaU == null ? "null" : sigmaU.length) + "]");
        }
        this.k = k;
        this.order = order;
        this.m = 1 + k * order;
        this.coef = java.util.Arrays.copyOf(coef, m * k);
        this.sigmaU = DMatrixRMaj.wrap(k, k, java.util.Arrays.copyOf(sigmaU, k * k));
        this.p = null;
        this.dofResid = Double.NaN;
    }

    /** True when Granger tests are available (built from a live {@link RlsVar} state). */
    public boolean hasCovariance() {
        return p != null;
    }

    public int dimension() {
        return k;
    }

    /** Residual degrees of freedom w - m (statsmodels' {@code df_resid} with lambda = 1). */
    public double residualDof() {
        return dofResid;
    }

    /** The intercept nu (k). */
    public double[] intercept() {
        double[] out = new double[k];
        System.arraycopy(coef, 0, out, 0, k);
        return out;
    }

    /** A_lag (k x k, lag 1-based): A_lag[a][c] is the effect of y_{t-lag}[c] on y_t[a]. */
    public double[][] coefficientMatrix(int lag) {
        if (lag < 1 || lag > order) {
            throw new IllegalArgumentException("lag must be in [1, " + order + "] but was " + lag);
        }
        return toArray(lagMatrix(lag));
    }

    /** Sigma_u = S / (w - m) (k x k). */
    public double[][] residualCovariance() {
        return toArray(sigmaU);
    }

    /** Phi_0 .. Phi_periods (Luetkepohl 2005, eq. 2.1.22): [i][a][b]. */
    public double[][][] maRepresentation(int periods) {
        DMatrixRMaj[] phi = phis(periods);
        double[][][] out = new double[periods + 1][][];
        for (int i = 0; i <= periods; i++) {
            out[i] = toArray(phi[i]);
        }
        return out;
    }

    /**
     * Orthogonalised impulse responses Theta_i = Phi_i L, i = 0..periods, with Sigma_u = L L' (lower Cholesky
     * factor, i.e. a recursive structural VAR in the series order; Luetkepohl 2005, section 2.3.2): [i][response][shock].
     */
    public double[][][] orthogonalisedIrf(int periods) {
        DMatrixRMaj[] theta = thetas(periods);
        double[][][] out = new double[periods + 1][][];
        for (int i = 0; i <= periods; i++) {
            out[i] = toArray(theta[i]);
        }
        return out;
    }

    /** Forecast MSE matrices Sigma_y(h) = sum_{i<h} Phi_i Sigma_u Phi_i', h = 1..steps (Luetkepohl eq. 2.2.11). */
    public double[][][] forecastMse(int steps) {
        DMatrixRMaj[] phi = phis(steps - 1);
        double[][][] out = new double[steps][][];
        DMatrixRMaj acc = new DMatrixRMaj(k, k);
        DMatrixRMaj t = new DMatrixRMaj(k, k);
        DMatrixRMaj term = new DMatrixRMaj(k, k);
        for (int h = 1; h <= steps; h++) {
            CommonOps_DDRM.mult(phi[h - 1], sigmaU, t);
            CommonOps_DDRM.multTransB(t, phi[h - 1], term);
            CommonOps_DDRM.addEquals(acc, term);
            out[h - 1] = toArray(acc);
        }
        return out;
    }

    /**
     * Forecast error variance decomposition (Luetkepohl 2005, section 2.3.3): omega[j][h-1][c] = sum_{i<h}
     * Theta_i[j][c]^2 / Sigma_y(h)[j][j], the share of the h-step forecast error variance of series j due to
     * orthogonalised shock c; h = 1..periods. Layout [equation][step][shock] as statsmodels' {@code fevd().decomp}.
     */
    public double[][][] fevd(int periods) {
        DMatrixRMaj[] theta = thetas(periods - 1);
        double[][][] out = new double[k][periods][k];
        double[][] cum = new double[k][k];
        for (int h = 1; h <= periods; h++) {
            DMatrixRMaj th = theta[h - 1];
            for (int j = 0; j < k; j++) {
                double total = 0;
                for (int c = 0; c < k; c++) {
                    double v = th.get(j, c);
                    cum[j][c] += v * v;
                    total += cum[j][c];
                }
                for (int c = 0; c < k; c++) {
                    out[j][h - 1][c] = cum[j][c] / total;
                }
            }
        }
        return out;
    }

    /**
     * Wald test that the {@code causing} series do not Granger-cause the {@code caused} ones (Luetkepohl 2005,
     * section 3.6.1, eq. 3.6.5): with b the J = |caused| |causing| p restricted coefficients and
     * Cov(B[r][e], B[r'][e']) = P[r][r'] Sigma_u[e][e'] (P = R^{-1}, i.e. (Z'Z)^{-1} with lambda = 1),
     * lambda_W = b' V^{-1} b; the F form is lambda_W / J against F(J, k (w - m)) as in statsmodels.
     *
     * @param caused indices of the caused series, read only
     * @param causing indices of the causing series, read only, disjoint from {@code caused}
     */
    public GrangerTest grangerCausality(int[] caused, int[] causing, GrangerTest.Kind kind, double significance) {
        if (p == null) {
            throw new IllegalStateException("expected an analysis built from a live RLS VAR state for a Granger test "
                    + "but found one built from coefficients only");
        }
        checkIndices("caused", caused);
        checkIndices("causing", causing);
        for (int a : caused) {
            for (int b : causing) {
                if (a == b) {
                    throw new IllegalArgumentException("caused and causing must be disjoint but both contain " + a);
                }
            }
        }
        if (!(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("significance must be in (0,1) but was " + significance);
        }
        int j = caused.length * causing.length * order;
        int[] reg = new int[j];
        int[] eq = new int[j];
        int row = 0;
        for (int l = 0; l < order; l++) {
            for (int c : causing) {
                for (int e : caused) {
                    reg[row] = 1 + l * k + c;
                    eq[row] = e;
                    row++;
                }
            }
        }
        DMatrixRMaj b = new DMatrixRMaj(j, 1);
        DMatrixRMaj v = new DMatrixRMaj(j, j);
        for (int r = 0; r < j; r++) {
            b.set(r, 0, coef[reg[r] * k + eq[r]]);
            for (int s = 0; s < j; s++) {
                v.set(r, s, p[reg[r] * m + reg[s]] * sigmaU.get(eq[r], eq[s]));
            }
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(j);
        if (!solver.setA(v)) {
            throw new IllegalStateException("the covariance of the restricted coefficients is not positive definite");
        }
        DMatrixRMaj vb = new DMatrixRMaj(j, 1);
        solver.solve(b, vb);
        double wald = CommonOps_DDRM.dot(b, vb);
        if (kind == GrangerTest.Kind.WALD) {
            return new GrangerTest(caused.clone(), causing.clone(), kind, wald, ChiSquared.survival(wald, j),
                    ChiSquared.inverseCdf(1 - significance, j), j, Double.NaN, significance);
        }
        double stat = wald / j;
        double df2 = k * dofResid;
        return new GrangerTest(caused.clone(), causing.clone(), kind, stat, FisherF.survival(stat, j, df2),
                FisherF.inverseCdf(1 - significance, j, df2), j, df2, significance);
    }

    private void checkIndices(String what, int[] idx) {
        if (idx == null || idx.length == 0) {
            throw new IllegalArgumentException(what + " must name at least one series");
        }
        for (int i : idx) {
            if (i < 0 || i >= k) {
                throw new IllegalArgumentException(what + " indices must be in [0, " + (k - 1) + "] but found " + i);
            }
        }
    }

    private DMatrixRMaj lagMatrix(int lag) {
        DMatrixRMaj a = new DMatrixRMaj(k, k);
        int base = 1 + (lag - 1) * k;
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                a.set(r, c, coef[(base + c) * k + r]);
            }
        }
        return a;
    }

    private DMatrixRMaj[] phis(int periods) {
        DMatrixRMaj[] a = new DMatrixRMaj[order + 1];
        for (int l = 1; l <= order; l++) {
            a[l] = lagMatrix(l);
        }
        DMatrixRMaj[] phi = new DMatrixRMaj[periods + 1];
        phi[0] = CommonOps_DDRM.identity(k);
        DMatrixRMaj t = new DMatrixRMaj(k, k);
        for (int i = 1; i <= periods; i++) {
            phi[i] = new DMatrixRMaj(k, k);
            for (int l = 1; l <= Math.min(i, order); l++) {
                CommonOps_DDRM.mult(phi[i - l], a[l], t);
                CommonOps_DDRM.addEquals(phi[i], t);
            }
        }
        return phi;
    }

    private DMatrixRMaj[] thetas(int periods) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(k, true);
        if (!chol.decompose(sigmaU.copy())) {
            throw new IllegalStateException("Sigma_u is not positive definite; orthogonalised responses undefined");
        }
        DMatrixRMaj l = chol.getT(null);
        DMatrixRMaj[] phi = phis(periods);
        DMatrixRMaj[] out = new DMatrixRMaj[periods + 1];
        for (int i = 0; i <= periods; i++) {
            out[i] = new DMatrixRMaj(k, k);
            CommonOps_DDRM.mult(phi[i], l, out[i]);
        }
        return out;
    }

    private static double[][] toArray(DMatrixRMaj a) {
        double[][] out = new double[a.numRows][a.numCols];
        for (int r = 0; r < a.numRows; r++) {
            for (int c = 0; c < a.numCols; c++) {
                out[r][c] = a.get(r, c);
            }
        }
        return out;
    }
}
