package dev.augur.ingest;

import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.ConfigException;
import dev.augur.schemas.config.Setting;
import dev.augur.ingest.resample.BarStore;
import dev.augur.ingest.resample.ResampleRules;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Settings of the ingest topology (validation and resampling), typed and checked when built. Each setting has one
 * key, used both as a property name and as a command-line option ({@code --key value}):
 *
 * <table>
 * <caption>Ingest settings</caption>
 * <tr><th>key</th><th>allowed</th><th>default</th></tr>
 * <tr><td>{@code topic-prefix}</td><td>{@code [a-zA-Z0-9._-]{0,200}}</td><td>{@code augur.}</td></tr>
 * <tr><td>{@code max-id-length}</td><td>[1, 4096] characters (Unicode code points)</td><td>256</td></tr>
 * <tr><td>{@code min-timestamp}</td><td>ISO-8601 instant, inclusive</td><td>1900-01-01T00:00:00Z</td></tr>
 * <tr><td>{@code max-timestamp}</td><td>ISO-8601 instant, exclusive, after min-timestamp</td>
 * <td>2200-01-01T00:00:00Z</td></tr>
 * <tr><td>{@code max-line-bytes}</td><td>[64, 67108864]</td><td>1048576 (1 MiB)</td></tr>
 * <tr><td>{@code resample}</td><td>path of a JSON rules file ({@link ResampleRules})</td><td>none: nothing is
 * resampled</td></tr>
 * <tr><td>{@code resample-store}</td><td>{@code rocksdb} or {@code memory} ({@link BarStore.Kind})</td>
 * <td>{@code rocksdb}</td></tr>
 * </table>
 *
 * <p>The rules file is read and checked when the config is built, so a bad rule fails at start-up. Immutable.
 */
public final class IngestConfig {
    public static final Setting<String> TOPIC_PREFIX = Setting.string("topic-prefix", TopicCatalogue.DEFAULT_PREFIX,
            p -> p.length() <= 200 && p.matches("[a-zA-Z0-9._-]*"), "a string matching [a-zA-Z0-9._-]{0,200}",
            "Prefix of every topic name (<prefix>raw, <prefix>observations, <prefix>deadletter).");
    public static final Setting<Integer> MAX_ID_LENGTH = Setting.integer("max-id-length", 256, 1, 4096,
            "Longest accepted series or group id, in characters; longer ids are dead-lettered as ID_TOO_LONG.");
    public static final Setting<Instant> MIN_TIMESTAMP = Setting.instant("min-timestamp",
            Instant.parse("1900-01-01T00:00:00Z"),
            "Earliest accepted event time (inclusive); earlier ones are dead-lettered as BAD_TIMESTAMP.");
    public static final Setting<Instant> MAX_TIMESTAMP = Setting.instant("max-timestamp",
            Instant.parse("2200-01-01T00:00:00Z"),
            "End of the accepted event-time range (exclusive); later ones are dead-lettered as BAD_TIMESTAMP.");
    public static final Setting<Integer> MAX_LINE_BYTES = Setting.integer("max-line-bytes", 1 << 20, 64, 64 << 20,
            "Largest accepted raw value in bytes; larger ones are dead-lettered as TOO_LARGE.");
    public static final Setting<String> RESAMPLE = Setting.optionalString("resample", s -> !s.isBlank(),
            "a path to a JSON file of resampling rules",
            "Tick series matching a rule are resampled to fixed-step bars instead of passing through (see"
                    + " README-ingest.md); none by default.");
    public static final Setting<BarStore.Kind> RESAMPLE_STORE = Setting.choice("resample-store",
            BarStore.Kind.ROCKSDB, BarStore.Kind.class,
            "Where open bars are kept: rocksdb (under state-dir; a clean restart reads only the changelog's tail) or"
                    + " memory (every restart restores the open bars from the changelog).");

    /** Every setting of this class, in usage order. */
    public static final List<Setting<?>> SETTINGS = List.of(TOPIC_PREFIX, MAX_ID_LENGTH, MIN_TIMESTAMP,
            MAX_TIMESTAMP, MAX_LINE_BYTES, RESAMPLE, RESAMPLE_STORE);

    private final TopicCatalogue topics;
    private final int maxIdLength;
    private final Instant minTimestamp;
    private final Instant maxTimestamp;
    private final int maxLineBytes;
    private final ResampleRules resampleRules;
    private final BarStore.Kind resampleStore;

    private IngestConfig(Map<String, String> values) {
        this.topics = TopicCatalogue.withPrefix(TOPIC_PREFIX.read(values));
        this.maxIdLength = MAX_ID_LENGTH.read(values);
        this.minTimestamp = MIN_TIMESTAMP.read(values);
        this.maxTimestamp = MAX_TIMESTAMP.read(values);
        this.maxLineBytes = MAX_LINE_BYTES.read(values);
        if (!minTimestamp.isBefore(maxTimestamp)) {
            throw new ConfigException(MAX_TIMESTAMP.key() + " must be after " + MIN_TIMESTAMP.key() + " ("
                    + minTimestamp + ") but was " + maxTimestamp);
        }
        String rulesFile = RESAMPLE.read(values);
        this.resampleRules = rulesFile == null ? ResampleRules.none() : ResampleRules.load(Path.of(rulesFile));
        this.resampleStore = RESAMPLE_STORE.read(values);
    }

    private IngestConfig(IngestConfig base, ResampleRules resampleRules, BarStore.Kind resampleStore) {
        this.topics = base.topics;
        this.maxIdLength = base.maxIdLength;
        this.minTimestamp = base.minTimestamp;
        this.maxTimestamp = base.maxTimestamp;
        this.maxLineBytes = base.maxLineBytes;
        this.resampleRules = Objects.requireNonNull(resampleRules, "resampleRules");
        this.resampleStore = Objects.requireNonNull(resampleStore, "resampleStore");
    }

    /** The defaults. */
    public static IngestConfig defaults() {
        return new IngestConfig(Map.of());
    }

    /**
     * Builds from {@code values} keyed by setting key; keys this class does not know are ignored (they may belong
     * to the app around it).
     *
     * @throws ConfigException naming the key and the allowed range when a value is out of range
     */
    public static IngestConfig from(Map<String, String> values) {
        return new IngestConfig(Objects.requireNonNull(values, "values"));
    }

    /** Builds from properties named like the keys ({@code topic-prefix}, {@code max-id-length}, ...). */
    public static IngestConfig fromProperties(Properties properties) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            m.put(name, properties.getProperty(name));
        }
        return from(m);
    }

    /** Builds from command-line arguments {@code --key value}; options of other components are ignored. */
    public static IngestConfig fromArgs(String... args) {
        return from(CommandLine.parse(args).options());
    }

    public TopicCatalogue topics() {
        return topics;
    }

    public String topicPrefix() {
        return topics.prefix();
    }

    public int maxIdLength() {
        return maxIdLength;
    }

    /** Earliest accepted event time, inclusive. */
    public Instant minTimestamp() {
        return minTimestamp;
    }

    /** End of the accepted event-time range, exclusive. */
    public Instant maxTimestamp() {
        return maxTimestamp;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    /** The resampling rules; {@link ResampleRules#none()} when {@code resample} is not set. */
    public ResampleRules resampleRules() {
        return resampleRules;
    }

    /** A copy with these resampling rules instead (for code that builds rules without a file). */
    public IngestConfig withResampleRules(ResampleRules rules) {
        return new IngestConfig(this, rules, resampleStore);
    }

    /** Where the open bars are kept. */
    public BarStore.Kind resampleStore() {
        return resampleStore;
    }

    /** A copy with the open bars kept in {@code kind}. */
    public IngestConfig withResampleStore(BarStore.Kind kind) {
        return new IngestConfig(this, resampleRules, kind);
    }

    @Override
    public String toString() {
        return "IngestConfig{topic-prefix=" + topics.prefix() + ", max-id-length=" + maxIdLength + ", min-timestamp="
                + minTimestamp + ", max-timestamp=" + maxTimestamp + ", max-line-bytes=" + maxLineBytes + ", resample="
                + resampleRules + ", resample-store=" + resampleStore.name().toLowerCase(java.util.Locale.ROOT) + "}";
    }
}
