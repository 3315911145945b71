package dev.augur.models.eval;

import dev.augur.models.metrics.nab.NabCorpusScore;
import dev.augur.models.metrics.nab.NabCorpusScorer;
import dev.augur.models.metrics.nab.NabDataFile;
import dev.augur.models.metrics.nab.NabLabels;
import dev.augur.models.metrics.nab.NabProfile;
import dev.augur.models.metrics.nab.NabSeries;
import dev.augur.models.metrics.nab.NabTimestamps;
import dev.augur.models.metrics.nab.NabWindows;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs Augur's detector causally on every labelled NAB data file, writes NAB's results layout
 * ({@code <out>/<category>/<detector>_<name>.csv} with {@code timestamp,value,anomaly_score,label}) and scores the
 * corpus with {@link NabCorpusScorer} (one threshold per profile swept over the corpus, normalised to 0..100). Every
 * {@link AnomalyDetector.Post post-processing} is scored from the same run, so the plain score is always reported
 * beside the chosen one.
 */
public final class NabEvaluation {
    /** NAB v1.1's published scoreboard (standard, reward_low_FP_rate, reward_low_FN_rate). */
    static final Map<String, double[]> SCOREBOARD = new LinkedHashMap<>();

    static {
        SCOREBOARD.put("ARTime", new double[] {74.85, 65.15, 80.36});
        SCOREBOARD.put("numenta (HTM)", new double[] {70.10, 63.12, 74.32});
        SCOREBOARD.put("randomCutForest", new double[] {51.72, 38.44, 59.69});
        SCOREBOARD.put("null", new double[] {0, 0, 0});
    }

    /** The scores of one post-processing, per profile (in {@link NabProfile#defaults()} order). */
    public record Scores(AnomalyDetector.Post post, Map<String, NabCorpusScore> byProfile) {
    }

    /** What a run produced. */
    public record Result(AnomalyDetector.Post written, List<Scores> variants, int files, long rows, long skippedRows,
            Map<String, Long> restarts, long nonFiniteScores, double seconds) {
        public Scores of(AnomalyDetector.Post p) {
            for (Scores s : variants) {
                if (s.post() == p) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no scores for " + p);
        }
    }

    private record FileRun(String file, long[] micros, double[] values, double[] tail, NabWindows windows,
            AnomalyDetector.Replay replay) {
    }

    private NabEvaluation() {
    }

    /**
     * @param nabDir NAB's root (holding {@code data/} and {@code labels/combined_windows.json}) or its data directory
     * @param labelsJson the windows file, or null for {@code <nabDir>/labels/combined_windows.json}
     * @param out results directory (created)
     * @param post the post-processing written to the results files
     * @param threads files processed at once
     * @param progress receives one line per file
     */
    public static Result run(Path nabDir, Path labelsJson, Path out, EvalSettings settings,
            AnomalyDetector.Post post, int threads, PrintStream progress) throws IOException {
        return run(nabDir, labelsJson, out, settings, post, threads, progress, out, List.of());
    }

    /**
     * As {@link #run(Path, Path, Path, EvalSettings, AnomalyDetector.Post, int, PrintStream)}, writing
     * {@code nab.json} and the plots of the files named in {@code plots} ({@link #plot}) into {@code report}.
     *
     * @param report directory of nab.json and the PNGs (created)
     * @param plots NAB file names (category/name.csv) to plot
     * @throws IllegalArgumentException naming a plot file that is not in the corpus
     */
    public static Result run(Path nabDir, Path labelsJson, Path out, EvalSettings settings,
            AnomalyDetector.Post post, int threads, PrintStream progress, Path report, List<String> plots)
            throws IOException {
        long start = System.nanoTime();
        Path dataDir = Files.isDirectory(nabDir.resolve("data")) ? nabDir.resolve("data") : nabDir;
        Path labelsPath = labelsJson != null ? labelsJson : nabDir.resolve("labels/combined_windows.json");
        if (!Files.isRegularFile(labelsPath)) {
            throw new IllegalArgumentException("expected NAB labels at " + labelsPath
                    + " (pass --labels FILE or a NAB root holding labels/combined_windows.json)");
        }
        NabLabels labels = NabLabels.load(labelsPath);
        List<String> files = new ArrayList<>(labels.files());
        for (String p : plots) {
            if (!files.contains(p)) {
                throw new IllegalArgumentException("expected --plot files among the " + files.size()
                        + " labelled NAB files (e.g. " + files.get(0) + ") but found '" + p + "'");
            }
        }        AnomalyDetector detector = AnomalyDetector.of(settings, AnomalyDetector.Post.PLAIN);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        AtomicInteger done = new AtomicInteger();
        List<Future<FileRun>> futures = new ArrayList<>();
        for (String f : files) {
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                NabDataFile data = NabDataFile.read(dataDir, f);
                long[] micros = data.timestamps();
                long[] millis = new long[micros.length];
                for (int i = 0; i < micros.length; i++) {
                    millis[i] = Math.floorDiv(micros[i], 1000L);
                }
                double[] values = data.values();
                AnomalyDetector.Replay replay;
                try {
                    replay = detector.replay(millis, values);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(f + ": the detector failed: " + e.getMessage(), e);
                }
                NabWindows w = NabWindows.resolve(f, micros, labels.windows(f));
                synchronized (progress) {
                    progress.printf("[%2d/%d] %-60s %6d rows %6.2f s%s%n", done.incrementAndGet(), files.size(), f,
                            values.length, (System.nanoTime() - t0) / 1e9, replay.restarts() == 0 ? ""
                                    : "  (" + replay.restarts() + " AR restarts, first: " + replay.firstRestart()
                                            + ")");
                    progress.flush();
                }
                return new FileRun(f, micros, values, replay.tail(), w, replay);
            }));
        }
        List<FileRun> runs = new ArrayList<>();
        try {
            for (Future<FileRun> fu : futures) {
                runs.add(fu.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        long rows = 0;
        long skipped = 0;
        Map<String, Long> restarts = new LinkedHashMap<>();
        long nonFinite = 0;
        for (FileRun r : runs) {
            rows += r.values.length;
            skipped += r.replay.skipped();
            if (r.replay.restarts() > 0) {
                restarts.put(r.file, r.replay.restarts());
            }
            nonFinite += r.replay.nonFinite();
        }
        List<Scores> variants = new ArrayList<>();
        EnumMap<AnomalyDetector.Post, AnomalyDetector> detectors = new EnumMap<>(AnomalyDetector.Post.class);
        for (AnomalyDetector.Post p : AnomalyDetector.Post.values()) {
            detectors.put(p, AnomalyDetector.of(settings, p));
        }
        for (AnomalyDetector.Post p : AnomalyDetector.Post.values()) {
            List<NabSeries> outputs = new ArrayList<>();
            for (FileRun r : runs) {
                double[] scores = detectors.get(p).transform(r.replay, r.values);
                byte[] lab = new byte[scores.length];
                for (int i = 0; i < lab.length; i++) {
                    lab[i] = (byte) r.windows.label(i);
                }
                outputs.add(NabSeries.withLabels(r.file, r.micros, scores, lab));
                if (p == post) {
                    write(out, r, scores, lab);
                }
            }
            NabCorpusScorer scorer = NabCorpusScorer.of(labels, outputs);
            Map<String, NabCorpusScore> byProfile = new LinkedHashMap<>();
            for (NabProfile profile : NabProfile.defaults()) {
                byProfile.put(profile.name(), scorer.optimize(profile));
            }
            variants.add(new Scores(p, byProfile));
            progress.printf("%-10s standard %6.2f  low-FP %6.2f  low-FN %6.2f%n", p.label(),
                    byProfile.get("standard").normalizedScore(),
                    byProfile.get("reward_low_FP_rate").normalizedScore(),
                    byProfile.get("reward_low_FN_rate").normalizedScore());
        }
        Result result = new Result(post, variants, runs.size(), rows, skipped, restarts, nonFinite,
                (System.nanoTime() - start) / 1e9);
        Files.createDirectories(report);
        Files.writeString(report.resolve("nab.json"), json(result, settings, nabDir, labelsPath),
                StandardCharsets.UTF_8);
        double threshold = result.of(post).byProfile().get("standard").threshold();
        for (FileRun r : runs) {
            if (plots.contains(r.file)) {
                plot(report, r, detectors.get(post).transform(r.replay, r.values), threshold, post,
                        settings.anomalyLevel());
                progress.printf("plotted %s into %s%n", r.file, report);
            }
        }
        return result;
    }

    /**
     * Three PNGs per file, named after it ({@code <category>_<name>.png}, {@code _zoom.png}, {@code _coverage.png}):
     * the values with the calibrated one-step interval each arrival was scored against, NAB's labelled windows
     * shaded and the detections (score at or above the standard profile's corpus threshold) marked, over the whole
     * file and around its first window; and the rolling coverage of that interval over the last 500 scored rows
     * against its nominal level.
     */
    static void plot(Path dir, FileRun r, double[] scores, double threshold, AnomalyDetector.Post post,
            double level) throws IOException {
        int n = r.values.length;
        boolean[] window = new boolean[n];
        boolean[] detected = new boolean[n];
        int detections = 0;
        for (int i = 0; i < n; i++) {
            window[i] = r.windows.label(i) == 1;
            detected[i] = scores[i] >= threshold;
            detections += detected[i] ? 1 : 0;
        }
        String base = r.file.replace(".csv", "").replace('/', '_');
        AnomalyDetector.Replay p = r.replay;
        String title = r.file + ": one-step " + Math.round(level * 100) + "% interval, " + detections
                + " detections (" + post.label() + " >= " + String.format(java.util.Locale.ROOT, "%.4f", threshold)
                + "), NAB windows shaded";
        seriesPlot(title, r.values, p, window, detected, 0, n, dir.resolve(base + ".png"));
        // a zoom on the first labelled window, 3 window lengths either side, where the interval is visible
        int first = 0;
        while (first < n && !window[first]) {
            first++;
        }
        if (first < n) {
            int last = first;
            while (last + 1 < n && window[last + 1]) {
                last++;
            }
            int span = last - first + 1;
            int from = Math.max(0, first - 3 * span);
            int to = Math.min(n, last + 1 + 3 * span);
            seriesPlot(r.file + ": rows " + from + ".." + (to - 1) + " around the first window", r.values, p, window,
                    detected, from, to, dir.resolve(base + "_zoom.png"));
        }
        int w = 500;
        double[] coverage = new double[n];
        double[] nominal = new double[n];
        java.util.ArrayDeque<Boolean> recent = new java.util.ArrayDeque<>();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            nominal[i] = level;
            coverage[i] = Double.NaN;
            if (!Double.isFinite(p.lower()[i])) {
                continue;
            }
            boolean hit = r.values[i] >= p.lower()[i] && r.values[i] <= p.upper()[i];
            recent.addLast(hit);
            hits += hit ? 1 : 0;
            if (recent.size() > w) {
                hits -= recent.pollFirst() ? 1 : 0;
            }
            if (recent.size() == w) {
                coverage[i] = hits / (double) w;
            }
        }
        new LinePlot(r.file + ": coverage of the one-step " + Math.round(level * 100) + "% interval over the last "
                + w + " scored rows")
                .yRange(0, 1)
                .spans(window, new java.awt.Color(255, 225, 190), "NAB window")
                .line(nominal, java.awt.Color.GRAY, "nominal")
                .line(coverage, new java.awt.Color(30, 80, 200), "achieved")
                .write(dir.resolve(base + "_coverage.png"), 1400, 300);
    }

    /** Rows [from, to) of a series: window spans, interval band, forecast, value, detections. */
    private static void seriesPlot(String title, double[] values, AnomalyDetector.Replay p, boolean[] window,
            boolean[] detected, int from, int to, Path png) throws IOException {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(values[i])) {
                lo = Math.min(lo, values[i]);
                hi = Math.max(hi, values[i]);
            }
        }
        double pad = 0.25 * Math.max(hi - lo, 1e-9);
        new LinePlot(title)
                .yRange(lo - pad, hi + pad)
                .spans(java.util.Arrays.copyOfRange(window, from, to), new java.awt.Color(255, 225, 190),
                        "NAB window")
                .band(java.util.Arrays.copyOfRange(p.lower(), from, to),
                        java.util.Arrays.copyOfRange(p.upper(), from, to), new java.awt.Color(140, 180, 235),
                        "calibrated interval")
                .line(java.util.Arrays.copyOfRange(p.expected(), from, to), new java.awt.Color(30, 80, 200),
                        "forecast")
                .line(java.util.Arrays.copyOfRange(values, from, to), java.awt.Color.BLACK, "value")
                .marks(java.util.Arrays.copyOfRange(detected, from, to), java.util.Arrays.copyOfRange(values, from, to),
                        new java.awt.Color(210, 30, 30), "detection")
                .write(png, 1400, 450);
    }

    private static void write(Path out, FileRun r, double[] scores, byte[] labels) {
        int slash = r.file.lastIndexOf('/');
        String category = slash < 0 ? "" : r.file.substring(0, slash);
        String name = r.file.substring(slash + 1);
        Path dir = out.resolve(category);
        try {
            Files.createDirectories(dir);
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("augur_" + name), StandardCharsets.UTF_8)) {
                w.write("timestamp,value,anomaly_score,label\n");
                for (int i = 0; i < scores.length; i++) {
                    w.write(NabTimestamps.format(r.micros[i]));
                    w.write(',');
                    w.write(plain(r.values[i]));
                    w.write(',');
                    w.write(Double.toString(scores[i]));
                    w.write(',');
                    w.write(Integer.toString(labels[i]));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : BigDecimal.valueOf(v).toPlainString();
    }

    static String json(Result r, EvalSettings s, Path nabDir, Path labels) {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("detector", "augur");
        j.field("post", r.written().label());
        j.field("data", nabDir.toString());
        j.field("labels", labels.toString());
        j.field("files", r.files());
        j.field("rows", r.rows());
        j.field("rowsNotApplied", r.skippedRows());
        j.field("nonFiniteScores", r.nonFiniteScores());
        j.name("arRestarts").beginObject();
        for (Map.Entry<String, Long> e : r.restarts().entrySet()) {
            j.field(e.getKey(), e.getValue());
        }
        j.endObject();
        j.field("seconds", Math.round(r.seconds() * 10) / 10.0);
        settings(j, s);
        j.name("scores");
        profiles(j, r.of(r.written()));
        j.name("variants").beginObject();
        for (Scores v : r.variants()) {
            j.name(v.post().label());
            profiles(j, v);
        }
        j.endObject();
        j.name("scoreboard").beginObject();
        for (Map.Entry<String, double[]> e : SCOREBOARD.entrySet()) {
            j.name(e.getKey()).beginObject().field("standard", e.getValue()[0])
                    .field("reward_low_FP_rate", e.getValue()[1]).field("reward_low_FN_rate", e.getValue()[2])
                    .endObject();
        }
        j.endObject();
        return j.endObject().toString();
    }

    private static void profiles(JsonWriter j, Scores v) {
        j.beginObject();
        for (Map.Entry<String, NabCorpusScore> e : v.byProfile().entrySet()) {
            NabCorpusScore c = e.getValue();
            j.name(e.getKey()).beginObject()
                    .field("score", Math.round(c.normalizedScore() * 1000) / 1000.0)
                    .field("threshold", c.threshold())
                    .field("raw", c.rawScore())
                    .field("null", c.nullScore())
                    .field("perfect", c.perfectScore())
                    .field("tp", c.tp()).field("fp", c.fp()).field("fn", c.fn())
                    .field("detectedWindows", c.detectedWindows()).field("missedWindows", c.missedWindows())
                    .endObject();
        }
        j.endObject();
    }

    static void settings(JsonWriter j, EvalSettings s) {
        j.name("settings").beginObject()
                .field("horizon", s.horizon()).field("ar.order", s.arOrder())
                .field("ar.forgetting", s.arForgetting()).array("levels", s.levels())
                .field("anomaly.interval-level", s.anomalyLevel()).field("calibration.gamma", s.gamma())
                .field("ensemble.crps-decay", s.crpsDecay()).field("combine.max-pending-targets", s.maxPending())
                .field("impute.max-gap", s.maxImputeGap()).field("var.order", s.varOrder())
                .field("var.forgetting", s.varForgetting())
                .endObject();
    }
}
