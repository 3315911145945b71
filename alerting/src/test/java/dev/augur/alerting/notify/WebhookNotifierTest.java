package dev.augur.alerting.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.augur.alerting.json.RecordJson;
import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AlertState;
import dev.augur.schemas.records.Severity;
import dev.augur.schemas.records.SubjectKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook against a local HTTP server on 127.0.0.1: delivery, retries with backoff, failures, no blocking. */
class WebhookNotifierTest {
    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile boolean hang;

    static Alert alert(String id, AlertState state) {
        return Alert.newBuilder().setId(id).setSubject("pump-1").setSubjectKind(SubjectKind.SERIES)
                .setMembers(List.of()).setSeverity(Severity.CRITICAL).setState(state)
                .setStartTime(Instant.ofEpochMilli(1_704_067_200_000L)).setEndTime(null).setPeakScore(0.99999)
                .setRule("spike").setReason("score >= 0.9999 (critical)").build();
    }

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            requests.incrementAndGet();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (hang) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            bodies.add(new String(body, StandardCharsets.UTF_8));
            ids.add(ex.getRequestHeaders().getFirst("X-Augur-Alert-Id") + " "
                    + ex.getRequestHeaders().getFirst("X-Augur-Alert-State"));
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void postsEachAlertEventAsJson() throws Exception {
        URI url = start();
        AlertingMetrics metrics = new AlertingMetrics();
        try (WebhookNotifier n = new WebhookNotifier(WebhookNotifier.Settings.defaults(url), metrics)) {
            n.send(alert("spike:pump-1:1", AlertState.OPEN));
            n.send(alert("spike:pump-1:1", AlertState.RESOLVE));
            await(() -> metrics.webhookSent() == 2, "two deliveries");
        }
        JsonNode first = RecordJson.MAPPER.readTree(bodies.get(0));
        assertEquals("spike:pump-1:1", first.get("id").asText());
        assertEquals("OPEN", first.get("state").asText());
        assertEquals("CRITICAL", first.get("severity").asText());
        assertEquals(1_704_067_200_000L, first.get("startTime").asLong());
        assertTrue(first.get("endTime").isNull());
        assertEquals(List.of("spike:pump-1:1 OPEN", "spike:pump-1:1 RESOLVE"), ids);
        assertEquals(0, metrics.webhookFailures());
    }

    @Test
    void retriesWithBackoffThenCountsTheFailureAndMovesOn() throws Exception {
        URI url = start();
        status = 500;
        AlertingMetrics metrics = new AlertingMetrics();
        WebhookNotifier.Settings s = new WebhookNotifier.Settings(url, Duration.ofSeconds(2), 2,
                Duration.ofMillis(100), Duration.ofSeconds(1), 10, Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        try (WebhookNotifier n = new WebhookNotifier(s, metrics)) {
            n.send(alert("a", AlertState.OPEN));
            await(() -> metrics.webhookFailures() == 1, "the failure to be counted");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(3, requests.get(), "first attempt and two retries");
            assertEquals(2, metrics.webhookRetries());
            assertTrue(elapsedMs >= 300, "waited 100 ms then 200 ms between attempts, took " + elapsedMs);

            status = 204;
            n.send(alert("b", AlertState.OPEN));
            await(() -> metrics.webhookSent() == 1, "the next event to go through");
        }
        assertEquals(1, metrics.webhookFailures());
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsAFailedAttempt() throws Exception {
        URI url = start();
        hang = true;
        AlertingMetrics metrics = new AlertingMetrics();
        WebhookNotifier.Settings s = new WebhookNotifier.Settings(url, Duration.ofMillis(200), 1, Duration.ZERO,
                Duration.ZERO, 10, Duration.ofSeconds(1));
        try (WebhookNotifier n = new WebhookNotifier(s, metrics)) {
            n.send(alert("slow", AlertState.OPEN));
            await(() -> metrics.webhookFailures() == 1, "the timeouts to count as a failure");
            assertEquals(1, metrics.webhookRetries());
        }
    }

    @Test
    void unreachableReceiverIsCountedAsAFailure() throws Exception {
        AlertingMetrics metrics = new AlertingMetrics();
        // a port nobody listens on: bind and release one
        int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        WebhookNotifier.Settings s = new WebhookNotifier.Settings(URI.create("http://127.0.0.1:" + port + "/x"),
                Duration.ofMillis(500), 1, Duration.ofMillis(10), Duration.ofMillis(10), 10, Duration.ofSeconds(1));
        try (WebhookNotifier n = new WebhookNotifier(s, metrics)) {
            n.send(alert("gone", AlertState.OPEN));
            await(() -> metrics.webhookFailures() == 1, "the connection failure to count");
        }
    }

    @Test
    void sendNeverBlocksAndAFullQueueDropsAndCounts() throws Exception {
        URI url = start();
        hang = true;
        AlertingMetrics metrics = new AlertingMetrics();
        WebhookNotifier.Settings s = new WebhookNotifier.Settings(url, Duration.ofSeconds(10), 0, Duration.ZERO,
                Duration.ZERO, 3, Duration.ofMillis(100));
        try (WebhookNotifier n = new WebhookNotifier(s, metrics)) {
            n.send(alert("first", AlertState.OPEN));
            await(() -> requests.get() == 1, "the worker to be stuck on the first delivery");
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                n.send(alert("x" + i, AlertState.OPEN));
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 500, "send returned at once while the receiver hangs, took " + ms + " ms");
            assertEquals(3, n.queued());
            assertEquals(7, metrics.webhookDropped());
        }
        assertEquals(7 + 3, metrics.webhookDropped(), "what was still queued when close gave up is counted too");
    }
}
