package dev.augur.alerting;

import static dev.augur.alerting.Records.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.augur.alerting.json.RecordJson;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AlertState;
import dev.augur.schemas.records.SubjectKind;
import dev.augur.schemas.topics.Topic;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real app in its own JVM on a real KRaft broker: scores in, committed alerts out (topic, REST, webhook,
 * metrics); then a restart on an empty state directory, which restores the open alerts from the changelogs and
 * resolves one of them with the same id.
 */
class AlertingAppIT {
    private static final String TOKEN = "it-token-0123456789";

    @Test
    void alertsFromScoresSurviveARestart() throws Exception {
        List<JsonNode> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            hooks.add(RecordJson.MAPPER.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try (TestStack stack = TestStack.start("alerting-it")) {
            Path rules = stack.work.resolve("rules.yaml");
            Files.writeString(rules, """
                    rules:
                      - name: spike
                        thresholds: {critical: 0.999}
                        resolve: {clearCount: 2}
                      - name: plant
                        kind: group
                        thresholds: {warning: 0.99}
                        group: {minMembers: 2, window: 5m}
                        resolve: {quietFor: 30m}
                    """, StandardCharsets.UTF_8);
            List<String> args = stack.appArgs("it-app", "state-1");
            args.addAll(List.of("--rules", rules.toString(), "--token", TOKEN, "--webhook-url",
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "--webhook-backoff", "PT0.1S"));

            String spikeP1 = "spike:p1:" + at(10);
            String spikeP2 = "spike:p2:" + at(10);
            String incident = "plant:plant:" + at(10);
            try (AppProcess app = stack.startApp(args, "app-1")) {
                String url = app.awaitDashboardUrl(Duration.ofSeconds(60));
                assertTrue(url.startsWith("http://127.0.0.1:"), url);
                stack.awaitGet(url + "healthz", null, b -> b.contains("RUNNING"), Duration.ofSeconds(60), app);

                for (int i = 0; i < 10; i++) {
                    for (String s : List.of("p1", "p2")) {
                        stack.send(Topic.ANOMALIES, s, Records.score(s, "plant", at(i), 0.3));
                        stack.send(Topic.OBSERVATIONS, s, Records.observation(s, "plant", at(i), 10 + i));
                    }
                }
                stack.send(Topic.FORECASTS, "p1", Records.forecast("p1", at(9), 6, 19, 1));
                stack.send(Topic.ANOMALIES, "p1", Records.score("p1", "plant", at(10), 0.9999));
                stack.send(Topic.ANOMALIES, "p2", Records.score("p2", "plant", at(10), 0.9995));
                stack.send(Topic.ANOMALIES, "p3", Records.score("p3", "plant", at(10), 0.9, true));
                stack.flush();

                List<Alert> opened = stack.awaitAlerts(l -> l.size() >= 3, Duration.ofSeconds(60), app);
                assertEquals(Set.of(spikeP1, spikeP2, incident), opened.stream().map(Alert::getId)
                        .collect(Collectors.toSet()), opened.toString());
                assertTrue(opened.stream().allMatch(a -> a.getState() == AlertState.OPEN), opened.toString());
                Alert group = opened.stream().filter(a -> a.getSubjectKind() == SubjectKind.GROUP).findFirst()
                        .orElseThrow();
                assertEquals(List.of("p1", "p2"), group.getMembers(), "p3 was warming up");

                JsonNode open = RecordJson.MAPPER.readTree(stack.awaitGet(url + "api/alerts?state=open", TOKEN,
                        b -> b.split("\"OPEN\"").length - 1 == 3, Duration.ofSeconds(30), app));
                assertEquals(3, open.size(), open.toString());
                assertEquals(401, stack.get(url + "api/alerts", null).statusCode(), "the token is enforced");
                JsonNode chart = RecordJson.MAPPER.readTree(stack.awaitGet(url + "api/chart?series=p1", TOKEN,
                        b -> b.contains("\"forecast\":{"), Duration.ofSeconds(30), app));
                assertEquals(10, chart.get("observations").size());
                assertEquals(6, chart.get("forecast").get("steps").size());

                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (hooks.size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(Set.of(spikeP1, spikeP2, incident), hooks.stream().map(h -> h.get("id").asText())
                        .collect(Collectors.toSet()), "the webhook got every committed alert: " + hooks);

                String metrics = stack.awaitGet(url + "metrics", TOKEN,
                        b -> b.contains("augur_alerting_alerts_emitted_total{state=\"OPEN\"} 3"),
                        Duration.ofSeconds(10), app);
                assertTrue(metrics.contains("augur_alerting_webhook_sent_total 3"), metrics);
                assertTrue(metrics.contains("augur_alerting_scores_total{warming_up=\"true\"} 1"), metrics);
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kafka_stream_thread_metrics_process_total")),
                        "Kafka Streams metrics are exported");

                int exit = app.stop();
                assertEquals(143, exit, "SIGTERM with a completed shutdown hook:\n" + app.tail(20));
                assertTrue(app.log().contains("alerting: stopped"), app.tail(20));
                assertTrue(!app.log().contains("timed out before all threads stopped"), app.tail(20));
            }

            // a fresh state directory: the rule state must come back from the changelog topics
            List<String> again = new ArrayList<>(args);
            again.set(again.indexOf("--state-dir") + 1, stack.work.resolve("state-2").toString());
            try (AppProcess app = stack.startApp(again, "app-2")) {
                String url = app.awaitDashboardUrl(Duration.ofSeconds(60));
                stack.awaitGet(url + "healthz", null, b -> b.contains("RUNNING"), Duration.ofSeconds(60), app);
                stack.awaitGet(url + "api/alerts?state=open", TOKEN, b -> b.contains(spikeP1),
                        Duration.ofSeconds(30), app);
                stack.send(Topic.ANOMALIES, "p1", Records.score("p1", "plant", at(11), 0.1));
                stack.send(Topic.ANOMALIES, "p1", Records.score("p1", "plant", at(12), 0.1));
                stack.flush();
                List<Alert> all = stack.awaitAlerts(l -> l.stream().anyMatch(a -> a.getState() == AlertState.RESOLVE),
                        Duration.ofSeconds(60), app);
                List<Alert> resolved = all.stream().filter(a -> a.getState() == AlertState.RESOLVE).toList();
                assertEquals(1, resolved.size(), all.toString());
                assertEquals(spikeP1, resolved.get(0).getId(), "the alert opened before the restart resolves");
                assertEquals(at(12), resolved.get(0).getEndTime().toEpochMilli());
                assertEquals(4, all.size(), "nothing re-emitted after the restart: " + all);
                JsonNode open = RecordJson.MAPPER.readTree(stack.awaitGet(url + "api/alerts?state=open", TOKEN,
                        b -> !b.contains(spikeP1), Duration.ofSeconds(30), app));
                assertEquals(2, open.size(), open.toString());
                assertEquals(143, app.stop());
            }
        } finally {
            receiver.stop(0);
        }
    }
}
