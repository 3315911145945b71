package dev.augur.models.neural;

import dev.augur.models.Predictive;
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
 *       ({@link Crps#samples}), raw (uncalibrated) 90% interval from the sample quantiles 0.05 and 0.95.
 * </ul>
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
        long covered;
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

    record SeriesResult(String name, Score ar, Score neural, double scale) {
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
            }
            origins[in.size()] = o;
            in.add(y, o - c + 1, r.means, r.variances);
            if (in.isFull()) {
                flush(f, in, out, origins, y, nn, samples);
            }
        }
        flush(f, in, out, origins, y, nn, samples);
        System.out.printf(Locale.ROOT, "  %-16s origins %5d  CRPS AR %.5f  hybrid %.5f  ratio %.3f  cov90 AR %.3f "
                + "hybrid %.3f%n", name, ar.n / hz, ar.crps / ar.n, nn.crps / nn.n, nn.crps / ar.crps,
                (double) ar.covered / ar.n, (double) nn.covered / nn.n);
        return new SeriesResult(name, ar, nn, scale);
    }

    private static void flush(NeuralForecaster f, BatchRequest in, BatchResult out, int[] origins, double[] y,
            Score nn, double[] samples) {
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
            }
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
        for (SeriesResult r : rs) {
            a += r.ar().crps / r.scale();
            b += r.neural().crps / r.scale();
            ca += r.ar().covered;
            cb += r.neural().covered;
            n += r.ar().n;
            for (int h = 0; h < hz; h++) {
                ah[h] += r.ar().crpsByStep[h] / r.scale();
                bh[h] += r.neural().crpsByStep[h] / r.scale();
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d forecasts x %d steps; scaled CRPS AR %.4f, hybrid %.4f, ratio %.3f; "
                + "90%% coverage AR %.3f, hybrid (raw) %.3f%n", title, n / hz, hz, a / n, b / n, b / a,
                (double) ca / n, (double) cb / n);
        StringBuilder sb = new StringBuilder("  ratio by step h=1..H:");
        for (int h = 0; h < hz; h++) {
            sb.append(String.format(Locale.ROOT, " %.2f", bh[h] / ah[h]));
        }
        System.out.println(sb);
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
