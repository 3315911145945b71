package dev.augur.alerting.notify;

import dev.augur.alerting.json.RecordJson;
import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.schemas.records.Alert;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert event as JSON ({@link RecordJson#alert}) to a URL, from one worker thread, so the stream thread
 * never waits for the network. {@link #send} puts the event in a bounded queue and returns; when the queue is full
 * the event is dropped and counted ({@code webhook_dropped}).
 *
 * <p>Each delivery is tried up to {@code 1 + retries} times: an answer other than 2xx, a connection error or a
 * request taking longer than {@code timeout} is a failed attempt; before retry {@code i} (from 0) the worker waits
 * {@code min(backoff * 2^i, maxBackoff)}. A delivery whose every attempt failed is logged and counted
 * ({@code webhook_failures}); the worker moves on. Requests carry {@code X-Augur-Alert-Id} and
 * {@code X-Augur-Alert-State} headers so receivers can deduplicate (delivery is at least once).
 */
public final class WebhookNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    /**
     * @param url where to POST (http or https)
     * @param timeout connect and request timeout of one attempt, > 0
     * @param retries attempts after the first, >= 0
     * @param backoff wait before the first retry, doubled each retry, >= 0
     * @param maxBackoff longest wait between attempts
     * @param queueCapacity events that may wait for delivery, >= 1
     * @param drainTimeout how long {@link #close()} keeps delivering what is queued
     */
    public record Settings(URI url, Duration timeout, int retries, Duration backoff, Duration maxBackoff,
            int queueCapacity, Duration drainTimeout) {
        public Settings {
            Objects.requireNonNull(url, "url");
            if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
                throw new IllegalArgumentException("webhook url must be http or https but was " + url);
            }
            if (timeout.isNegative() || timeout.isZero() || retries < 0 || backoff.isNegative()
                    || maxBackoff.compareTo(backoff) < 0 || queueCapacity < 1 || drainTimeout.isNegative()) {
                throw new IllegalArgumentException("webhook settings out of range: " + this);
            }
        }

        /** 5 s timeout, 3 retries from 500 ms up to 30 s, 1000 queued, 5 s to drain on close. */
        public static Settings defaults(URI url) {
            return new Settings(url, Duration.ofSeconds(5), 3, Duration.ofMillis(500), Duration.ofSeconds(30), 1000,
                    Duration.ofSeconds(5));
        }
    }

    private record Delivery(String alertId, String state, String body) {
    }

    private final Settings settings;
    private final AlertingMetrics metrics;
    private final HttpClient client;
    private final BlockingQueue<Delivery> queue;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;

    public WebhookNotifier(Settings settings, AlertingMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        metrics.webhookQueue(queue::size);
        this.worker = new Thread(this::run, "augur-webhook");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public void send(Alert alert) {
        Delivery d = new Delivery(alert.getId(), alert.getState().name(), RecordJson.text(RecordJson.alert(alert)));
        if (closing || !queue.offer(d)) {
            metrics.countWebhookDropped();
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.warn("webhook queue full ({} waiting) or closing: dropped alert {} {} ({} dropped so far)",
                        queue.size(), d.alertId(), d.state(), n);
            }
        }
    }

    /** Events waiting for delivery. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        try {
            while (!closing || !queue.isEmpty()) {
                Delivery d = queue.poll(200, TimeUnit.MILLISECONDS);
                if (d != null) {
                    deliver(d);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.warn("webhook closed with {} alert events undelivered", queue.size());
            for (int i = queue.size(); i > 0; i--) {
                metrics.countWebhookDropped();
            }
            queue.clear();
        }
    }

    private void deliver(Delivery d) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "augur-alerting")
                .header("X-Augur-Alert-Id", d.alertId())
                .header("X-Augur-Alert-State", d.state())
                .POST(HttpRequest.BodyPublishers.ofString(d.body(), StandardCharsets.UTF_8))
                .build();
        String lastError = null;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0) {
                metrics.countWebhookRetry();
                long shift = Math.min(attempt - 1, 30);
                long waitMs = Math.min(settings.backoff().toMillis() << shift, settings.maxBackoff().toMillis());
                Thread.sleep(waitMs);
            }
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    metrics.countWebhookSent();
                    return;
                }
                lastError = "HTTP " + code;
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        metrics.countWebhookFailure();
        LOG.warn("webhook {}: alert {} {} not delivered after {} attempts; last: {}", settings.url(), d.alertId(),
                d.state(), settings.retries() + 1, lastError);
    }

    /** Stops accepting events, delivers what is queued for up to the drain timeout, then stops the worker. */
    @Override
    public void close() {
        closing = true;
        try {
            worker.join(Math.max(1, settings.drainTimeout().toMillis()));
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
