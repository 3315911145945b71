package dev.augur.ingest.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.augur.schemas.metrics.KafkaMetricsText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server with one resource, {@code GET /metrics}: the metrics from {@code source} (for the app,
 * {@code KafkaStreams::metrics}) in the Prometheus text format, read afresh on every request. Other paths answer 404,
 * other methods 405. {@link #close()} stops it at once and may be called more than once.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MetricsEndpoint(HttpServer server, ExecutorService executor, String url) {
        this.server = server;
        this.executor = executor;
        this.url = url;
    }

    /**
     * Binds {@code host:port} and starts serving.
     *
     * @param port 0 for a free port
     * @throws IOException when the host does not resolve or the address cannot be bound
     */
    public static MetricsEndpoint start(String host, int port,
            Supplier<? extends Map<MetricName, ? extends Metric>> source) throws IOException {
        Objects.requireNonNull(source, "source");
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("unknown host '" + host + "'");
        }
        HttpServer server = HttpServer.create(address, 16);
        // One thread: scrapes are rare and cheap; a daemon so a forgotten close does not keep the JVM up.
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "augur-ingest-metrics");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", ex -> handle(ex, source));
        server.setExecutor(executor);
        server.start();
        String h = host.contains(":") ? "[" + host + "]" : host;
        return new MetricsEndpoint(server, executor, "http://" + h + ":" + server.getAddress().getPort() + PATH);
    }

    /** {@code http://HOST:PORT/metrics}, with the bound port when 0 was asked for. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static void handle(HttpExchange ex, Supplier<? extends Map<MetricName, ? extends Metric>> source)
            throws IOException {
        try {
            String method = ex.getRequestMethod();
            if (!PATH.equals(ex.getRequestURI().getPath())) {
                send(ex, 404, "text/plain; charset=utf-8", "no such endpoint: " + ex.getRequestURI().getPath()
                        + " (metrics are at " + PATH + ")\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method " + method + " not allowed\n");
            } else {
                send(ex, 200, KafkaMetricsText.CONTENT_TYPE, KafkaMetricsText.write(source.get()));
            }
        } catch (RuntimeException e) {
            LOG.warn("metrics: {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            send(ex, 500, "text/plain; charset=utf-8", e + "\n");
        } finally {
            ex.close();
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
