package dev.augur.ingest.feed;

import dev.augur.ingest.IngestAppConfig;
import dev.augur.ingest.IngestConfig;
import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.ConfigException;
import dev.augur.schemas.config.Setting;
import dev.augur.ingest.feed.synthetic.FeedKind;
import dev.augur.ingest.feed.synthetic.SyntheticSpec;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Command-line settings of {@link SyntheticFeed}, typed and checked. */
public final class SyntheticFeedConfig {
    public static final Setting<FeedKind> KIND = Setting.choice("kind", FeedKind.SENSOR, FeedKind.class,
            "What to simulate: sensor (seasonal AR noise; spikes, shifts, drifts, stuck values) or market (GARCH"
                    + " random walk with jumps).");
    public static final Setting<Integer> SERIES = Setting.integer("series", 8, 1, 100_000, "Number of series.");
    public static final Setting<Integer> GROUPS = Setting.integer("groups", 2, 0, 100_000,
            "Number of groups the series are spread over (round robin), at most --series; 0 for none.");
    public static final Setting<Duration> STEP = Setting.duration("step", Duration.ofMinutes(1),
            Duration.ofMillis(1), Duration.ofDays(365), "Event-time spacing of the points of each series.");
    public static final Setting<Instant> START = Setting.instant("start", Instant.parse("2024-01-01T00:00:00Z"),
            "Event time of the first point.");
    public static final Setting<Double> RATE = Setting.decimal("rate", 50.0, 0.0, 1e7,
            "Records per wall-clock second; 0 sends as fast as possible.");
    public static final Setting<Duration> DURATION = Setting.optionalDuration("duration", Duration.ofMillis(1),
            Duration.ofDays(3650), "Wall-clock run time; default until stopped (or --count).");
    public static final Setting<Long> COUNT = Setting.optionalLong("count", 1, Long.MAX_VALUE,
            "Stop after this many records; default until stopped (or --duration).");
    public static final Setting<Long> SEED = Setting.longValue("seed", 42L, Long.MIN_VALUE, Long.MAX_VALUE,
            "Seed of every random draw; the same seed and settings give the same records.");
    public static final Setting<Double> FAULT_EVERY = Setting.decimal("fault-every", 720.0, 0.0, 1e12,
            "Mean steps between two faults of one series (market: 1 / jump probability per step); 0 for none,"
                    + " else at least 1.");
    public static final Setting<String> LABELS_OUT = Setting.optionalString("labels-out", s -> !s.isBlank(),
            "a file path", "CSV file to write the fault labels to (series,group,kind,start,end); default none.");
    public static final Setting<String> SERIES_PREFIX = Setting.optionalString("series-prefix",
            s -> !s.isEmpty(), "a non-empty string", "Prefix of series and group ids; default '<kind>-'.");

    public static final List<Setting<?>> SETTINGS = List.of(KIND, SERIES, GROUPS, STEP, START, RATE, DURATION,
            COUNT, SEED, FAULT_EVERY, LABELS_OUT, SERIES_PREFIX, IngestAppConfig.BOOTSTRAP_SERVERS,
            IngestConfig.TOPIC_PREFIX);

    private final SyntheticSpec spec;
    private final double rate;
    private final Duration duration;
    private final long count;
    private final Path labelsOut;
    private final TopicCatalogue topics;
    private final Properties producer;

    private SyntheticFeedConfig(CommandLine cl) {
        Map<String, String> o = cl.options();
        FeedKind kind = KIND.read(o);
        int series = SERIES.read(o);
        int groups = GROUPS.read(o);
        if (groups > series) {
            throw new ConfigException(GROUPS.key() + " must be an integer in [0, " + series + "] (at most --series)"
                    + " but was '" + groups + "'");
        }
        double faultEvery = FAULT_EVERY.read(o);
        if (faultEvery > 0 && faultEvery < 1) {
            throw new ConfigException(FAULT_EVERY.key() + " must be 0 or a number in [1, 1.0E12] but was '"
                    + o.get(FAULT_EVERY.key()) + "'");
        }
        String prefix = SERIES_PREFIX.read(o);
        this.spec = new SyntheticSpec(kind, series, groups, STEP.read(o), START.read(o), SEED.read(o), faultEvery,
                prefix != null ? prefix : kind.name().toLowerCase(Locale.ROOT) + "-");
        this.rate = RATE.read(o);
        this.duration = DURATION.read(o);
        Long c = COUNT.read(o);
        this.count = c == null ? 0 : c;
        String labels = LABELS_OUT.read(o);
        this.labelsOut = labels == null ? null : Path.of(labels);
        this.topics = TopicCatalogue.withPrefix(IngestConfig.TOPIC_PREFIX.read(o));
        this.producer = KafkaRecordSink.producerProperties(IngestAppConfig.BOOTSTRAP_SERVERS.read(o),
                "augur-synthetic-feed", cl.kafka());
    }

    /** Parses {@code --key value} arguments; unknown options are rejected. */
    public static SyntheticFeedConfig from(CommandLine cl) {
        return new SyntheticFeedConfig(cl.requireKnown(SETTINGS));
    }

    public static String usage() {
        return Setting.usage("SyntheticFeed", SETTINGS);
    }

    public SyntheticSpec spec() {
        return spec;
    }

    public double rate() {
        return rate;
    }

    /** Wall-clock run time, or null for none. */
    public Duration duration() {
        return duration;
    }

    /** Most records to send; 0 for no limit. */
    public long count() {
        return count;
    }

    /** Labels file, or null for none. */
    public Path labelsOut() {
        return labelsOut;
    }

    public String rawTopic() {
        return topics.name(Topic.RAW);
    }

    /** Idempotent producer settings with the pass-through {@code --kafka.*} properties. */
    public Properties producerProperties() {
        Properties copy = new Properties();
        copy.putAll(producer);
        return copy;
    }
}
