package dev.augur.schemas.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Masks secret values (passwords, JAAS configurations, tokens, keys) before settings or command lines are logged or
 * printed. A setting is secret when its name contains one of {@link #MARKERS}, whatever its prefix (so
 * {@code --kafka.sasl.jaas.config}, {@code kafka.ssl.keystore.password} and {@code --token} are all masked).
 */
public final class Secrets {
    /** Name fragments that mark a secret, lower case. */
    public static final List<String> MARKERS = List.of("password", "jaas", "secret", "token", "credential",
            "keystore.key", "apikey", "api-key");
    /** What a masked value is replaced by. */
    public static final String MASK = "******";

    private Secrets() {
    }

    /** Whether a setting of this name holds a secret. */
    public static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String m : MARKERS) {
            if (n.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of {@code --key value} style arguments with the value after every secret key masked ({@code --key=value}
     * too). Other arguments are kept as they are.
     */
    public static List<String> maskArgs(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            if (a.startsWith("-") && eq > 0 && isSecret(a.substring(0, eq))) {
                out.add(a.substring(0, eq + 1) + MASK);
            } else if (a.startsWith("-") && eq < 0 && isSecret(a) && i + 1 < args.size()) {
                out.add(a);
                out.add(MASK);
                i++;
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** A copy of {@code settings} with every secret value masked. */
    public static Map<String, String> mask(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : v));
        return out;
    }
}
