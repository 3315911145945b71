package dev.augur.alerting;

import static dev.augur.alerting.Records.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.alerting.http.HttpApi;
import dev.augur.alerting.http.LiveEvents;
import dev.augur.alerting.json.RecordJson;
import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.alerting.metrics.PrometheusText;
import dev.augur.alerting.queries.AlertingQueries;
import dev.augur.alerting.queries.StoreAccess;
import dev.augur.alerting.rules.RulesFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST endpoints, live events, metrics and token check over the topology's stores (TopologyTestDriver). */
class HttpApiTest {
    private static final String TOKEN = "test-token-123";

    private TopologyHarness h;
    private LiveEvents live;
    private HttpApi api;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @BeforeEach
    void start() throws IOException {
        live = new LiveEvents(4, 100, new AlertingMetrics());
        h = new TopologyHarness(RulesFile.parse("""
                rules:
                  - name: hot
                    thresholds: {critical: 0.999}
                """, RulesFile.Format.YAML, "test"), live);
        for (int i = 0; i < 20; i++) {
            h.observations.pipeInput("a", Records.observation("a", "g", at(i), 10 + i), at(i));
            h.forecasts.pipeInput("a", Records.forecast("a", at(i), 12, 11 + i, 1), at(i));
            h.score("a", "g", at(i), i == 19 ? 0.9999 : 0.3);
        }
        h.score("b", null, at(3), 0.1);
        api = HttpApi.start("127.0.0.1", 0, TOKEN, h.queries(), live,
                () -> PrometheusText.write(Map.of(), h.metrics), () -> "RUNNING");
        base = "http://127.0.0.1:" + api.address().getPort();
    }

    @AfterEach
    void stop() {
        api.close();
        h.close();
    }

    private HttpResponse<String> get(String path, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path, true);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return RecordJson.MAPPER.readTree(r.body());
    }

    @Test
    void dashboardFilesAndHealthNeedNoToken() throws Exception {
        HttpResponse<String> page = get("/", false);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/webjars/echarts/echarts.min.js") && page.body().contains("/static/app.js"));
        HttpResponse<String> lib = get("/webjars/echarts/echarts.min.js", false);
        assertEquals(200, lib.statusCode());
        assertTrue(lib.body().length() > 500_000, "the whole ECharts build is served from the jar");
        assertEquals(200, get("/static/app.js", false).statusCode());
        assertEquals(200, get("/static/app.css", false).statusCode());
        assertEquals("RUNNING", RecordJson.MAPPER.readTree(get("/healthz", false).body()).get("state").asText());
        assertEquals(404, get("/nope", false).statusCode());
    }

    @Test
    void dataEndpointsNeedTheToken() throws Exception {
        HttpResponse<String> denied = get("/api/series", false);
        assertEquals(401, denied.statusCode());
        assertTrue(denied.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, get("/metrics", false).statusCode());
        assertEquals(401, get("/api/series?access_token=wrong-token", false).statusCode());
        assertEquals(200, get("/api/series?access_token=" + TOKEN, false).statusCode());
        assertEquals(200, get("/api/series", true).statusCode());
    }

    @Test
    void seriesChartForecastAlertsAndRules() throws Exception {
        JsonNode series = json("/api/series");
        assertEquals(2, series.size());
        JsonNode a = series.get(0);
        assertEquals("a", a.get("series").asText());
        assertEquals("g", a.get("group").asText());
        assertEquals("CRITICAL", a.get("severity").asText());
        assertEquals(29.0, a.get("lastValue").asDouble());
        assertEquals(0.9999, a.get("lastScore").asDouble());
        assertTrue(series.get(1).get("severity").isNull());
        assertTrue(series.get(1).get("lastValue").isNull(), "b has scores but no observation");

        JsonNode chart = json("/api/chart?series=a&limit=15");
        assertEquals(15, chart.get("observations").size());
        assertEquals(at(19), chart.get("observations").get(14).get(0).asLong());
        assertEquals(15, chart.get("scores").size());
        assertEquals(15, chart.get("forecastHistory").size());
        JsonNode steps = chart.get("forecast").get("steps");
        assertEquals(12, steps.size());
        JsonNode s1 = steps.get(0);
        assertEquals(at(20), s1.get("t").asLong());
        assertTrue(s1.get("q05").asDouble() < s1.get("q10").asDouble() && s1.get("q90").asDouble() < s1.get("q95")
                .asDouble());
        assertEquals(1, chart.get("alerts").size());

        JsonNode forecast = json("/api/forecast?series=a");
        assertEquals(at(19), forecast.get("originTime").asLong());
        assertEquals(7, forecast.get("levels").size());
        assertEquals(404, get("/api/forecast?series=b", true).statusCode());

        assertEquals(5, json("/api/observations?series=a&limit=5").get("points").size());
        assertEquals(1, json("/api/scores?series=b").get("scores").size());

        JsonNode open = json("/api/alerts?state=open");
        assertEquals(1, open.size());
        assertEquals("hot:a:" + at(19), open.get(0).get("id").asText());
        assertEquals("OPEN", open.get(0).get("state").asText());
        assertEquals(1, json("/api/alerts?series=a").size());
        assertEquals(0, json("/api/alerts?series=b").size());

        JsonNode rules = json("/api/rules");
        assertEquals("hot", rules.get(0).get("name").asText());
        assertEquals(0.999, rules.get(0).get("thresholds").get("critical").asDouble());
        assertEquals(2, rules.get(0).get("subjects").asInt());
        assertEquals(1, rules.get(0).get("phases").get("open").asInt());
    }

    @Test
    void badRequestsSayWhatWasExpected() throws Exception {
        HttpResponse<String> r = get("/api/chart", true);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("query parameter 'series'"), r.body());
        r = get("/api/chart?series=zzz", true);
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("unknown series 'zzz'"), r.body());
        r = get("/api/observations?series=a&limit=0", true);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("limit must be an integer in [1, 100000] but was '0'"), r.body());
        r = get("/api/alerts?state=closed", true);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("state must be one of open, all but was 'closed'"), r.body());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/api/series"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void metricsAreInPrometheusText() throws Exception {
        HttpResponse<String> r = get("/metrics", true);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(r.body().contains("# TYPE augur_alerting_alerts_emitted_total counter"), r.body());
        assertTrue(r.body().contains("augur_alerting_alerts_emitted_total{state=\"OPEN\"} 1\n"), r.body());
        assertTrue(r.body().contains("augur_alerting_webhook_failures_total 0\n"), r.body());
    }

    @Test
    void liveEventsStreamEachRecord() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/events?access_token=" + TOKEN)).build();
        CompletableFuture<HttpResponse<Stream<String>>> f = client.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> resp = f.get(10, TimeUnit.SECONDS);
        assertEquals(200, resp.statusCode());
        assertTrue(resp.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (live.clients() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        h.observations.pipeInput("a", Records.observation("a", "g", at(20), 42.5), at(20));
        h.score("a", "g", at(20), 0.1);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                resp.body().forEach(lines::add);
            } catch (java.io.UncheckedIOException closedByTheTest) {
                // the test closes the stream when done
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        String observation = null;
        String score = null;
        while (observation == null || score == null) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertTrue(line != null, "no live event within 10 s; got observation=" + observation + " score=" + score);
            if (line.equals("event: observation")) {
                observation = lines.poll(10, TimeUnit.SECONDS);
            } else if (line.equals("event: score")) {
                score = lines.poll(10, TimeUnit.SECONDS);
            }
        }
        assertEquals("data: {\"series\":\"a\",\"t\":" + at(20) + ",\"v\":42.5}", observation);
        JsonNode s = RecordJson.MAPPER.readTree(score.substring("data: ".length()));
        assertEquals(0.1, s.get("score").asDouble());
        assertEquals("a", s.get("series").asText());
        resp.body().close();
    }

    @Test
    void storesNotQueryableYetGive503() throws Exception {
        StoreAccess rebalancing = new StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
                throw new InvalidStateStoreException("store " + name + " is rebalancing");
            }
        };
        try (HttpApi other = HttpApi.start("127.0.0.1", 0, null, new AlertingQueries(rebalancing, h.rules),
                new LiveEvents(1, 1, h.metrics), () -> "", () -> "REBALANCING")) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + other.address().getPort() + "/api/series")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode());
            assertTrue(r.body().contains("REBALANCING"), r.body());
        }
    }
}
