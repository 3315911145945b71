package dev.augur.models.eval;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The validated flags of the eval commands. */
final class Options {
    static final Set<String> MODEL_FLAGS = Set.of("horizon", "ar-order", "ar-forgetting", "var-order",
            "var-forgetting", "anomaly-level", "gamma", "crps-decay", "max-impute-gap");
    private static final Set<String> INPUT_FLAGS = Set.of("input", "out", "target", "group", "step", "start");

    /** Settings of {@code eval forecast}. */
    record Forecast(Path input, Path out, String target, String[] group, long stepMillis, long startMillis,
            int season, int evalFrom, boolean writeForecasts, int paths, long seed, EvalSettings settings) {
    }

    /** Settings of {@code eval detect}. */
    record Detect(Path input, Path out, String target, String[] group, long stepMillis, long startMillis,
            AnomalyDetector.Post post, EvalSettings settings) {
    }

    /** Settings of the exchange-rate benchmark. */
    record Exchange(Path input, Path out, int paths, long seed, int testStart, int windows, EvalSettings settings) {
    }

    private Options() {
    }

    static Forecast forecast(Map<String, String> f) {
        Set<String> own = new HashSet<>(INPUT_FLAGS);
        own.addAll(Set.of("season", "eval-from", "no-forecasts", "paths", "seed"));
        allow(f, own, MODEL_FLAGS);
        return new Forecast(Path.of(required(f, "input")), Path.of(required(f, "out")), f.get("target"),
                group(f), f.containsKey("step") ? EvalCommand.duration(f.get("step")) : 0, start(f),
                intFlag(f, "season", 1, 1, 100_000), intFlag(f, "eval-from", 0, 0, Integer.MAX_VALUE),
                !Boolean.parseBoolean(f.getOrDefault("no-forecasts", "false")), intFlag(f, "paths", 100, 2, 100_000),
                longFlag(f, "seed", 1), settings(f));
    }

    static Detect detect(Map<String, String> f) {
        Set<String> own = new HashSet<>(INPUT_FLAGS);
        own.add("post");
        allow(f, own, MODEL_FLAGS);
        return new Detect(Path.of(required(f, "input")), Path.of(required(f, "out")), f.get("target"), group(f),
                f.containsKey("step") ? EvalCommand.duration(f.get("step")) : 0, start(f),
                AnomalyDetector.Post.parse(f.getOrDefault("post", "plain")), settings(f));
    }

    static Exchange exchange(Map<String, String> f) {
        allow(f, Set.of("input", "out", "paths", "seed", "test-start", "windows"), MODEL_FLAGS);
        EvalSettings s = settings(f);
        if (!f.containsKey("horizon")) {
            s = s.withHorizon(30);
        }
        return new Exchange(Path.of(required(f, "input")), Path.of(required(f, "out")),
                intFlag(f, "paths", 100, 2, 100_000), longFlag(f, "seed", 1),
                intFlag(f, "test-start", 6071, 10, Integer.MAX_VALUE), intFlag(f, "windows", 5, 1, 10_000), s);
    }

    static EvalSettings settings(Map<String, String> f) {
        EvalSettings d = EvalSettings.defaults();
        int horizon = intFlag(f, "horizon", d.horizon(), 1, 1000);
        return new EvalSettings(horizon, intFlag(f, "ar-order", d.arOrder(), 1, 64),
                doubleFlag(f, "ar-forgetting", d.arForgetting()), d.levels(),
                doubleFlag(f, "anomaly-level", d.anomalyLevel()), doubleFlag(f, "gamma", d.gamma()),
                doubleFlag(f, "crps-decay", d.crpsDecay()), Math.max(d.maxPending(), horizon),
                intFlag(f, "max-impute-gap", d.maxImputeGap(), 0, 100_000),
                intFlag(f, "var-order", d.varOrder(), 1, 32), doubleFlag(f, "var-forgetting", d.varForgetting()));
    }

    static void allow(Map<String, String> f, Set<String> own, Set<String> shared) {
        TreeSet<String> unknown = new TreeSet<>(f.keySet());
        unknown.removeAll(own);
        unknown.removeAll(shared);
        if (!unknown.isEmpty()) {
            TreeSet<String> known = new TreeSet<>(own);
            known.addAll(shared);
            throw new IllegalArgumentException("unknown flag(s) " + unknown + "; this command takes " + known);
        }
    }

    static String required(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.equals("true")) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    static int intFlag(Map<String, String> f, String key, int def, int lo, int hi) {
        String v = f.get(key);
        if (v == null) {
            return def;
        }
        try {
            int x = Integer.parseInt(v);
            if (x < lo || x > hi) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer in [" + lo + ", " + hi
                    + "] but was '" + v + "'");
        }
    }

    static long longFlag(Map<String, String> f, String key, long def) {
        String v = f.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer but was '" + v + "'");
        }
    }

    static double doubleFlag(Map<String, String> f, String key, double def) {
        String v = f.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number but was '" + v + "'");
        }
    }

    private static String[] group(Map<String, String> f) {
        String g = f.get("group");
        if (g == null) {
            return null;
        }
        String[] m = Arrays.stream(g.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (m.length < 2) {
            throw new IllegalArgumentException("--group needs at least two columns but was '" + g + "'");
        }
        return m;
    }

    private static long start(Map<String, String> f) {
        String s = f.get("start");
        return s == null ? 0 : SeriesTable.parseTime(s, "--start", 0);
    }
}
