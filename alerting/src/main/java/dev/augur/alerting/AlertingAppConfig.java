package dev.augur.alerting;

import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.ConfigException;
import dev.augur.schemas.config.Setting;
import dev.augur.alerting.notify.WebhookNotifier;
import dev.augur.alerting.rules.RuleSet;
import dev.augur.alerting.rules.RulesFile;
import dev.augur.schemas.topics.TopicCatalogue;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Everything {@link AlertingApp} needs, from {@code --key value} arguments. Invalid values fail at start-up with a
 * {@link ConfigException} naming the option, the allowed values and what was found; a bad rules file fails with a
 * {@link dev.augur.alerting.rules.RuleFileException} naming the rule and field.
 *
 * <p>Kafka client and Streams properties pass through as {@code --kafka.<prop> value} (for example
 * {@code --kafka.security.protocol SASL_SSL}); they override the defaults here, except the ones that have their own
 * option ({@code application.id}, {@code bootstrap.servers}, {@code state.dir}, {@code commit.interval.ms}).
 */
public final class AlertingAppConfig {
    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("bootstrap-servers", null,
            s -> !s.isBlank(), "host:port[,host:port...]", "Kafka bootstrap servers.");
    public static final Setting<String> TOPIC_PREFIX = Setting.string("topic-prefix", TopicCatalogue.DEFAULT_PREFIX,
            s -> s.matches("[a-zA-Z0-9._-]{0,200}"), "a string matching [a-zA-Z0-9._-]{0,200}",
            "Prefix of every topic name (several stacks can share a cluster).");
    public static final Setting<String> APPLICATION_ID = Setting.string("application-id", "augur-alerting",
            s -> s.matches("[a-zA-Z0-9._-]{1,200}"), "a string matching [a-zA-Z0-9._-]{1,200}",
            "Kafka Streams application id (consumer group, prefix of the changelog and repartition topics).");
    public static final Setting<String> STATE_DIR = Setting.string("state-dir",
            Path.of(System.getProperty("java.io.tmpdir"), "augur-alerting-state").toString(), s -> !s.isBlank(),
            "a directory path", "Kafka Streams state directory (rule state in RocksDB; rebuilt from changelogs).");
    public static final Setting<String> RULES = Setting.optionalString("rules", s -> Files.isReadable(Path.of(s)),
            "a readable YAML or JSON rules file",
            "Alert rules; the shipped default rules (for the demo's synthetic faults) when absent.");
    public static final Setting<String> HTTP_HOST = Setting.string("http-host", "127.0.0.1", s -> !s.isBlank(),
            "a host name or IP address to bind", "Address of the dashboard and REST server (0.0.0.0 for all).");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("http-port", 8088, 0, 65_535,
            "Port of the dashboard and REST server; 0 picks a free port.");
    public static final Setting<String> TOKEN = Setting.optionalString("token",
            s -> s.matches("[\\x21-\\x7e]{8,512}"), "8 to 512 visible ASCII characters without spaces",
            "Bearer token required by /api/* and /metrics (header or ?access_token=); none when absent.");
    public static final Setting<String> WEBHOOK_URL = Setting.optionalString("webhook-url",
            AlertingAppConfig::isHttpUrl, "an http:// or https:// URL with a host",
            "POST every alert event as JSON to this URL; no webhook when absent.");
    public static final Setting<Duration> WEBHOOK_TIMEOUT = Setting.duration("webhook-timeout",
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5),
            "Connect and request timeout of one webhook attempt.");
    public static final Setting<Integer> WEBHOOK_RETRIES = Setting.integer("webhook-retries", 3, 0, 20,
            "Webhook attempts after a failed first one.");
    public static final Setting<Duration> WEBHOOK_BACKOFF = Setting.duration("webhook-backoff",
            Duration.ofMillis(500), Duration.ZERO, Duration.ofMinutes(1),
            "Wait before the first webhook retry; doubled each retry (at most 30 s).");
    public static final Setting<Integer> WEBHOOK_QUEUE = Setting.integer("webhook-queue", 1000, 1, 1_000_000,
            "Alert events that may wait for webhook delivery; more are dropped and counted.");
    public static final Setting<Integer> HISTORY_POINTS = Setting.integer("history-points",
            AlertingConfig.DEFAULT_HISTORY_POINTS, AlertingConfig.MIN_HISTORY_POINTS,
            AlertingConfig.MAX_HISTORY_POINTS, "Points kept per series for the chart.");
    public static final Setting<Duration> ALERT_RETENTION = Setting.duration("alert-retention",
            AlertingConfig.DEFAULT_ALERT_RETENTION, Duration.ofMinutes(1), Duration.ofDays(365),
            "How long (event time) resolved alerts stay in the alert list.");
    public static final Setting<Long> COMMIT_INTERVAL_MS = Setting.longValue("commit-interval-ms", 1000L, 10L,
            600_000L, "Kafka Streams commit interval in ms (with exactly-once, how often alerts become visible).");
    public static final Setting<Duration> CLOSE_TIMEOUT = Setting.duration("close-timeout", Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofMinutes(10), "How long to wait for a clean shutdown on SIGTERM.");

    /** Every option besides {@code --kafka.*}, in usage order. */
    public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_SERVERS, TOPIC_PREFIX, APPLICATION_ID,
            STATE_DIR, RULES, HTTP_HOST, HTTP_PORT, TOKEN, WEBHOOK_URL, WEBHOOK_TIMEOUT, WEBHOOK_RETRIES,
            WEBHOOK_BACKOFF, WEBHOOK_QUEUE, HISTORY_POINTS, ALERT_RETENTION, COMMIT_INTERVAL_MS, CLOSE_TIMEOUT);

    private static final Set<String> OWN_STREAMS_KEYS = Set.of(StreamsConfig.APPLICATION_ID_CONFIG,
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.STATE_DIR_CONFIG,
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);

    private final String bootstrapServers;
    private final String applicationId;
    private final String stateDir;
    private final String httpHost;
    private final int httpPort;
    private final String token;
    private final WebhookNotifier.Settings webhook;
    private final long commitIntervalMs;
    private final Duration closeTimeout;
    private final AlertingConfig topology;
    private final Map<String, String> kafka;

    private AlertingAppConfig(CommandLine cl) {
        Map<String, String> o = cl.options();
        this.bootstrapServers = BOOTSTRAP_SERVERS.read(o);
        TopicCatalogue topics = TopicCatalogue.withPrefix(TOPIC_PREFIX.read(o));
        this.applicationId = APPLICATION_ID.read(o);
        this.stateDir = STATE_DIR.read(o);
        String rulesPath = RULES.read(o);
        this.httpHost = HTTP_HOST.read(o);
        this.httpPort = HTTP_PORT.read(o);
        this.token = TOKEN.read(o);
        String webhookUrl = WEBHOOK_URL.read(o);
        Duration webhookTimeout = WEBHOOK_TIMEOUT.read(o);
        int webhookRetries = WEBHOOK_RETRIES.read(o);
        Duration webhookBackoff = WEBHOOK_BACKOFF.read(o);
        int webhookQueue = WEBHOOK_QUEUE.read(o);
        int historyPoints = HISTORY_POINTS.read(o);
        Duration alertRetention = ALERT_RETENTION.read(o);
        this.commitIntervalMs = COMMIT_INTERVAL_MS.read(o);
        this.closeTimeout = CLOSE_TIMEOUT.read(o);
        for (String key : cl.kafka().keySet()) {
            if (OWN_STREAMS_KEYS.contains(key)) {
                throw new ConfigException("--kafka." + key + " is set through its own option; use --"
                        + ownOption(key) + " instead");
            }
        }
        this.kafka = cl.kafka();
        this.webhook = webhookUrl == null ? null : new WebhookNotifier.Settings(URI.create(webhookUrl),
                webhookTimeout, webhookRetries, webhookBackoff,
                webhookBackoff.compareTo(Duration.ofSeconds(30)) > 0 ? webhookBackoff : Duration.ofSeconds(30),
                webhookQueue, Duration.ofSeconds(5));
        RuleSet rules = rulesPath == null ? RulesFile.loadDefault() : RulesFile.load(Path.of(rulesPath));
        this.topology = new AlertingConfig(topics, rules, historyPoints, alertRetention);
    }

    /**
     * Parses {@code --key value} arguments and loads the rules.
     *
     * @throws ConfigException for an unknown option, a missing {@code --bootstrap-servers} or a value out of range
     * @throws dev.augur.alerting.rules.RuleFileException when the rules file is invalid
     */
    public static AlertingAppConfig fromArgs(String... args) {
        return from(CommandLine.parse(args));
    }

    /** Builds from parsed arguments; unknown options are rejected. */
    public static AlertingAppConfig from(CommandLine commandLine) {
        return new AlertingAppConfig(commandLine.requireKnown(SETTINGS));
    }

    public static String usage() {
        return Setting.usage("AlertingApp", SETTINGS);
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return u.getHost() != null && ("http".equalsIgnoreCase(u.getScheme())
                    || "https".equalsIgnoreCase(u.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String ownOption(String streamsKey) {
        return switch (streamsKey) {
            case StreamsConfig.APPLICATION_ID_CONFIG -> APPLICATION_ID.key();
            case StreamsConfig.BOOTSTRAP_SERVERS_CONFIG -> BOOTSTRAP_SERVERS.key();
            case StreamsConfig.STATE_DIR_CONFIG -> STATE_DIR.key();
            default -> COMMIT_INTERVAL_MS.key();
        };
    }

    /** The topology's settings: topics, rules, view sizes. */
    public AlertingConfig topology() {
        return topology;
    }

    public String httpHost() {
        return httpHost;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The bearer token, or null. */
    public String token() {
        return token;
    }

    /** Webhook settings, or null when no webhook is configured. */
    public WebhookNotifier.Settings webhook() {
        return webhook;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * The Kafka Streams properties: exactly-once v2, the commit interval, bad input records logged and skipped (Kafka
     * Streams counts them in its dropped-records metric), then every {@code --kafka.*} pass-through. With
     * exactly-once, every consumer reads {@code read_committed}.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitIntervalMs));
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.consumerPrefix("isolation.level"), "read_committed");
        p.putAll(kafka);
        return p;
    }
}
