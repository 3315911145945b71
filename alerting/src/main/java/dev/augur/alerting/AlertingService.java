package dev.augur.alerting;

import dev.augur.alerting.http.HttpApi;
import dev.augur.alerting.http.LiveEvents;
import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.alerting.metrics.PrometheusText;
import dev.augur.alerting.notify.LogNotifier;
import dev.augur.alerting.notify.Notifier;
import dev.augur.alerting.notify.WebhookNotifier;
import dev.augur.alerting.queries.AlertingQueries;
import dev.augur.alerting.queries.StoreAccess;
import dev.augur.alerting.views.ViewListener;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running alerting app: the Kafka Streams client of {@link AlertingTopology}, the notifiers (log, optional
 * webhook) fed by the committed alerts, and the HTTP server (dashboard, REST, live events, metrics).
 *
 * <p>{@link #start} binds the HTTP server, starts the Streams client and logs {@code Dashboard at http://HOST:PORT/}
 * (the launcher reads that line). {@link #awaitStopped()} blocks until {@link #close()} is called (returns 0) or the
 * Streams client stops by itself after a stream thread failed (returns 1). {@link #close()} stops the HTTP server,
 * closes the Streams client (committing, leaving the consumer group, within the close timeout), then lets the
 * notifiers drain.
 */
public final class AlertingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);
    private static final int MAX_LIVE_CLIENTS = 32;
    private static final int LIVE_QUEUE = 5000;

    private final AlertingAppConfig config;
    private final KafkaStreams streams;
    private final HttpApi http;
    private final List<Notifier> notifiers;
    private final AlertingMetrics metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final String url;

    private AlertingService(AlertingAppConfig config, KafkaStreams streams, HttpApi http, List<Notifier> notifiers,
            AlertingMetrics metrics) {
        this.config = config;
        this.streams = streams;
        this.http = http;
        this.notifiers = notifiers;
        this.metrics = metrics;
        InetSocketAddress a = http.address();
        String host = config.httpHost().contains(":") ? "[" + config.httpHost() + "]" : config.httpHost();
        this.url = "http://" + host + ":" + a.getPort() + "/";
    }

    /**
     * Starts everything.
     *
     * @throws IOException when the HTTP address cannot be bound (nothing is left running)
     */
    public static AlertingService start(AlertingAppConfig config) throws IOException {
        AlertingMetrics metrics = new AlertingMetrics();
        List<Notifier> notifiers = new ArrayList<>();
        notifiers.add(new LogNotifier());
        if (config.webhook() != null) {
            notifiers.add(new WebhookNotifier(config.webhook(), metrics));
        }
        LiveEvents live = new LiveEvents(MAX_LIVE_CLIENTS, LIVE_QUEUE, metrics);
        ViewListener listener = new ViewListener() {
            @Override
            public void observation(Observation o) {
                live.observation(o);
            }

            @Override
            public void score(AnomalyScore s) {
                live.score(s);
            }

            @Override
            public void forecast(Forecast f) {
                live.forecast(f);
            }

            @Override
            public void alert(Alert a) {
                live.alert(a);
                for (Notifier n : notifiers) {
                    n.send(a);
                }
            }
        };
        LOG.info("alerting: {}", config.topology().rules());
        KafkaStreams streams;
        try {
            streams = new KafkaStreams(AlertingTopology.build(config.topology(), metrics, listener),
                    config.streamsProperties());
        } catch (RuntimeException e) {
            notifiers.forEach(Notifier::close);
            throw e;
        }
        HttpApi http;
        try {
            http = HttpApi.start(config.httpHost(), config.httpPort(), config.token(),
                    new AlertingQueries(StoreAccess.of(streams), config.topology().rules()), live,
                    () -> PrometheusText.write(streams.metrics(), metrics), () -> streams.state().name());
        } catch (IOException | RuntimeException e) {
            streams.close();
            notifiers.forEach(Notifier::close);
            throw new IOException("cannot serve HTTP on " + config.httpHost() + ":" + config.httpPort() + ": " + e,
                    e);
        }
        AlertingService service = new AlertingService(config, streams, http, notifiers, metrics);
        streams.setStateListener((newState, oldState) -> {
            LOG.info("alerting: state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                service.stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("alerting: a stream thread failed; shutting the client down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        LOG.info("Dashboard at {}", service.url);
        return service;
    }

    /** The dashboard's URL, {@code http://HOST:PORT/}. */
    public String url() {
        return url;
    }

    public AlertingMetrics metrics() {
        return metrics;
    }

    /** The Kafka Streams client's state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Blocks until the app stops.
     *
     * @return 0 after {@link #close()}, 1 when the Streams client stopped by itself (a stream thread failed)
     */
    public int awaitStopped() throws InterruptedException {
        stopped.await();
        return closing.get() ? 0 : 1;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        LOG.info("alerting: stopping (close timeout {})", config.closeTimeout());
        http.close();
        // leave the consumer group, so that a restarted instance gets the partitions at once instead of after the
        // session timeout (Kafka Streams stays in the group on close by default)
        boolean clean = streams.close(CloseOptions.timeout(config.closeTimeout())
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        for (Notifier n : notifiers) {
            n.close();
        }
        LOG.info("alerting: stopped{}", clean ? "" : " (Kafka Streams timed out before all threads stopped)");
        stopped.countDown();
    }
}
