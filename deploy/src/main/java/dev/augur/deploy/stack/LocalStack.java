package dev.augur.deploy.stack;

import dev.augur.deploy.broker.EmbeddedKafkaBroker;
import dev.augur.deploy.broker.TopicProvisioner;
import dev.augur.deploy.process.JvmProcess;
import dev.augur.deploy.process.ModuleClasspath;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Augur stack: a Kafka broker (embedded KRaft, or an existing cluster), the topics of the catalogue, the
 * ingest app and the Flink job (local MiniCluster) each in its own JVM, and optionally a feed. Closing it stops
 * everything it started, in reverse order, and leaves no process behind.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    public static final String JOB_MAIN = "dev.augur.operators.AugurJob";
    public static final String INGEST_MAIN = "dev.augur.ingest.IngestApp";
    public static final String FEED_MAIN = "dev.augur.ingest.feed.SyntheticFeed";
    public static final String REPLAY_MAIN = "dev.augur.ingest.feed.CsvReplay";
    public static final String ALERTING_MAIN = "dev.augur.alerting.AlertingApp";
    public static final String JOB_GROUP_ID = "augur-job";

    /**
     * Job arguments that turn on Flink's Prometheus reporter on a port of 9249-9259. It has no host option and listens
     * on every interface, so the demo adds it only on request ({@code --flink-metrics on}).
     */
    public static final List<String> FLINK_PROMETHEUS_ARGS = List.of("--metrics.reporter.prom.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory", "--metrics.reporter.prom.port",
            "9249-9259");

    private final StackOptions options;
    private final EmbeddedKafkaBroker broker;
    private final String bootstrap;
    private final TopicCatalogue catalogue;
    private final List<JvmProcess> processes = new ArrayList<>();
    private boolean closed;

    private LocalStack(StackOptions options, EmbeddedKafkaBroker broker, String bootstrap) {
        this.options = options;
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.catalogue = TopicCatalogue.withPrefix(options.topicPrefix(), options.partitions());
    }

    /** Starts the broker (unless one is given) and creates the topics. Apps are started separately. */
    public static LocalStack start(StackOptions options) {
        EmbeddedKafkaBroker broker = null;
        String bootstrap = options.bootstrapServers();
        if (bootstrap == null) {
            broker = EmbeddedKafkaBroker.start();
            bootstrap = broker.bootstrapServers();
        }
        LocalStack stack = new LocalStack(options, broker, bootstrap);
        try {
            try (Admin admin = Admin.create(stack.adminConfig())) {
                TopicProvisioner.createMissing(admin, stack.catalogue, options.replicationFactor());
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public TopicCatalogue catalogue() {
        return catalogue;
    }

    /** Client settings for this stack's Kafka: bootstrap plus any pass-through security settings. */
    public Map<String, Object> adminConfig() {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<String> extra = options.extraKafkaArgs();
        for (int i = 0; i + 1 < extra.size(); i += 2) {
            c.put(extra.get(i).substring("--kafka.".length()), extra.get(i + 1));
        }
        return c;
    }

    /** Starts the Kafka Streams ingest app (raw JSON lines to observations and dead letters). */
    public synchronized JvmProcess startIngest() {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap,
                "--topic-prefix", options.topicPrefix(),
                "--application-id", "augur-ingest-" + sanitize(options.topicPrefix()),
                "--state-dir", options.workDir().resolve("ingest-state").toAbsolutePath().toString()));
        args.addAll(options.extraKafkaArgs());
        return launch("ingest", "ingest", List.of("-Xmx512m"), INGEST_MAIN, args);
    }

    /**
     * Starts the alerting app (Kafka Streams rules, REST, dashboard) on {@code httpPort} of 127.0.0.1 (0 = a free
     * port; {@link #dashboardUrl} finds it in the app's log).
     */
    public synchronized JvmProcess startAlerting(int httpPort, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap,
                "--topic-prefix", options.topicPrefix(),
                "--application-id", "augur-alerting-" + sanitize(options.topicPrefix()),
                "--state-dir", options.workDir().resolve("alerting-state").toAbsolutePath().toString(),
                "--http-host", "127.0.0.1",
                "--http-port", Integer.toString(httpPort)));
        args.addAll(options.extraKafkaArgs());
        args.addAll(extraArgs);
        return launch("alerting", "alerting", List.of("-Xmx512m"), ALERTING_MAIN, args);
    }

    /** The dashboard URL the alerting app logged ("Dashboard at http://..."), or null if not (yet) logged. */
    public static String dashboardUrl(JvmProcess alerting) {
        try {
            for (String line : java.nio.file.Files.readAllLines(alerting.logFile())) {
                int i = line.indexOf("Dashboard at ");
                if (i >= 0) {
                    return line.substring(i + "Dashboard at ".length()).trim();
                }
            }
        } catch (java.io.IOException e) {
            return null;
        }
        return null;
    }

    /**
     * Starts the Flink job in a local MiniCluster in its own JVM, every port of it on 127.0.0.1.
     * {@link #FLINK_PROMETHEUS_ARGS} adds Flink's Prometheus reporter, which cannot be bound to one address.
     */
    public synchronized JvmProcess startJob(List<String> extraJobArgs) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-Xss4m"));
        jvm.addAll(JvmProcess.FLINK_JVM_OPTIONS);
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap,
                "--topic-prefix", options.topicPrefix(),
                "--group-id", JOB_GROUP_ID,
                "--transactional-id-prefix", "augur-" + sanitize(options.topicPrefix()),
                "--checkpoint.interval", options.checkpointInterval().toMillis() + " ms",
                "--parallelism", Integer.toString(Math.min(2, options.partitions())),
                "--execution.checkpointing.dir", options.workDir().resolve("checkpoints").toAbsolutePath().toUri()
                        .toString(),
                // the MiniCluster's REST endpoint and blob server bind to every interface unless told otherwise
                "--rest.bind-address", "127.0.0.1",
                "--rest.address", "127.0.0.1",
                "--jobmanager.bind-host", "127.0.0.1",
                "--taskmanager.bind-host", "127.0.0.1",
                "--taskmanager.host", "127.0.0.1"));
        args.addAll(options.extraKafkaArgs());
        args.addAll(extraJobArgs);
        return launch("flink-job", "operators", jvm, JOB_MAIN, args);
    }

    /** Starts a synthetic feed producing to the raw topic; {@code feedArgs} are SyntheticFeed's options. */
    public synchronized JvmProcess startFeed(List<String> feedArgs) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap,
                "--topic-prefix", options.topicPrefix()));
        args.addAll(options.extraKafkaArgs());
        args.addAll(feedArgs);
        return launch("feed", "ingest", List.of("-Xmx256m"), FEED_MAIN, args);
    }

    /** Starts a CSV replay producing to the raw topic; {@code replayArgs} are CsvReplay's options. */
    public synchronized JvmProcess startReplay(List<String> replayArgs) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap,
                "--topic-prefix", options.topicPrefix()));
        args.addAll(options.extraKafkaArgs());
        args.addAll(replayArgs);
        return launch("replay", "ingest", List.of("-Xmx256m"), REPLAY_MAIN, args);
    }

    public synchronized List<JvmProcess> processes() {
        return List.copyOf(processes);
    }

    private JvmProcess launch(String name, String module, List<String> jvm, String main, List<String> args) {
        if (closed) {
            throw new IllegalStateException("the stack is closed");
        }
        Path home = options.home();
        JvmProcess p = JvmProcess.start(name, ModuleClasspath.of(home, module), jvm, main, args,
                options.workDir().resolve("logs").resolve(name + ".log"),
                home.resolve("deploy/conf/log4j2-file.properties"));
        processes.add(p);
        return p;
    }

    private static String sanitize(String prefix) {
        String s = prefix.replaceAll("[^a-zA-Z0-9_-]", "");
        return s.isEmpty() ? "default" : s;
    }

    /** Stops the apps (newest first), then the embedded broker. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = processes.size() - 1; i >= 0; i--) {
            try {
                processes.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed: {}", processes.get(i).name(), e.toString());
            }
        }
        if (broker != null) {
            broker.close();
        }
    }
}
