package dev.augur.models.eval;

import dev.augur.models.metrics.Crps;
import dev.augur.models.stream.EnsembleProcessor;
import dev.augur.models.stream.StageRecord;
import dev.augur.models.var.RlsVar;
import dev.augur.models.var.VarAnalysis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The exchange-rate benchmark in TimeGrad's protocol (Rasul et al. 2021; GluonTS {@code exchange_rate_nips}): the 8
 * daily series as one group, horizon 30, test = {@code windows} consecutive windows of 30 rows from row
 * {@code testStart} (0-based; 6071 = 80% of 7,588), each forecast from the rows before it. The online models learn every
 * row up to each origin (prequentially), exactly as the job would.
 *
 * <p>Joint sample paths per window ({@code paths}, seeded):
 * <ul>
 *   <li>{@code var-rls}: the job's VAR at the origin iterated forward, y_{t+1} = nu + sum_l A_l y_{t+1-l} + u,
 *       u ~ N(0, Sigma_u) (Luetkepohl 2005, section 2.2);
 *   <li>{@code ensemble}: each series' calibrated ensemble quantiles at the origin (piecewise linear between the levels,
 *       Normal tails matched to the outer quantiles), joined by a Gaussian copula with the VAR residual correlation;
 *   <li>{@code random-walk}: driftless, y_{T+h} = y_T + sum of h innovations ~ N(0, Sigma_d), Sigma_d the covariance
 *       of the first differences of every row before the window.
 * </ul>
 * Scores, over all windows and steps: CRPS-sum = sum_t CRPS(F_sum,t, z_t) / sum_t |z_t| with z_t the sum of the 8
 * observed series and CRPS the empirical sample CRPS ({@link Crps#samples}); the GluonTS variant (mean over q = 0.1..0.9
 * of the weighted quantile loss of the summed series, sample quantiles by linear interpolation), which is what the
 * published 0.006 / 0.005 are; and the marginal CRPS normalised the same way.
 */
final class ExchangeBenchmark {
    /** Published CRPS-sum on exchange_rate_nips (TimeGrad, Table 2). */
    static final Map<String, Double> PUBLISHED = new LinkedHashMap<>();

    static {
        PUBLISHED.put("TimeGrad", 0.006);
        PUBLISHED.put("VAR (published)", 0.005);
    }

    private ExchangeBenchmark() {
    }

    static void run(Options.Exchange o, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        SeriesTable table = SeriesTable.read(o.input(), 86_400_000L, 0);
        int k = table.columns().length;
        int n = table.rows();
        int horizon = o.settings().horizon();
        int lastRow = o.testStart() + o.windows() * horizon - 1;
        if (lastRow >= n) {
            throw new IllegalArgumentException("expected at least " + (lastRow + 1) + " rows for " + o.windows()
                    + " windows of " + horizon + " from row " + o.testStart() + " but found " + n);
        }
        String[] members = table.columns();
        double[][] y = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                y[i][j] = table.value(j, i);
            }
        }
        int windows = o.windows();
        int paths = o.paths();
        String[] models = {"var-rls", "ensemble", "random-walk"};
        // samples[model][window][h][path][series]
        double[][][][][] samples = new double[models.length][windows][horizon][paths][k];
        boolean[][] done = new boolean[models.length][windows];
        Map<Long, Integer> windowOfOrigin = new LinkedHashMap<>();
        for (int w = 0; w < windows; w++) {
            windowOfOrigin.put(table.time(o.testStart() - 1 + w * horizon), w);
        }
        double[][][][] ensembleQ = new double[windows][k][][];
        double[][][] residualCorr = new double[windows][][];
        Random rng = new Random(o.seed());
        StreamReplay replay = new StreamReplay(o.settings(), members, "exchange", 86_400_000L);
        replay.setListener(new StreamReplay.Listener() {
            @Override
            public void candidate(int member, StageRecord r) {
                Integer w = windowOfOrigin.get(r.time);
                if (w == null || !r.model.equals(RlsVar.NAME) || done[0][w]) {
                    return;
                }
                VarAnalysis a = new VarAnalysis(replay.varModel(), replay.groupState().var);
                int origin = o.testStart() - 1 + w * horizon;
                simulateVar(a, y, origin, o.settings().varOrder(), rng, samples[0][w]);
                residualCorr[w] = correlation(a.residualCovariance());
                done[0][w] = true;
            }

            @Override
            public void ensemble(int member, EnsembleProcessor.Ensemble e) {
                Integer w = windowOfOrigin.get(e.origin);
                if (w == null) {
                    return;
                }
                double[][] q = new double[horizon][];
                for (int i = 0; i < e.steps; i++) {
                    q[e.horizon[i] - 1] = e.quantiles[i].clone();
                }
                ensembleQ[w][member] = q;
            }
        });
        double[] row = new double[k];
        for (int i = 0; i <= lastRow; i++) {
            System.arraycopy(y[i], 0, row, 0, k);
            replay.row(table.time(i), row);
            if ((i + 1) % 1000 == 0) {
                out.printf(Locale.ROOT, "replayed %d/%d rows %.1f s%n", i + 1, lastRow + 1,
                        (System.nanoTime() - t0) / 1e9);
                out.flush();
            }
        }
        replay.finish();
        double[] levels = o.settings().levels();
        for (int w = 0; w < windows; w++) {
            if (!done[0][w]) {
                throw new IllegalStateException("the VAR made no forecast at the origin of window " + w);
            }
            copula(ensembleQ[w], levels, residualCorr[w], rng, samples[1][w]);
            int origin = o.testStart() - 1 + w * horizon;
            randomWalk(y, origin, rng, samples[2][w]);
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (int m = 0; m < models.length; m++) {
            scores.put(models[m], score(samples[m], y, o.testStart(), horizon, k));
        }
        JsonWriter j = new JsonWriter().beginObject();
        j.field("input", o.input().toString());
        j.field("protocol", "TimeGrad / GluonTS exchange_rate_nips: 8 series as one group, horizon " + horizon + ", "
                + windows + " windows from row " + o.testStart() + ", " + paths + " joint sample paths, seed "
                + o.seed());
        j.field("rows", n);
        j.field("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        NabEvaluation.settings(j, o.settings());
        j.name("models").beginObject();
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            j.name(e.getKey()).beginObject().field("crpsSum", e.getValue()[0])
                    .field("crpsSumGluonTs", e.getValue()[1]).field("crpsMarginal", e.getValue()[2]).endObject();
        }
        j.endObject();
        j.name("published").beginObject();
        for (Map.Entry<String, Double> e : PUBLISHED.entrySet()) {
            j.field(e.getKey(), e.getValue());
        }
        j.endObject();
        Files.createDirectories(o.out());
        Files.writeString(o.out().resolve("exchange.json"), j.endObject().toString(), StandardCharsets.UTF_8);
        out.printf(Locale.ROOT, "%-12s %12s %16s %14s%n", "model", "CRPS-sum", "CRPS-sum(GluonTS)", "CRPS");
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            out.printf(Locale.ROOT, "%-12s %12.5f %16.5f %14.5f%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                    e.getValue()[2]);
        }
        out.printf(Locale.ROOT, "published: TimeGrad 0.006, VAR 0.005 (CRPS-sum); %.1f s; wrote %s%n",
                (System.nanoTime() - t0) / 1e9, o.out().resolve("exchange.json"));
    }

    /** {CRPS-sum, GluonTS CRPS-sum, normalised marginal CRPS} of samples[window][h][path][series]. */
    static double[] score(double[][][][] s, double[][] y, int testStart, int horizon, int k) {
        int windows = s.length;
        int paths = s[0][0].length;
        double crpsSum = 0;
        double absSum = 0;
        double crpsMarg = 0;
        double absMarg = 0;
        double[] qs = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
        double[] ql = new double[qs.length];
        double[] z = new double[paths];
        double[] xi = new double[paths];
        for (int w = 0; w < windows; w++) {
            for (int h = 1; h <= horizon; h++) {
                double[] obs = y[testStart + w * horizon + h - 1];
                double zObs = 0;
                for (int i = 0; i < k; i++) {
                    zObs += obs[i];
                    for (int p = 0; p < paths; p++) {
                        xi[p] = s[w][h - 1][p][i];
                    }
                    crpsMarg += Crps.samples(xi, paths, obs[i]);
                    absMarg += Math.abs(obs[i]);
                }
                for (int p = 0; p < paths; p++) {
                    double sum = 0;
                    for (int i = 0; i < k; i++) {
                        sum += s[w][h - 1][p][i];
                    }
                    z[p] = sum;
                }
                crpsSum += Crps.samples(z, paths, zObs); // sorts z
                absSum += Math.abs(zObs);
                for (int q = 0; q < qs.length; q++) {
                    double pos = qs[q] * (paths - 1);
                    int lo = (int) Math.floor(pos);
                    int hi = Math.min(lo + 1, paths - 1);
                    double quant = z[lo] + (pos - lo) * (z[hi] - z[lo]);
                    ql[q] += 2 * Math.abs((zObs - quant) * ((zObs <= quant ? 1 : 0) - qs[q]));
                }
            }
        }
        double gluon = 0;
        for (double v : ql) {
            gluon += v / absSum;
        }
        return new double[] {crpsSum / absSum, gluon / qs.length, crpsMarg / absMarg};
    }

    static void simulateVar(VarAnalysis a, double[][] y, int origin, int order, Random rng, double[][][] out) {
        int k = a.dimension();
        double[] nu = a.intercept();
        double[][][] lag = new double[order][][];
        for (int l = 1; l <= order; l++) {
            lag[l - 1] = a.coefficientMatrix(l);
        }
        double[][] chol = cholesky(a.residualCovariance());
        int horizon = out.length;
        int paths = out[0].length;
        double[] e = new double[k];
        for (int p = 0; p < paths; p++) {
            double[][] hist = new double[order + horizon][];
            for (int l = 0; l < order; l++) {
                hist[l] = y[origin - order + 1 + l];
            }
            for (int h = 0; h < horizon; h++) {
                double[] next = nu.clone();
                for (int l = 1; l <= order; l++) {
                    double[] prev = hist[order + h - l];
                    for (int r = 0; r < k; r++) {
                        for (int c = 0; c < k; c++) {
                            next[r] += lag[l - 1][r][c] * prev[c];
                        }
                    }
                }
                for (int i = 0; i < k; i++) {
                    e[i] = rng.nextGaussian();
                }
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c <= r; c++) {
                        next[r] += chol[r][c] * e[c];
                    }
                }
                hist[order + h] = next;
                out[h][p] = next.clone();
            }
        }
    }

    /** Gaussian copula over per-series quantile forecasts q[series][h][level]; correlation {@code corr}. */
    static void copula(double[][][] q, double[] levels, double[][] corr, Random rng, double[][][] out) {
        int k = q.length;
        double[][] chol = cholesky(corr);
        int horizon = out.length;
        int paths = out[0].length;
        double[] e = new double[k];
        for (int h = 0; h < horizon; h++) {
            for (int p = 0; p < paths; p++) {
                for (int i = 0; i < k; i++) {
                    e[i] = rng.nextGaussian();
                }
                for (int i = 0; i < k; i++) {
                    double zi = 0;
                    for (int c = 0; c <= i; c++) {
                        zi += chol[i][c] * e[c];
                    }
                    if (q[i] == null || q[i][h] == null) {
                        throw new IllegalStateException("no ensemble forecast for series " + i + " step " + (h + 1));
                    }
                    out[h][p][i] = QuantileFunction.value(levels, q[i][h], dev.augur.models.dist.Normal.cdf(zi));
                }
            }
        }
    }

    static void randomWalk(double[][] y, int origin, Random rng, double[][][] out) {
        int k = y[0].length;
        double[] mean = new double[k];
        double[][] cov = new double[k][k];
        int m = origin;
        for (int t = 1; t <= origin; t++) {
            for (int i = 0; i < k; i++) {
                mean[i] += (y[t][i] - y[t - 1][i]) / m;
            }
        }
        for (int t = 1; t <= origin; t++) {
            for (int i = 0; i < k; i++) {
                double di = y[t][i] - y[t - 1][i] - mean[i];
                for (int c = 0; c < k; c++) {
                    cov[i][c] += di * (y[t][c] - y[t - 1][c] - mean[c]) / (m - 1);
                }
            }
        }
        double[][] chol = cholesky(cov);
        double[] e = new double[k];
        for (int p = 0; p < out[0].length; p++) {
            double[] level = y[origin].clone();
            for (int h = 0; h < out.length; h++) {
                for (int i = 0; i < k; i++) {
                    e[i] = rng.nextGaussian();
                }
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c <= r; c++) {
                        level[r] += chol[r][c] * e[c];
                    }
                }
                out[h][p] = level.clone();
            }
        }
    }

    static double[][] correlation(double[][] cov) {
        int k = cov.length;
        double[][] r = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                r[i][j] = cov[i][j] / Math.sqrt(cov[i][i] * cov[j][j]);
            }
        }
        return r;
    }

    /** Lower Cholesky factor of a symmetric positive (semi)definite matrix; tiny pivots are clamped to 0. */
    static double[][] cholesky(double[][] a) {
        int k = a.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int c = 0; c < j; c++) {
                    s -= l[i][c] * l[j][c];
                }
                if (i == j) {
                    l[i][i] = s > 0 ? Math.sqrt(s) : 0;
                } else {
                    l[i][j] = l[j][j] > 0 ? s / l[j][j] : 0;
                }
            }
        }
        return l;
    }

    static String describe(double[] a) {
        return Arrays.toString(a);
    }
}
