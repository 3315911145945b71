package dev.augur.schemas.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed, described, validated setting: its key (used both as {@code --key} on the command line and as a
 * property name), a description, a default (or none when required), a parser and a range check.
 *
 * <p>{@link #read(Map)} fails fast with a {@link ConfigException} whose message names the key, the allowed values and
 * what was found, e.g. {@code max-id-length must be an integer in [1, 4096] but was '0'}.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
    private final String key;
    private final String description;
    private final T defaultValue;
    private final boolean required;
    private final Function<String, T> parser;
    private final Predicate<T> allowed;
    private final String allowedDescription;

    private Setting(String key, String description, T defaultValue, boolean required, Function<String, T> parser,
            Predicate<T> allowed, String allowedDescription) {
        this.key = Objects.requireNonNull(key, "key");
        this.description = Objects.requireNonNull(description, "description");
        this.defaultValue = defaultValue;
        this.required = required;
        this.parser = parser;
        this.allowed = allowed;
        this.allowedDescription = allowedDescription;
    }

    /** An integer in {@code [min, max]}. */
    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, description, defaultValue, false, Integer::valueOf, v -> v >= min && v <= max,
                "an integer in [" + min + ", " + max + "]");
    }

    /** A long in {@code [min, max]}. */
    public static Setting<Long> longValue(String key, long defaultValue, long min, long max, String description) {
        return new Setting<>(key, description, defaultValue, false, Long::valueOf, v -> v >= min && v <= max,
                "an integer in [" + min + ", " + max + "]");
    }

    /** A long in {@code [min, max]} with no default: absent means "not set" ({@link #read} returns null). */
    public static Setting<Long> optionalLong(String key, long min, long max, String description) {
        return new Setting<>(key, description, null, false, Long::valueOf, v -> v >= min && v <= max,
                "an integer in [" + min + ", " + max + "]");
    }

    /** A finite double in {@code [min, max]}. */
    public static Setting<Double> decimal(String key, double defaultValue, double min, double max,
            String description) {
        return new Setting<>(key, description, defaultValue, false, Double::valueOf,
                v -> Double.isFinite(v) && v >= min && v <= max, "a number in [" + min + ", " + max + "]");
    }

    /** A string matched by {@code check}; {@code defaultValue} null makes it required. */
    public static Setting<String> string(String key, String defaultValue, Predicate<String> check,
            String allowedDescription, String description) {
        return new Setting<>(key, description, defaultValue, defaultValue == null, s -> s, check,
                allowedDescription);
    }

    /** An optional string: absent means null. */
    public static Setting<String> optionalString(String key, Predicate<String> check, String allowedDescription,
            String description) {
        return new Setting<>(key, description, null, false, s -> s, check, allowedDescription);
    }

    /** An ISO-8601 instant such as {@code 2024-01-01T00:00:00Z}. */
    public static Setting<Instant> instant(String key, Instant defaultValue, String description) {
        return new Setting<>(key, description, defaultValue, defaultValue == null, Instant::parse, v -> true,
                "an ISO-8601 instant such as 2024-01-01T00:00:00Z");
    }

    /** An ISO-8601 duration such as {@code PT1M}, in {@code [min, max]}. */
    public static Setting<Duration> duration(String key, Duration defaultValue, Duration min, Duration max,
            String description) {
        return new Setting<>(key, description, defaultValue, false, Duration::parse,
                v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0,
                "an ISO-8601 duration in [" + min + ", " + max + "]");
    }

    /** An optional ISO-8601 duration in {@code [min, max]}: absent means null. */
    public static Setting<Duration> optionalDuration(String key, Duration min, Duration max, String description) {
        return new Setting<>(key, description, null, false, Duration::parse,
                v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0,
                "an ISO-8601 duration in [" + min + ", " + max + "]");
    }

    /** One of the enum's constants, matched case-insensitively. */
    public static <E extends Enum<E>> Setting<E> choice(String key, E defaultValue, Class<E> type,
            String description) {
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        return new Setting<>(key, description, defaultValue, defaultValue == null,
                s -> Enum.valueOf(type, s.toUpperCase(java.util.Locale.ROOT)), v -> true, "one of " + names);
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** The default value; null when the setting is required or optional without a default. */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean required() {
        return required;
    }

    /** Human description of the allowed values, e.g. {@code an integer in [1, 4096]}. */
    public String allowedDescription() {
        return allowedDescription;
    }

    /**
     * Reads this setting from {@code values} (keys without {@code --}).
     *
     * @return the parsed value, the default when absent, or null for an optional setting that is absent
     * @throws ConfigException when required and absent, unparseable, or out of range
     */
    public T read(Map<String, String> values) {
        String raw = values.get(key);
        if (raw == null) {
            if (required) {
                throw new ConfigException(key + " is required (" + allowedDescription + "): " + description);
            }
            return defaultValue;
        }
        String text = raw.trim();
        T value;
        try {
            value = parser.apply(text);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ConfigException(key + " must be " + allowedDescription + " but was '" + raw + "'", e);
        }
        if (!allowed.test(value)) {
            throw new ConfigException(key + " must be " + allowedDescription + " but was '" + raw + "'");
        }
        return value;
    }

    /** A usage text listing {@code settings}: one {@code --key <allowed> (default ...)  description} block each. */
    public static String usage(String command, Collection<Setting<?>> settings) {
        StringBuilder sb = new StringBuilder("usage: ").append(command).append(" [options]\n");
        for (Setting<?> s : settings) {
            sb.append("  --").append(s.key).append("  ").append(s.allowedDescription);
            if (s.required) {
                sb.append(" (required)");
            } else if (s.defaultValue != null) {
                sb.append(" (default ").append(s.defaultValue).append(')');
            }
            sb.append("\n      ").append(s.description).append('\n');
        }
        sb.append("  --").append(CommandLine.KAFKA_PREFIX).append("<property> <value>\n")
                .append("      Kafka client setting passed through as is (e.g. --kafka.security.protocol SASL_SSL).\n");
        return sb.toString();
    }

    @Override
    public String toString() {
        return "--" + key;
    }
}
