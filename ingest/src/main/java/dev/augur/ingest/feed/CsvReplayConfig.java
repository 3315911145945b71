package dev.augur.ingest.feed;

import dev.augur.ingest.IngestAppConfig;
import dev.augur.ingest.IngestConfig;
import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.Setting;
import dev.augur.ingest.feed.csv.CsvFormat;
import dev.augur.ingest.feed.csv.CsvOptions;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Command-line settings of {@link CsvReplay}, typed and checked. */
public final class CsvReplayConfig {
    public static final Setting<String> FILE = Setting.string("file", null, s -> !s.isBlank(), "a file path",
            "CSV file to replay (.gz is read transparently).");
    public static final Setting<CsvFormat> FORMAT = Setting.choice("format", CsvFormat.AUTO, CsvFormat.class,
            "Layout: nab (timestamp,value), wide (header, timestamp column first), headerless (numbers only), or"
                    + " auto to detect.");
    public static final Setting<Double> SPEEDUP = Setting.decimal("speedup", 0.0, 0.0, 1e12,
            "Event-time seconds replayed per wall-clock second; 0 sends as fast as possible.");
    public static final Setting<String> SERIES_PREFIX = Setting.optionalString("series-prefix", s -> true,
            "a string", "Prefix of the series ids (default: none for nab, '<file stem>.' for wide and headerless).");
    public static final Setting<String> COLUMNS = Setting.optionalString("columns", s -> !s.isBlank(),
            "comma-separated column names", "Value columns to replay (wide: header names; headerless: c0,c1,...);"
                    + " default all.");
    public static final Setting<String> GROUP = Setting.optionalString("group", s -> !s.isBlank(), "a group id",
            "Group id for every series of the file; default none.");
    public static final Setting<Instant> START = Setting.instant("start", CsvOptions.DEFAULT_START,
            "Event time of the first row of a headerless file.");
    public static final Setting<Duration> STEP = Setting.duration("step", CsvOptions.DEFAULT_STEP,
            Duration.ofMillis(1), Duration.ofDays(3650), "Event-time spacing of the rows of a headerless file.");
    public static final Setting<Long> LIMIT = Setting.optionalLong("limit", 1, Long.MAX_VALUE,
            "Stop after this many records; default the whole file.");

    public static final List<Setting<?>> SETTINGS = List.of(FILE, FORMAT, SPEEDUP, SERIES_PREFIX, COLUMNS, GROUP,
            START, STEP, LIMIT, IngestAppConfig.BOOTSTRAP_SERVERS, IngestConfig.TOPIC_PREFIX);

    private final Path file;
    private final CsvOptions csv;
    private final double speedup;
    private final long limit;
    private final TopicCatalogue topics;
    private final Properties producer;

    private CsvReplayConfig(CommandLine cl) {
        Map<String, String> o = cl.options();
        this.file = Path.of(FILE.read(o));
        String columns = COLUMNS.read(o);
        this.csv = new CsvOptions(FORMAT.read(o), SERIES_PREFIX.read(o),
                columns == null ? List.of() : Arrays.stream(columns.split(",")).map(String::trim).toList(),
                GROUP.read(o), START.read(o), STEP.read(o));
        this.speedup = SPEEDUP.read(o);
        Long l = LIMIT.read(o);
        this.limit = l == null ? 0 : l;
        this.topics = TopicCatalogue.withPrefix(IngestConfig.TOPIC_PREFIX.read(o));
        this.producer = KafkaRecordSink.producerProperties(IngestAppConfig.BOOTSTRAP_SERVERS.read(o),
                "augur-csv-replay", cl.kafka());
    }

    /** Parses {@code --key value} arguments; unknown options are rejected. */
    public static CsvReplayConfig from(CommandLine cl) {
        return new CsvReplayConfig(cl.requireKnown(SETTINGS));
    }

    public static String usage() {
        return Setting.usage("CsvReplay", SETTINGS);
    }

    public Path file() {
        return file;
    }

    public CsvOptions csvOptions() {
        return csv;
    }

    public double speedup() {
        return speedup;
    }

    /** Most records to send; 0 for the whole file. */
    public long limit() {
        return limit;
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
