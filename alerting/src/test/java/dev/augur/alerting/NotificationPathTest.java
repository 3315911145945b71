package dev.augur.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.augur.alerting.notify.WebhookNotifier;
import dev.augur.alerting.rules.RulesFile;
import dev.augur.alerting.views.ViewListener;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AlertState;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The topology feeding a real webhook whose receiver hangs, then fails: the rules keep emitting alerts at full speed
 * and the failures end up counted, never blocking a stream thread.
 */
class NotificationPathTest {

    @Test
    void aHangingThenFailingReceiverDoesNotBlockTheTopology() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            requests.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        var rules = RulesFile.parse("""
                rules:
                  - name: hot
                    thresholds: {critical: 0.999}
                """, RulesFile.Format.YAML, "test");
        WebhookNotifier[] notifier = new WebhookNotifier[1];
        ViewListener toWebhook = new ViewListener() {
            @Override
            public void alert(Alert a) {
                notifier[0].send(a);
            }
        };
        try (TopologyHarness h = new TopologyHarness(rules, toWebhook)) {
            notifier[0] = new WebhookNotifier(new WebhookNotifier.Settings(url, Duration.ofSeconds(30), 1,
                    Duration.ofMillis(10), Duration.ofMillis(10), 100, Duration.ofSeconds(5)), h.metrics);
            long t0 = System.nanoTime();
            for (int s = 0; s < 10; s++) {
                h.scores("s" + s, 0, 0.9999, 0.1);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            List<Alert> out = h.emitted();
            assertEquals(20, out.size(), "10 OPEN and 10 RESOLVE");
            assertEquals(20, h.notified.size());
            assertTrue(ms < 5_000, "the topology went on while the receiver hung; took " + ms + " ms");
            assertTrue(requests.get() <= 1, "the receiver still holds the first request");

            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (h.metrics.webhookFailures() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(20, h.metrics.webhookFailures(), "every event failed after its retry (HTTP 503)");
            assertEquals(20, h.metrics.webhookRetries());
            assertEquals(0, h.metrics.webhookSent());
            assertEquals(10, h.metrics.alertsEmitted(AlertState.OPEN));
        } finally {
            if (notifier[0] != null) {
                notifier[0].close();
            }
            server.stop(0);
        }
    }
}
