package dev.augur.models.eval;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code augur eval forecast|detect|nab|exchange}: the evaluation harness on the command line. Parses flags and calls
 * {@link ForecastEvaluation}, {@link DetectEvaluation}, {@link NabEvaluation} or {@link ExchangeBenchmark}; nothing
 * else. {@link #run} returns the exit code: 0 done, 2 bad usage, 1 failure.
 */
public final class EvalCommand {
    private EvalCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        String cmd = args[0];
        Map<String, String> flags;
        try {
            flags = parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.print(usage());
            return 2;
        }
        try {
            switch (cmd) {
                case "nab" -> nab(flags, out);
                case "forecast" -> ForecastEvaluation.run(Options.forecast(flags), out);
                case "detect" -> DetectEvaluation.run(Options.detect(flags), out);
                case "exchange" -> ExchangeBenchmark.run(Options.exchange(flags), out);
                default -> {
                    out.println("error: unknown command '" + cmd + "'; expected forecast, detect, nab or exchange");
                    out.print(usage());
                    return 2;
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            out.println("error: " + e);
            e.printStackTrace(out);
            return 1;
        }
    }

    private static void nab(Map<String, String> f, PrintStream out) throws Exception {
        Options.allow(f, Set.of("data", "out", "labels", "post", "threads", "report", "plot"), Options.MODEL_FLAGS);
        Path data = Path.of(Options.required(f, "data"));
        Path outDir = Path.of(Options.required(f, "out"));
        Files.createDirectories(outDir);
        AnomalyDetector.Post post = AnomalyDetector.Post.parse(f.getOrDefault("post", "plain"));
        int threads = Options.intFlag(f, "threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        Path labels = f.containsKey("labels") ? Path.of(f.get("labels")) : null;
        Path report = f.containsKey("report") ? Path.of(f.get("report")) : outDir;
        java.util.List<String> plots = f.containsKey("plot") ? java.util.List.of(f.get("plot").split(","))
                : java.util.List.of();
        NabEvaluation.Result r = NabEvaluation.run(data, labels, outDir, Options.settings(f), post, threads, out,
                report, plots);
        var s = r.of(post).byProfile();
        out.printf(Locale.ROOT, "NAB (%s): standard %.2f, reward_low_FP_rate %.2f, reward_low_FN_rate %.2f; "
                + "%d files, %d rows in %.1f s; wrote %s%n", post.label(), s.get("standard").normalizedScore(),
                s.get("reward_low_FP_rate").normalizedScore(), s.get("reward_low_FN_rate").normalizedScore(),
                r.files(), r.rows(), r.seconds(), report.resolve("nab.json"));
    }

    /** {@code --key value} pairs after the command word; {@code --flag} alone means "true". */
    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() < 3) {
                throw new IllegalArgumentException("expected --key value but found '" + a + "'");
            }
            String key = a.substring(2);
            String value = "true";
            int eq = key.indexOf('=');
            if (eq > 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            }
            if (m.put(key, value) != null) {
                throw new IllegalArgumentException("--" + key + " given twice");
            }
        }
        return m;
    }

    /** Parses 1d, 1h, 15min, 30s, 500ms or an ISO-8601 duration (PT1H) into milliseconds. */
    static long duration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(s.trim().toUpperCase(Locale.ROOT)).toMillis();
            }
            String[][] units = {{"ms", "1"}, {"min", "60000"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"},
                {"d", "86400000"}};
            for (String[] u : units) {
                if (t.endsWith(u[0])) {
                    return Math.round(Double.parseDouble(t.substring(0, t.length() - u[0].length()))
                            * Long.parseLong(u[1]));
                }
            }
            return Long.parseLong(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a duration like 1d, 1h, 15min, 30s, 500ms or PT1H but found '"
                    + s + "'");
        }
    }

    static String usage() {
        return """
                usage: augur eval <command> [--flag value ...]

                  nab       --data DIR --out DIR [--labels FILE] [--post plain|surprise|likelihood|peak|scaled]
                            [--threads N] [--report DIR] [--plot category/file.csv,...]
                            run the detector on every NAB file; writes <out>/<category>/augur_<file>.csv, and
                            nab.json and the plots of the --plot files (interval, windows, detections; coverage)
                            into --report (default --out)
                  forecast  --input CSV --out DIR [--target COL] [--group COL1,COL2,...] [--step DUR] [--start TIME]
                            [--season N] [--eval-from ROW] [--no-forecasts] [--paths 100] [--seed 1]
                            replay a CSV; writes metrics.json and forecasts.csv (ensemble, ar-rls, var-rls with a
                            group, seasonal-naive); with a group also the energy score and CRPS-sum of all members
                            from --paths joint samples per (origin, step)
                  detect    --input CSV --out FILE [--target COL] [--group COL1,COL2,...] [--step DUR] [--start TIME]
                            [--post plain|surprise|likelihood|peak|scaled]
                            one row per input row: timestamp, value(s), anomaly_score (per member with a group)
                  exchange  --input exchange_rate.txt.gz --out DIR [--paths 100] [--seed 1] [--test-start 6071]
                            [--windows 5] [--horizon 30]
                            TimeGrad's exchange-rate protocol: CRPS-sum of the VAR, ensemble and a random walk

                model flags (defaults are the Flink job's): --horizon 12 --ar-order 8 --ar-forgetting 0.995
                  --var-order 2 --var-forgetting 0.995 --anomaly-level 0.9 --gamma 0.05 --crps-decay 0.05
                  --max-impute-gap 50
                """;
    }
}
