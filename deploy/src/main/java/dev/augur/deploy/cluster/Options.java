package dev.augur.deploy.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} arguments of {@code ./augur}'s commands, with range-checked integers. */
public final class Options {
    private Options() {
    }

    public static Map<String, String> parse(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option value pairs but found '" + a + "'");
            }
            m.put(a.substring(2), args.get(++i));
        }
        return m;
    }

    public static int intIn(Map<String, String> o, String key, int def, int lo, int hi) {
        return (int) longIn(o, key, def, lo, hi);
    }

    public static long longIn(Map<String, String> o, String key, long def, long lo, long hi) {
        String v = o.get(key);
        if (v == null) {
            return def;
        }
        try {
            long x = Long.parseLong(v.trim());
            if (x < lo || x > hi) {
                throw new IllegalArgumentException("--" + key + " must be in [" + lo + ", " + hi + "] but was " + x);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer in [" + lo + ", " + hi
                    + "] but was '" + v + "'");
        }
    }

    /** Fails naming the first option that is not in {@code known}, and the known ones. */
    public static void requireKnown(Map<String, String> o, String command, java.util.Collection<String> known) {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(command + ": unknown option --" + k + "; expected one of "
                        + known.stream().map(x -> "--" + x).toList());
            }
        }
    }
}
