package dev.augur.models.star;

import java.util.Arrays;

/**
 * A row-normalised spatial weight matrix W for k sites (Pfeifer and Deutsch 1980; Anselin 1988, Spatial Econometrics,
 * ch. 3): w_ij >= 0, w_ii = 0, sum_j w_ij = 1, so (W y)_i is a weighted mean of site i's neighbours. Built from a
 * full matrix, an adjacency list (equal weights) or site coordinates (inverse distance, optionally cut off), then
 * normalised by rows. Invalid input fails at construction with the row (site) and what was wrong; a site without
 * neighbours is an error, since row normalisation is undefined for it.
 *
 * <p>Immutable; stored sparse (compressed rows), so W y costs one multiply-add per neighbour pair.
 */
public final class SpatialWeights {
    /** Largest number of sites. */
    public static final int MAX_SITES = 1000;
    /** Rows must sum to 1 within this after normalisation. */
    static final double ROW_SUM_TOLERANCE = 1e-12;

    private final int k;
    private final int[] rowStart;
    private final int[] column;
    private final double[] weight;

    private SpatialWeights(int k, int[] rowStart, int[] column, double[] weight) {
        this.k = k;
        this.rowStart = rowStart;
        this.column = column;
        this.weight = weight;
    }

    /**
     * W from a full k x k matrix of raw weights, normalised by rows.
     *
     * @param raw square, finite, non-negative, zero diagonal, at least one positive entry per row; read only
     * @throws IllegalArgumentException naming the row that breaks a rule
     */
    public static SpatialWeights fromMatrix(double[][] raw) {
        if (raw == null) {
            throw new IllegalArgumentException("spatial weights: expected a k x k matrix but found null");
        }
        int k = checkSites(raw.length);
        int[] rowStart = new int[k + 1];
        int nonzero = 0;
        for (int i = 0; i < k; i++) {
            double[] row = raw[i];
            if (row == null || row.length != k) {
                throw new IllegalArgumentException("spatial weights row " + i + ": expected " + k + " entries but found "
                        + (row == null ? "null" : row.length));
            }
            for (int j = 0; j < k; j++) {
                double v = row[j];
                if (!Double.isFinite(v) || v < 0) {
                    throw new IllegalArgumentException("spatial weights row " + i + ", column " + j + ": weight " + v
                            + " is " + (Double.isFinite(v) ? "negative" : "not finite")
                            + "; weights must be finite and non-negative");
                }
                if (i == j && v != 0) {
                    throw new IllegalArgumentException("spatial weights row " + i + ": diagonal weight " + v
                            + " must be 0 (a site is not its own neighbour)");
                }
                if (v > 0) {
                    nonzero++;
                }
            }
        }
        int[] column = new int[nonzero];
        double[] weight = new double[nonzero];
        int at = 0;
        for (int i = 0; i < k; i++) {
            rowStart[i] = at;
            for (int j = 0; j < k; j++) {
                if (raw[i][j] > 0) {
                    column[at] = j;
                    weight[at] = raw[i][j];
                    at++;
                }
            }
        }
        rowStart[k] = at;
        return normalised(k, rowStart, column, weight);
    }

    /**
     * W with equal weights 1 / |N(i)| on the listed neighbours N(i) of each site.
     *
     * @param neighbours neighbours[i] lists the sites adjacent to site i (0-based, no repeats, not i itself, not
     *     empty); the relation need not be symmetric; read only
     * @throws IllegalArgumentException naming the row that breaks a rule
     */
    public static SpatialWeights fromAdjacency(int[][] neighbours) {
        if (neighbours == null) {
            throw new IllegalArgumentException("spatial weights: expected an adjacency list but found null");
        }
        int k = checkSites(neighbours.length);
        int[] rowStart = new int[k + 1];
        int total = 0;
        for (int i = 0; i < k; i++) {
            int[] row = neighbours[i];
            if (row == null || row.length == 0) {
                throw isolated(i, "its adjacency list is " + (row == null ? "null" : "empty"));
            }
            boolean[] seen = new boolean[k];
            for (int j : row) {
                if (j < 0 || j >= k) {
                    throw new IllegalArgumentException("spatial weights row " + i + ": neighbour " + j
                            + " is not a site index in [0, " + (k - 1) + "]");
                }
                if (j == i) {
                    throw new IllegalArgumentException("spatial weights row " + i
                            + ": lists itself as a neighbour (the diagonal of W must be 0)");
                }
                if (seen[j]) {
                    throw new IllegalArgumentException("spatial weights row " + i + ": lists neighbour " + j
                            + " twice");
                }
                seen[j] = true;
            }
            total += row.length;
        }
        int[] column = new int[total];
        double[] weight = new double[total];
        int at = 0;
        for (int i = 0; i < k; i++) {
            rowStart[i] = at;
            int[] row = neighbours[i].clone();
            Arrays.sort(row);
            for (int j : row) {
                column[at] = j;
                weight[at] = 1.0;
                at++;
            }
        }
        rowStart[k] = at;
        return normalised(k, rowStart, column, weight);
    }

    /**
     * Inverse-distance weights w_ij = d_ij^(-power) for 0 < d_ij <= maxDistance (Euclidean), 0 otherwise, normalised
     * by rows.
     *
     * @param coordinates coordinates[i] is the position of site i; all of one length d in [1, 3], finite; read only
     * @param power in (0, 8]; 1 is plain inverse distance, 2 inverse squared distance
     * @param maxDistance positive; {@code Double.POSITIVE_INFINITY} makes every pair neighbours
     * @throws IllegalArgumentException naming the row that breaks a rule (two sites at the same position, a site with
     *     no other site within {@code maxDistance})
     */
    public static SpatialWeights inverseDistance(double[][] coordinates, double power, double maxDistance) {
        if (coordinates == null) {
            throw new IllegalArgumentException("spatial weights: expected site coordinates but found null");
        }
        if (!(power > 0 && power <= 8)) {
            throw new IllegalArgumentException("spatial weights: power must be in (0, 8] but was " + power);
        }
        if (!(maxDistance > 0)) {
            throw new IllegalArgumentException("spatial weights: max distance must be > 0 but was " + maxDistance);
        }
        int k = checkSites(coordinates.length);
        int d = coordinates[0] == null ? 0 : coordinates[0].length;
        for (int i = 0; i < k; i++) {
            double[] c = coordinates[i];
            if (c == null || c.length != d || d < 1 || d > 3) {
                throw new IllegalArgumentException("spatial weights row " + i + ": expected coordinates of one "
                        + "dimension in [1, 3] (site 0 has " + d + ") but found "
                        + (c == null ? "null" : c.length + " values"));
            }
            for (double v : c) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("spatial weights row " + i + ": coordinate " + v
                            + " is not finite");
                }
            }
        }
        double[][] raw = new double[k][k];
        for (int i = 0; i < k; i++) {
            boolean any = false;
            for (int j = 0; j < k; j++) {
                if (j == i) {
                    continue;
                }
                double s = 0;
                for (int a = 0; a < d; a++) {
                    double diff = coordinates[i][a] - coordinates[j][a];
                    s += diff * diff;
                }
                double dist = Math.sqrt(s);
                if (dist == 0) {
                    throw new IllegalArgumentException("spatial weights row " + i + ": site " + i + " and site " + j
                            + " have the same coordinates, so the inverse distance is undefined");
                }
                if (dist <= maxDistance) {
                    raw[i][j] = Math.pow(dist, -power);
                    any = true;
                }
            }
            if (!any) {
                throw isolated(i, "no other site lies within distance " + maxDistance);
            }
        }
        return fromMatrix(raw);
    }

    private static int checkSites(int k) {
        if (k < 2 || k > MAX_SITES) {
            throw new IllegalArgumentException("spatial weights: expected 2 to " + MAX_SITES + " sites but found " + k
                    + (k == 1 ? " (a single site has no neighbours)" : ""));
        }
        return k;
    }

    private static IllegalArgumentException isolated(int i, String why) {
        return new IllegalArgumentException("spatial weights row " + i + ": site " + i + " is isolated (" + why
                + "), so its row cannot be normalised to sum to 1; give it a neighbour or model it on its own");
    }

    private static SpatialWeights normalised(int k, int[] rowStart, int[] column, double[] weight) {
        for (int i = 0; i < k; i++) {
            double sum = 0;
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                sum += weight[e];
            }
            if (!(sum > 0)) {
                throw isolated(i, "no positive weight to any other site");
            }
            double check = 0;
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                weight[e] /= sum;
                check += weight[e];
            }
            if (!(Math.abs(check - 1) <= ROW_SUM_TOLERANCE)) {
                throw new IllegalArgumentException("spatial weights row " + i + ": sums to " + check
                        + " after normalisation (raw sum " + sum + "); the weights are too unequal in scale");
            }
        }
        return new SpatialWeights(k, rowStart, column, weight);
    }

    /** Number of sites k. */
    public int size() {
        return k;
    }

    /** w_ij after normalisation. */
    public double weight(int i, int j) {
        for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
            if (column[e] == j) {
                return weight[e];
            }
        }
        return 0.0;
    }

    /** Number of neighbour pairs (nonzero weights). */
    public int pairs() {
        return rowStart[k];
    }

    /**
     * out = W y.
     *
     * @param y k values at {@code yOff}, read only
     * @param out k values at {@code outOff}, overwritten; must not overlap {@code y}
     */
    public void apply(double[] y, int yOff, double[] out, int outOff) {
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                s += weight[e] * y[yOff + column[e]];
            }
            out[outOff + i] = s;
        }
    }

    /**
     * Adds {@code scale} W into the k x k block of a row-major matrix: target[off + i rowStride + j columnStride] +=
     * scale w_ij.
     *
     * @param target modified
     */
    public void addScaled(double scale, double[] target, int off, int rowStride, int columnStride) {
        for (int i = 0; i < k; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                target[off + i * rowStride + column[e] * columnStride] += scale * weight[e];
            }
        }
    }

    /** W as a dense k x k matrix (a new array). */
    public double[][] toMatrix() {
        double[][] w = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                w[i][column[e]] = weight[e];
            }
        }
        return w;
    }
}
