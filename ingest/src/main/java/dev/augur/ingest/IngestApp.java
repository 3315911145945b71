package dev.augur.ingest;

import dev.augur.ingest.KafkaStreamsRunner.Companion;
import dev.augur.ingest.metrics.MetricsEndpoint;
import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.ConfigException;
import java.io.IOException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest application: runs {@link IngestTopology} (validation and, with {@code --resample FILE}, resampling of
 * tick series to bars) as a Kafka Streams client, exactly-once.
 *
 * <pre>
 * IngestApp --bootstrap-servers host:port [--topic-prefix augur.] [--application-id augur-ingest]
 *           [--state-dir DIR] [--commit-interval-ms 1000] [--close-timeout PT30S]
 *           [--max-id-length 256] [--min-timestamp 1900-01-01T00:00:00Z] [--max-timestamp 2200-01-01T00:00:00Z]
 *           [--max-line-bytes 1048576] [--resample rules.json] [--metrics-host 127.0.0.1] [--metrics-port 0]
 *           [--kafka.&lt;property&gt; value ...]
 * </pre>
 *
 * <p>Serves the Streams client's metrics (with the validation and resampling sensors) as Prometheus text at
 * {@code /metrics} and logs {@code Metrics at http://HOST:PORT/metrics} once serving ({@code --metrics-port -1}: no
 * endpoint).
 *
 * <p>Does not create the catalogue topics: the launcher creates them from the topic catalogue (with resampling, Kafka
 * Streams creates its repartition and changelog topics). Exit status: 1 when the Streams client failed, 2 for bad
 * arguments (including a bad resampling rules file) or a metrics address that cannot be bound; after SIGTERM the JVM
 * exits with its usual 143 once the client and the endpoint are closed.
 */
public final class IngestApp {
    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);

    private IngestApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        IngestAppConfig config;
        try {
            CommandLine cl = CommandLine.parse(args);
            if (cl.helpRequested()) {
                System.out.print(IngestAppConfig.usage());
                return;
            }
            config = IngestAppConfig.from(cl);
        } catch (ConfigException e) {
            System.err.println("IngestApp: " + e.getMessage());
            System.err.print(IngestAppConfig.usage());
            System.exit(2);
            return;
        }
        LOG.info("ingest settings: {}", config.ingest());
        String guarantee = config.streamsProperties().getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            LOG.warn("processing.guarantee is {}, not exactly_once_v2: a restart may duplicate records", guarantee);
        }
        KafkaStreamsRunner runner = new KafkaStreamsRunner("augur-ingest", IngestTopology.build(config.ingest()),
                config.streamsProperties(), config.closeTimeout());
        Companion metrics = config.metricsEnabled() ? streams -> serveMetrics(config, streams) : Companion.NONE;
        int status;
        try {
            status = runner.run(metrics);
        } catch (IOException e) {
            System.err.println("IngestApp: cannot serve metrics on " + config.metricsHost() + ":"
                    + config.metricsPort() + ": " + e);
            System.exit(2);
            return;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    private static MetricsEndpoint serveMetrics(IngestAppConfig config, KafkaStreams streams) throws IOException {
        MetricsEndpoint endpoint = MetricsEndpoint.start(config.metricsHost(), config.metricsPort(), streams::metrics);
        LOG.info("Metrics at {}", endpoint.url());
        return endpoint;
    }
}
