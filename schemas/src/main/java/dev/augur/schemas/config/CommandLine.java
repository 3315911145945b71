package dev.augur.schemas.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Command-line arguments of the form {@code --key value} (or {@code --key=value}), split into the tool's own
 * settings and Kafka client pass-through settings.
 *
 * <p>Arguments named {@code --kafka.<prop> value} are collected as Kafka client properties {@code <prop> = value}
 * (for SASL/SSL and tuning). {@code --help} and {@code -h} take no value. A key given twice is an error, as is a
 * positional argument or a key without a value.
 */
public final class CommandLine {
    /** Prefix that marks a Kafka client pass-through property. */
    public static final String KAFKA_PREFIX = "kafka.";

    private final Map<String, String> options;
    private final Map<String, String> kafka;
    private final boolean help;

    private CommandLine(Map<String, String> options, Map<String, String> kafka, boolean help) {
        this.options = Collections.unmodifiableMap(options);
        this.kafka = Collections.unmodifiableMap(kafka);
        this.help = help;
    }

    /**
     * Parses {@code args}.
     *
     * @throws ConfigException naming the offending argument when the syntax is wrong
     */
    public static CommandLine parse(String... args) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> kafka = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg)) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("expected an option of the form --key value but found '" + arg + "'");
            }
            String key;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                key = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                key = arg.substring(2);
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new ConfigException("--" + key + " expects a value but none was given");
                }
                value = args[++i];
            }
            Map<String, String> target = options;
            if (key.startsWith(KAFKA_PREFIX)) {
                key = key.substring(KAFKA_PREFIX.length());
                target = kafka;
                if (key.isEmpty()) {
                    throw new ConfigException("expected --kafka.<client property> but found '" + arg + "'");
                }
            }
            if (target.put(key, value) != null) {
                throw new ConfigException("--" + (target == kafka ? KAFKA_PREFIX : "") + key + " was given twice");
            }
        }
        return new CommandLine(options, kafka, help);
    }

    /** The tool's own options, key without the leading {@code --}. */
    public Map<String, String> options() {
        return options;
    }

    /** Kafka client properties given as {@code --kafka.<prop> value}, with the prefix removed. */
    public Map<String, String> kafka() {
        return kafka;
    }

    /** Kafka pass-through settings as {@link Properties}. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(kafka);
        return p;
    }

    /** Whether {@code --help} or {@code -h} was given. */
    public boolean helpRequested() {
        return help;
    }

    /**
     * Fails when an option is not one of {@code known}, so a typo does not silently fall back to a default.
     *
     * @throws ConfigException naming the unknown option and listing the known ones
     */
    public CommandLine requireKnown(Collection<Setting<?>> known) {
        TreeSet<String> names = new TreeSet<>();
        for (Setting<?> s : known) {
            names.add(s.key());
        }
        for (String key : options.keySet()) {
            if (!names.contains(key)) {
                StringBuilder sb = new StringBuilder();
                for (String n : names) {
                    sb.append(sb.length() == 0 ? "" : ", ").append("--").append(n);
                }
                throw new ConfigException("unknown option --" + key + "; expected one of " + sb
                        + " or --" + KAFKA_PREFIX + "<client property>");
            }
        }
        return this;
    }
}
