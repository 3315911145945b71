package dev.augur.alerting.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.augur.alerting.json.RecordJson;
import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.alerting.views.ForecastPoint;
import dev.augur.alerting.views.ScorePoint;
import dev.augur.alerting.views.ViewListener;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events for the dashboard ({@code GET /api/events}). As a {@link ViewListener} it turns each record the
 * views stored into one event and offers it to every connected client's bounded queue without waiting: a client that
 * lags loses events (counted as {@code live_events_dropped}) rather than slowing the stream threads.
 *
 * <p>Events ({@code event:} name, {@code data:} one JSON line): {@code observation} {@code {"series", "t", "v"}};
 * {@code score} {@code {"series", "t", "score", "observed", "expected", "lower", "upper", "level", "warmingUp"}};
 * {@code forecast} {@code {"series", "originTime", "steps": [{"t", "mean", "q05", "q10", "q90", "q95"}]}};
 * {@code alert} the alert ({@link RecordJson#alert}). A comment line is sent every 15 s to keep connections open.
 */
public final class LiveEvents implements ViewListener, AutoCloseable {
    /** Queued to end a client's stream; published messages are never empty. */
    private static final String CLOSE = "";
    private static final long KEEPALIVE_MS = 15_000;

    private final int maxClients;
    private final int queuePerClient;
    private final AlertingMetrics metrics;
    private final List<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param maxClients connections served at once; more are refused with 503
     * @param queuePerClient events that may wait for one client
     */
    public LiveEvents(int maxClients, int queuePerClient, AlertingMetrics metrics) {
        this.maxClients = maxClients;
        this.queuePerClient = queuePerClient;
        this.metrics = metrics;
        metrics.eventClients(clients::size);
    }

    /** Connected clients. */
    public int clients() {
        return clients.size();
    }

    @Override
    public void observation(Observation o) {
        if (clients.isEmpty()) {
            return;
        }
        ObjectNode n = RecordJson.MAPPER.createObjectNode();
        n.put("series", o.getSeries());
        n.put("t", o.getEventTime().toEpochMilli());
        n.put("v", o.getValue());
        publish("observation", n);
    }

    @Override
    public void score(AnomalyScore a) {
        if (clients.isEmpty()) {
            return;
        }
        ObjectNode n = RecordJson.MAPPER.valueToTree(ScorePoint.of(a));
        n.put("series", a.getSeries());
        publish("score", n);
    }

    @Override
    public void forecast(Forecast f) {
        if (clients.isEmpty()) {
            return;
        }
        ObjectNode n = RecordJson.MAPPER.createObjectNode();
        n.put("series", f.getSeries());
        n.put("originTime", f.getOriginTime().toEpochMilli());
        ArrayNode steps = n.putArray("steps");
        for (ForecastPoint p : ForecastPoint.steps(f)) {
            steps.add(RecordJson.MAPPER.<ObjectNode>valueToTree(p));
        }
        publish("forecast", n);
    }

    @Override
    public void alert(Alert a) {
        if (clients.isEmpty()) {
            return;
        }
        publish("alert", RecordJson.alert(a));
    }

    private void publish(String event, Object data) {
        String message = "event: " + event + "\ndata: " + RecordJson.text(data) + "\n\n";
        for (BlockingQueue<String> q : clients) {
            if (!q.offer(message)) {
                metrics.countEventDropped();
            }
        }
    }

    /**
     * Serves one client until it disconnects or the server closes: blocks the calling HTTP worker thread.
     */
    void serve(HttpExchange exchange) throws IOException {
        if (closed || clients.size() >= maxClients) {
            HttpApi.sendText(exchange, 503, "application/json",
                    "{\"error\":\"too many live event clients (at most " + maxClients + ")\"}");
            return;
        }
        BlockingQueue<String> q = new ArrayBlockingQueue<>(queuePerClient);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        clients.add(q);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(": connected\nretry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed) {
                String m = q.poll(KEEPALIVE_MS, TimeUnit.MILLISECONDS);
                if (m != null && m.isEmpty()) {
                    break;
                }
                out.write((m == null ? ": keepalive\n\n" : m).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the browser closed the connection: nothing to do
        } finally {
            clients.remove(q);
            exchange.close();
        }
    }

    /** Ends every client's stream. */
    @Override
    public void close() {
        closed = true;
        for (BlockingQueue<String> q : clients) {
            q.clear();
            q.offer(CLOSE);
        }
    }
}
