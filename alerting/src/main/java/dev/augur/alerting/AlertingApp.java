package dev.augur.alerting;

import dev.augur.schemas.config.CommandLine;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting application: {@link AlertingTopology} on Kafka Streams (exactly-once), notifiers, and the dashboard
 * with its REST endpoints ({@link AlertingService}).
 *
 * <pre>
 * AlertingApp --bootstrap-servers host:port [--topic-prefix augur.] [--application-id augur-alerting]
 *             [--state-dir DIR] [--rules FILE] [--http-host 127.0.0.1] [--http-port 8088] [--token TOKEN]
 *             [--webhook-url URL] [--webhook-timeout PT5S] [--webhook-retries 3] [--webhook-backoff PT0.5S]
 *             [--webhook-queue 1000] [--history-points 600] [--alert-retention P1D]
 *             [--commit-interval-ms 1000] [--close-timeout PT30S] [--kafka.&lt;property&gt; value ...]
 * </pre>
 *
 * <p>Logs {@code Dashboard at http://HOST:PORT/} once serving. Does not create topics (the launcher creates them
 * from the catalogue). Exit status: 0 after SIGTERM, 1 when the Streams client failed or the HTTP port cannot be
 * bound, 2 for bad arguments, a bad rules file or a Kafka setting that Kafka Streams rejects.
 */
public final class AlertingApp {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingApp.class);

    private AlertingApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        AlertingAppConfig config;
        try {
            CommandLine cl = CommandLine.parse(args);
            if (cl.helpRequested()) {
                System.out.print(AlertingAppConfig.usage());
                return;
            }
            config = AlertingAppConfig.from(cl);
        } catch (IllegalArgumentException e) {
            System.err.println("AlertingApp: " + e.getMessage());
            System.err.print(AlertingAppConfig.usage());
            System.exit(2);
            return;
        }
        AlertingService service;
        try {
            service = AlertingService.start(config);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            // a --kafka.* pass-through setting Kafka Streams rejects
            System.err.println("AlertingApp: Kafka setting: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            LOG.error("AlertingApp: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "augur-alerting-shutdown"));
        int status = service.awaitStopped();
        if (status != 0) {
            service.close();
            System.exit(status);
        }
    }
}
