package dev.augur.ingest;

import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.ConfigException;
import dev.augur.schemas.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything {@link IngestApp} needs: the Kafka Streams client settings, the /metrics endpoint's address and the
 * topology's {@link IngestConfig}.
 *
 * <p>Kafka client and Streams properties can be passed through as {@code --kafka.<prop> value} (for example
 * {@code --kafka.security.protocol SASL_SSL}); they override the defaults here, except the ones that have their own
 * option ({@code application.id}, {@code bootstrap.servers}, {@code state.dir}, {@code commit.interval.ms}), which
 * must be given through that option.
 */
public final class IngestAppConfig {
    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("bootstrap-servers", null,
            s -> !s.isBlank(), "host:port[,host:port...]", "Kafka bootstrap servers.");
    public static final Setting<String> APPLICATION_ID = Setting.string("application-id", "augur-ingest",
            s -> s.matches("[a-zA-Z0-9._-]{1,200}"), "a string matching [a-zA-Z0-9._-]{1,200}",
            "Kafka Streams application id (consumer group and prefix of internal topics).");
    public static final Setting<String> STATE_DIR = Setting.string("state-dir",
            Path.of(System.getProperty("java.io.tmpdir"), "augur-ingest-state").toString(), s -> !s.isBlank(),
            "a directory path",
            "Kafka Streams state directory: the open bars when resampling (validation alone is stateless).");
    public static final Setting<Long> COMMIT_INTERVAL_MS = Setting.longValue("commit-interval-ms", 1000L, 10L,
            600_000L, "Kafka Streams commit interval in milliseconds (with exactly-once, the transaction length).");
    public static final Setting<Duration> CLOSE_TIMEOUT = Setting.duration("close-timeout", Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofMinutes(10), "How long to wait for a clean shutdown on SIGTERM.");
    public static final Setting<String> METRICS_HOST = Setting.string("metrics-host", "127.0.0.1", s -> !s.isBlank(),
            "a host name or IP address", "Address of the Prometheus /metrics endpoint (0.0.0.0: every interface).");
    public static final Setting<Integer> METRICS_PORT = Setting.integer("metrics-port", 0, -1, 65_535,
            "Port of the Prometheus /metrics endpoint: 0 picks a free one (logged at start-up), -1 turns it off.");

    private static final List<Setting<?>> OWN = List.of(BOOTSTRAP_SERVERS, APPLICATION_ID, STATE_DIR,
            COMMIT_INTERVAL_MS, CLOSE_TIMEOUT, METRICS_HOST, METRICS_PORT);
    /** Every option {@link IngestApp} accepts besides {@code --kafka.*}, in usage order. */
    public static final List<Setting<?>> SETTINGS;

    static {
        List<Setting<?>> all = new ArrayList<>(OWN);
        all.addAll(IngestConfig.SETTINGS);
        SETTINGS = Collections.unmodifiableList(all);
    }

    private static final Set<String> OWN_STREAMS_KEYS = Set.of(StreamsConfig.APPLICATION_ID_CONFIG,
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.STATE_DIR_CONFIG,
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);

    private final IngestConfig ingest;
    private final String bootstrapServers;
    private final String applicationId;
    private final String stateDir;
    private final long commitIntervalMs;
    private final Duration closeTimeout;
    private final String metricsHost;
    private final int metricsPort;
    private final Map<String, String> kafka;

    private IngestAppConfig(CommandLine cl) {
        Map<String, String> o = cl.options();
        this.bootstrapServers = BOOTSTRAP_SERVERS.read(o);
        this.applicationId = APPLICATION_ID.read(o);
        this.stateDir = STATE_DIR.read(o);
        this.commitIntervalMs = COMMIT_INTERVAL_MS.read(o);
        this.closeTimeout = CLOSE_TIMEOUT.read(o);
        this.metricsHost = METRICS_HOST.read(o);
        this.metricsPort = METRICS_PORT.read(o);
        this.ingest = IngestConfig.from(o);
        for (String key : cl.kafka().keySet()) {
            if (OWN_STREAMS_KEYS.contains(key)) {
                throw new ConfigException("--kafka." + key + " is set through its own option; use --"
                        + ownOption(key) + " instead");
            }
        }
        this.kafka = cl.kafka();
    }

    /**
     * Parses {@code --key value} arguments.
     *
     * @throws ConfigException for an unknown option, a missing {@code --bootstrap-servers} or a value out of range
     */
    public static IngestAppConfig fromArgs(String... args) {
        return from(CommandLine.parse(args));
    }

    /** Builds from parsed arguments; unknown options are rejected. */
    public static IngestAppConfig from(CommandLine commandLine) {
        return new IngestAppConfig(commandLine.requireKnown(SETTINGS));
    }

    public static String usage() {
        return Setting.usage("IngestApp", SETTINGS);
    }

    private static String ownOption(String streamsKey) {
        return switch (streamsKey) {
            case StreamsConfig.APPLICATION_ID_CONFIG -> APPLICATION_ID.key();
            case StreamsConfig.BOOTSTRAP_SERVERS_CONFIG -> BOOTSTRAP_SERVERS.key();
            case StreamsConfig.STATE_DIR_CONFIG -> STATE_DIR.key();
            default -> COMMIT_INTERVAL_MS.key();
        };
    }

    public IngestConfig ingest() {
        return ingest;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    public String metricsHost() {
        return metricsHost;
    }

    /** The /metrics port: 0 for a free one. */
    public int metricsPort() {
        return metricsPort;
    }

    /** Whether the /metrics endpoint is on ({@code --metrics-port} is not -1). */
    public boolean metricsEnabled() {
        return metricsPort >= 0;
    }

    /**
     * The Kafka Streams properties: exactly-once v2, the commit interval, then every {@code --kafka.*} pass-through
     * (which may override the processing guarantee, for example on a broker without transactions).
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitIntervalMs));
        p.putAll(kafka);
        return p;
    }
}
