package dev.augur.ingest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.IngestConfig;
import dev.augur.ingest.ValidationTopology;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint over a {@link TopologyTestDriver}'s metrics, which hold the validation sensors as in the app. */
class MetricsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TopologyTestDriver driver;
    private MetricsEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ValidationTopology.build(IngestConfig.from(Map.of("topic-prefix", "t."))),
                props);
        endpoint = MetricsEndpoint.start("127.0.0.1", 0, driver::metrics);
    }

    @AfterEach
    void close() {
        endpoint.close();
        driver.close();
    }

    private HttpResponse<String> get(String url, String method) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheStreamsMetricsWithTheDeadLetterSensorsAsPrometheusText() throws Exception {
        TestInputTopic<byte[], byte[]> raw = driver.createInputTopic("t.raw", new ByteArraySerializer(),
                new ByteArraySerializer());
        Instant t = Instant.parse("2025-03-01T12:00:00Z");
        raw.pipeInput(null, "{\"series\":\"s\",\"time\":1704067200000,\"value\":1}".getBytes(StandardCharsets.UTF_8),
                t);
        raw.pipeInput(null, "{\"series\":\"s\",\"time\":1,".getBytes(StandardCharsets.UTF_8), t);

        assertTrue(endpoint.url().matches("http://127\\.0\\.0\\.1:\\d+/metrics"), endpoint.url());
        assertEquals("http://127.0.0.1:" + endpoint.port() + "/metrics", endpoint.url());
        HttpResponse<String> r = get(endpoint.url(), "GET");
        assertEquals(200, r.statusCode());
        String type = r.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(type.startsWith("text/plain; version=0.0.4"), type);
        String body = r.body();
        assertTrue(body.contains("# TYPE kafka_stream_augur_ingest_metrics_accepted_total gauge\n"), body);
        assertTrue(body.matches("(?s).*\nkafka_stream_augur_ingest_metrics_accepted_total\\{augur_ingest_id=\"validate\","
                + "thread_id=\"[^\"]+\"} 1\n.*"), body);
        assertTrue(body.matches("(?s).*\nkafka_stream_augur_ingest_metrics_dead_letter_unparseable_total\\{"
                + "augur_ingest_id=\"validate\",reason=\"UNPARSEABLE\",thread_id=\"[^\"]+\"} 1\n.*"), body);
        assertTrue(body.matches("(?s).*\nkafka_stream_augur_ingest_metrics_dead_letter_non_finite_total\\{"
                + "augur_ingest_id=\"validate\",reason=\"NON_FINITE\",thread_id=\"[^\"]+\"} 0\n.*"), body);
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        String base = "http://127.0.0.1:" + endpoint.port();
        assertEquals(404, get(base + "/", "GET").statusCode());
        assertEquals(404, get(base + "/metrics/x", "GET").statusCode());
        HttpResponse<String> post = get(base + "/metrics", "POST");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        HttpResponse<String> head = get(base + "/metrics", "HEAD");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void closeStopsServingAndMayBeRepeated() throws Exception {
        String url = endpoint.url();
        endpoint.close();
        endpoint.close();
        assertThrows(ConnectException.class, () -> get(url, "GET"));
    }

    @Test
    void anUnknownHostFailsAtStart() {
        IOException e = assertThrows(IOException.class,
                () -> MetricsEndpoint.start("no-such-host.invalid", 0, driver::metrics));
        assertEquals("unknown host 'no-such-host.invalid'", e.getMessage());
    }
}
