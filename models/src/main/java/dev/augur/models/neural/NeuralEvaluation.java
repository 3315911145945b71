package dev.augur.models.neural;

import dev.augur.models.Predictive;
import dev.augur.models.conformal.AdaptiveConformal;
import dev.augur.models.metrics.Crps;
import dev.augur.models.stream.StageRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Accuracy of the hybrid against the online AR it is conditioned on, for the model card (not part of the test suite).
 * Each series is replayed from its first row through the job's AR stage ({@link ConditioningExport#candidates},
 * forecast-then-learn, so every candidate uses only rows up to its origin); at every origin o of the test part (all
 * targets o+1..o+H inside it) both forecasts are scored against the observed values for h = 1..H:
 * <ul>
 *   <li>AR: its Student-t (or Normal) predictive, CRPS in closed form ({@link Crps#studentT}), 90% interval from its
 *       quantiles ({@link Predictive#quantile});
 *   <li>hybrid: S sample paths from {@link NeuralForecaster}, CRPS of the empirical distribution
 *       ({@link Crps#samples}) and the fair ensemble CRPS ({@link Crps#samplesFair}: the empirical form carries an
 *       upward bias of about 1/S of the spread that the AR's closed form does not), raw (uncalibrated) 90% interval
 *       from the sample quantiles 0.05 and 0.95;
 *   <li>a random walk, N(y_o, h s^2) with s^2 the exponentially weighted (0.995) mean squared one-step change up to
 *       the origin: the reference that shows how much any model can gain on a series.
 * </ul>
 * Calibrated coverage replays the job's interval calibration ({@link Calibration}) on the AR's and the hybrid's 90%
 * intervals.
 * CRPS is averaged over all (origin, h); across several series it is first divided by the series' mean absolute
 * one-step change over its training part (so series of different scale weigh alike).
 *
 * <p>Test parts: ETTh1 {@code OT} rows [11520, 14400) (the 12/4/4-month split); exchange rates rows [6071, 7588) of
 * each of the 8 columns (the last 20 %). Usage:
 * {@code NeuralEvaluation --etth1 PATH --exchange PATH [--model FILE] [--samples 100] [--stride 1]}.
 */
public final class NeuralEvaluation {
    private NeuralEvaluation() {
    }

    /** Sums for one model on one series. */
    static final class Score {
        double crps;
        double crpsFair;
        long covered;
        long calibratedCovered;
        long n;
        final double[] crpsByStep;
        final long[] nByStep;

        Score(int horizon) {
            crpsByStep = new double[horizon];
            nByStep = new long[horizon];
        }

        void add(int h, double c, boolean in) {
            crps += c;
            crpsByStep[h - 1] += c;
            nByStep[h - 1]++;
            covered += in ? 1 : 0;
            n++;
        }
    }

    record SeriesResult(String name, Score ar, Score neural, Score walk, double scale) {
    }

    /**
     * The job's interval calibration ({@link AdaptiveConformal}, gamma = the job's default {@code calibration.gamma}
     * 0.05) replayed on one model's 90% intervals, one multiplier per step h: the interval of origin o for step h is
     * stretched by the multiplier learnt from the outcomes known at time o (those of origins o' with o' + h &lt;= o).
     */
    static final class Calibration {
        final int[] origins;
        final double[][] median;
        final double[][] lower;
        final double[][] upper;
        int n;

        Calibration(int capacity, int horizon) {
            origins = new int[capacity];
            median = new double[capacity][horizon];
            lower = new double[capacity][horizon];
            upper = new double[capacity][horizon];
        }

        /** Replays the calibration in origin order; adds the calibrated coverage to {@code score}. */
        void replay(double[] y, Score score) {
            int hz = median.length == 0 ? 0 : median[0].length;
            AdaptiveConformal aci = new AdaptiveConformal(0.05);
            double[] m = new double[hz];
            java.util.Arrays.fill(m, 1.0);
            long[] hits = new long[hz];
            long[] counts = new long[hz];
            int[] next = new int[hz];   // per h: the first issued forecast whose outcome is not yet learnt
            for (int r = 0; r < n; r++) {
                int o = origins[r];
                for (int h = 1; h <= hz; h++) {
                    int i = h - 1;
                    while (next[i] < r && origins[next[i]] + h <= o) {
                        int q = next[i]++;
                        double yt = y[origins[q] + h];
                        double lo = AdaptiveConformal.lower(median[q][i], lower[q][i], m[i]);
                        double hi = AdaptiveConformal.upper(median[q][i], upper[q][i], m[i]);
                        aci.update(m, hits, counts, i, 0.1, yt >= lo && yt <= hi);
                    }
                    double yt = y[o + h];
                    double lo = AdaptiveConformal.lower(median[r][i], lower[r][i], m[i]);
                    double hi = AdaptiveConformal.upper(median[r][i], upper[r][i], m[i]);
                    score.calibratedCovered += yt >= lo && yt <= hi ? 1 : 0;
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Path etth1 = null;
        Path exchange = null;
        NeuralSettings settings = NeuralSettings.defaults().withSamples(100);
        int stride = 1;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--etth1" -> etth1 = Path.of(args[i + 1]);
                case "--exchange" -> exchange = Path.of(args[i + 1]);
                case "--model" -> settings = settings.withModel(Path.of(args[i + 1]));
                case "--samples" -> settings = settings.withSamples(Integer.parseInt(args[i + 1]));
                case "--stride" -> stride = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("expected --etth1, --exchange, --model, --samples or "
                        + "--stride but found " + args[i]);
            }
        }
        try (NeuralForecaster f = NeuralForecaster.open(settings)) {
            System.out.printf(Locale.ROOT, "model %s, S=%d, stride %d%n", f.version(), f.samples(), stride);
            if (etth1 != null) {
                double[] ot = readEtth1Ot(etth1);
                SeriesResult r = evaluate(f, "ETTh1 OT", ot, 8640, 11520, 14400, stride);
                report("ETTh1 OT (rows 11520-14399)", List.of(r), f.horizon());
            }
            if (exchange != null) {
                double[][] cols = readExchange(exchange);
                List<SeriesResult> rs = new ArrayList<>();
                for (int c = 0; c < cols.length; c++) {
                    rs.add(evaluate(f, "exchange col " + c, cols[c], 6071, 6071, cols[c].length, stride));
                }
                report("exchange rates, 8 series (rows 6071-7587)", rs, f.horizon());
            }
        }
    }

    static SeriesResult evaluate(NeuralForecaster f, String name, double[] y, int trainEnd, int testStart,
            int testEnd, int stride) {
        int hz = f.horizon();
        int c = f.context();
        StageRecord[] cand = ConditioningExport.candidates(y, hz);
        double scale = 0;
        for (int i = 1; i < trainEnd; i++) {
            scale += Math.abs(y[i] - y[i - 1]);
        }
        scale /= trainEnd - 1;

        Score ar = new Score(hz);
        Score nn = new Score(hz);
        Score walk = new Score(hz);
        int capacity = Math.max(0, (testEnd - testStart) / stride + 1);
        Calibration arCal = new Calibration(capacity, hz);
        Calibration nnCal = new Calibration(capacity, hz);
        // random walk baseline: N(y_o, h s2), s2 an exponentially weighted mean of squared one-step changes with the
        // AR stage's forgetting factor 0.995, from rows up to the origin only
        double[] walkVar = new double[y.length];
        double s2 = 0;
        double w = 0;
        for (int i = 1; i < y.length; i++) {
            double d = y[i] - y[i - 1];
            s2 = 0.995 * s2 + d * d;
            w = 0.995 * w + 1;
            walkVar[i] = s2 / w;
        }
        Predictive pred = new Predictive(hz);
        BatchRequest in = f.newRequest();
        BatchResult out = f.newResult();
        int[] origins = new int[f.maxBatch()];
        double[] samples = new double[f.samples()];
        for (int o = testStart; o + hz < testEnd; o += stride) {
            StageRecord r = cand[o];
            if (o - c + 1 < 0 || r == null) {
                continue;
            }
            for (int h = 1; h <= hz; h++) {
                pred.set(h, r.means[h - 1], r.variances[h - 1]);
            }
            pred.setDof(r.dof);
            for (int h = 1; h <= hz; h++) {
                double yt = y[o + h];
                double sc = pred.scale(h);
                double crps = Double.isInfinite(r.dof) ? Crps.normal(pred.mean(h), sc, yt)
                        : Crps.studentT(pred.mean(h), sc, r.dof, yt);
                ar.add(h, crps, yt >= pred.quantile(h, 0.05) && yt <= pred.quantile(h, 0.95));
                ar.crpsFair += crps;
                arCal.median[arCal.n][h - 1] = pred.mean(h);
                arCal.lower[arCal.n][h - 1] = pred.quantile(h, 0.05);
                arCal.upper[arCal.n][h - 1] = pred.quantile(h, 0.95);
                double ws = Math.sqrt(h * walkVar[o]);
                double wc = Crps.normal(y[o], ws, yt);
                walk.add(h, wc, Math.abs(yt - y[o]) <= 1.6448536269514722 * ws);
                walk.crpsFair += wc;
            }
            arCal.origins[arCal.n++] = o;
            origins[in.size()] = o;
            in.add(y, o - c + 1, r.means, r.variances);
            if (in.isFull()) {
                flush(f, in, out, origins, y, nn, nnCal, samples);
            }
        }
        flush(f, in, out, origins, y, nn, nnCal, samples);
        arCal.replay(y, ar);
        nnCal.replay(y, nn);
        System.out.printf(Locale.ROOT, "  %-16s origins %5d  CRPS AR %.5f  hybrid %.5f (fair %.5f)  ratio %.3f (fair "
                + "%.3f)  random walk / AR %.3f  cov90 raw AR %.3f hybrid %.3f, calibrated AR %.3f hybrid %.3f%n",
                name, ar.n / hz, ar.crps / ar.n, nn.crps / nn.n, nn.crpsFair / nn.n, nn.crps / ar.crps,
                nn.crpsFair / ar.crps, walk.crps / ar.crps, (double) ar.covered / ar.n, (double) nn.covered / nn.n,
                (double) ar.calibratedCovered / ar.n, (double) nn.calibratedCovered / nn.n);
        return new SeriesResult(name, ar, nn, walk, scale);
    }

    private static void flush(NeuralForecaster f, BatchRequest in, BatchResult out, int[] origins, double[] y,
            Score nn, Calibration cal, double[] samples) {
        if (in.size() == 0) {
            return;
        }
        f.forecast(in, out);
        for (int r = 0; r < out.size(); r++) {
            int o = origins[r];
            for (int h = 1; h <= f.horizon(); h++) {
                for (int k = 0; k < samples.length; k++) {
                    samples[k] = out.sample(r, k, h);
                }
                double yt = y[o + h];
                nn.add(h, Crps.samples(samples, samples.length, yt),
                        yt >= out.quantile(r, h, 0) && yt <= out.quantile(r, h, 6));
                nn.crpsFair += Crps.samplesFair(samples, samples.length, yt);
                cal.median[cal.n][h - 1] = out.quantile(r, h, 3);
                cal.lower[cal.n][h - 1] = out.quantile(r, h, 0);
                cal.upper[cal.n][h - 1] = out.quantile(r, h, 6);
            }
            cal.origins[cal.n++] = o;
        }
        in.clear();
    }

    static void report(String title, List<SeriesResult> rs, int hz) {
        double a = 0;
        double b = 0;
        long ca = 0;
        long cb = 0;
        long n = 0;
        double[] ah = new double[hz];
        double[] bh = new double[hz];
        double[] wh = new double[hz];
        double bf = 0;
        double wk = 0;
        long ka = 0;
        long kb = 0;
        for (SeriesResult r : rs) {
            a += r.ar().crps / r.scale();
            b += r.neural().crps / r.scale();
            bf += r.neural().crpsFair / r.scale();
            wk += r.walk().crps / r.scale();
            ca += r.ar().covered;
            cb += r.neural().covered;
            ka += r.ar().calibratedCovered;
            kb += r.neural().calibratedCovered;
            n += r.ar().n;
            for (int h = 0; h < hz; h++) {
                ah[h] += r.ar().crpsByStep[h] / r.scale();
                bh[h] += r.neural().crpsByStep[h] / r.scale();
                wh[h] += r.walk().crpsByStep[h] / r.scale();
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d forecasts x %d steps; scaled CRPS AR %.4f, hybrid %.4f, ratio %.3f; "
                + "90%% coverage AR %.3f, hybrid (raw) %.3f%n", title, n / hz, hz, a / n, b / n, b / a,
                (double) ca / n, (double) cb / n);
        System.out.printf(Locale.ROOT, "  hybrid fair CRPS / AR %.3f; random walk / AR %.3f; calibrated 90%% coverage "
                + "AR %.3f, hybrid %.3f%n", bf / a, wk / a, (double) ka / n, (double) kb / n);
        StringBuilder sb = new StringBuilder("  hybrid / AR by step h=1..H:");
        StringBuilder sw = new StringBuilder("  random walk / AR by step h=1..H:");
        for (int h = 0; h < hz; h++) {
            sb.append(String.format(Locale.ROOT, " %.2f", bh[h] / ah[h]));
            sw.append(String.format(Locale.ROOT, " %.2f", wh[h] / ah[h]));
        }
        System.out.println(sb);
        System.out.println(sw);
    }

    static double[] readEtth1Ot(Path p) throws IOException {
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        String[] head = lines.get(0).split(",");
        int col = -1;
        for (int i = 0; i < head.length; i++) {
            if (head[i].trim().equals("OT")) {
                col = i;
            }
        }
        if (col < 0) {
            throw new IOException("expected a column OT in " + p + " but found " + lines.get(0));
        }
        double[] y = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            y[i - 1] = Double.parseDouble(lines.get(i).split(",")[col]);
        }
        return y;
    }

    static double[][] readExchange(Path p) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                double[] v = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    v[i] = Double.parseDouble(f[i]);
                }
                rows.add(v);
            }
        }
        double[][] cols = new double[rows.get(0).length][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < cols.length; j++) {
                cols[j][i] = rows.get(i)[j];
            }
        }
        return cols;
    }
}
