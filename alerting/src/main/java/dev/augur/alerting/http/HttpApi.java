package dev.augur.alerting.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.augur.alerting.dashboard.DashboardAssets;
import dev.augur.alerting.json.RecordJson;
import dev.augur.alerting.queries.AlertingQueries;
import dev.augur.alerting.queries.RuleStatus;
import dev.augur.alerting.queries.SeriesSummary;
import dev.augur.alerting.rules.DurationText;
import dev.augur.alerting.rules.Rule;
import dev.augur.alerting.views.ForecastPoint;
import dev.augur.alerting.views.SeriesStatus;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the alerting app (JDK {@code com.sun.net.httpserver}): the dashboard, the REST endpoints over
 * interactive queries, live events and metrics. Every endpoint is {@code GET}; answers are JSON (times in epoch ms).
 *
 * <pre>
 * /                         the dashboard page (static files and /webjars/echarts/echarts.min.js need no token)
 * /healthz                  {"state": Kafka Streams state}                                     (no token)
 * /metrics                  Prometheus text: Kafka Streams metrics and augur_alerting_* counters
 * /api/series               [{series, group, lastValue, lastObservationTime, lastScore, lastScoreTime, warmingUp,
 *                             observations, scores, forecasts, severity, openAlerts}]
 * /api/observations?series=ID[&amp;limit=N]   {series, points: [[t, v], ...]}            (oldest first, N &lt;= 100000)
 * /api/scores?series=ID[&amp;limit=N]         {series, scores: [{t, score, observed, expected, lower, upper, level,
 *                                                      warmingUp}]}
 * /api/forecast?series=ID                 the latest forecast (404 when none)
 * /api/chart?series=ID[&amp;limit=N]          everything the chart draws: observations, scores, forecastHistory
 *                                         (one-step-ahead mean and bands), forecast (latest, all steps), alerts
 * /api/alerts[?state=open|all][&amp;series=ID][&amp;limit=N]   latest event of each alert, newest first
 * /api/rules                              [{name, kind, match, thresholds, ..., subjects, phases}]
 * /api/events                             server-sent events ({@link LiveEvents})
 * </pre>
 *
 * With a token, {@code /metrics} and {@code /api/*} need it ({@link BearerAuth}). Errors are
 * {@code {"error": "..."}} with 400 (bad parameter), 401 (token), 404, 405 (not GET) or 503 (stores not queryable
 * yet, e.g. while the app rebalances).
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 100_000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AlertingQueries queries;
    private final LiveEvents events;
    private final Supplier<String> metricsText;
    private final Supplier<String> state;
    private final BearerAuth auth;
    private final DashboardAssets assets;

    private HttpApi(HttpServer server, ExecutorService executor, AlertingQueries queries, LiveEvents events,
            Supplier<String> metricsText, Supplier<String> state, BearerAuth auth, DashboardAssets assets) {
        this.server = server;
        this.executor = executor;
        this.queries = queries;
        this.events = events;
        this.metricsText = metricsText;
        this.state = state;
        this.auth = auth;
        this.assets = assets;
    }

    /**
     * Binds and starts serving.
     *
     * @param port 0 for a free port
     * @param token bearer token for the data endpoints, or null for none
     * @param metricsText the Prometheus text, produced on request
     * @param state the Kafka Streams state, for {@code /healthz}
     * @throws IOException when the address cannot be bound
     */
    public static HttpApi start(String host, int port, String token, AlertingQueries queries, LiveEvents events,
            Supplier<String> metricsText, Supplier<String> state) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "augur-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpApi api = new HttpApi(server, executor, queries, events, metricsText, state, new BearerAuth(token),
                DashboardAssets.load());
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** The bound address (the real port when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                error(ex, 405, "only GET is supported, not " + ex.getRequestMethod());
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/healthz")) {
                ObjectNode o = RecordJson.MAPPER.createObjectNode();
                o.put("state", state.get());
                json(ex, 200, o);
                return;
            }
            if (!path.startsWith("/api/") && !path.equals("/metrics")) {
                DashboardAssets.Asset a = assets.find(path);
                if (a == null) {
                    error(ex, 404, "no such page: " + path);
                } else {
                    ex.getResponseHeaders().set("Cache-Control", a.immutable() ? "max-age=86400" : "no-cache");
                    send(ex, 200, a.contentType(), a.bytes());
                }
                return;
            }
            if (!auth.allows(ex)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"augur\"");
                error(ex, 401, "a bearer token is required: header 'Authorization: Bearer <token>' or query "
                        + "parameter access_token");
                return;
            }
            route(ex, path);
        } catch (BadRequest e) {
            error(ex, 400, e.getMessage());
        } catch (NotFound e) {
            error(ex, 404, e.getMessage());
        } catch (InvalidStateStoreException e) {
            error(ex, 503, "state stores are not queryable yet (Kafka Streams state " + state.get() + "): "
                    + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            error(ex, 500, e.toString());
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        String q = ex.getRequestURI().getRawQuery();
        switch (path) {
            case "/metrics" -> sendText(ex, 200, dev.augur.alerting.metrics.PrometheusText.CONTENT_TYPE,
                    metricsText.get());
            case "/api/series" -> json(ex, 200, series());
            case "/api/observations" -> {
                String s = requiredSeries(q);
                ObjectNode o = RecordJson.MAPPER.createObjectNode();
                o.put("series", s);
                o.set("points", observations(s, limit(q)));
                json(ex, 200, o);
            }
            case "/api/scores" -> {
                String s = requiredSeries(q);
                ObjectNode o = RecordJson.MAPPER.createObjectNode();
                o.put("series", s);
                o.set("scores", RecordJson.MAPPER.valueToTree(queries.scores(s, limit(q))));
                json(ex, 200, o);
            }
            case "/api/forecast" -> {
                String s = requiredSeries(q);
                Forecast f = queries.latestForecast(s);
                if (f == null) {
                    error(ex, 404, "no forecast for series '" + s + "' yet");
                } else {
                    json(ex, 200, RecordJson.forecast(f));
                }
            }
            case "/api/chart" -> json(ex, 200, chart(requiredSeries(q), limit(q)));
            case "/api/alerts" -> {
                String st = queryParameter(q, "state");
                if (st != null && !st.equals("open") && !st.equals("all")) {
                    throw new BadRequest("state must be one of open, all but was '" + st + "'");
                }
                json(ex, 200, alerts(queries.alerts("open".equals(st), queryParameter(q, "series"), limit(q))));
            }
            case "/api/rules" -> json(ex, 200, rules());
            case "/api/events" -> events.serve(ex);
            default -> error(ex, 404, "no such endpoint: " + path);
        }
    }

    private ArrayNode series() {
        ArrayNode out = RecordJson.MAPPER.createArrayNode();
        for (SeriesSummary s : queries.series()) {
            out.add(seriesJson(s.status(), s.severity(), s.openAlerts()));
        }
        return out;
    }

    static ObjectNode seriesJson(SeriesStatus s, Severity severity, int openAlerts) {
        ObjectNode o = RecordJson.MAPPER.createObjectNode();
        o.put("series", s.series);
        o.put("group", s.group);
        putTime(o, "lastObservationTime", s.lastObservationTime);
        putNumber(o, "lastValue", s.lastValue);
        putTime(o, "lastScoreTime", s.lastScoreTime);
        putNumber(o, "lastScore", s.lastScore);
        o.put("warmingUp", s.warmingUp);
        o.put("observations", s.observations);
        o.put("scores", s.scores);
        o.put("forecasts", s.forecasts);
        o.put("severity", severity == null ? null : severity.name());
        o.put("openAlerts", openAlerts);
        return o;
    }

    private ArrayNode observations(String series, int limit) {
        ArrayNode points = RecordJson.MAPPER.createArrayNode();
        queries.observations(series, limit).forEach(p -> points.addArray().add(p.t()).add(p.v()));
        return points;
    }

    private ObjectNode chart(String series, int limit) {
        ObjectNode o = RecordJson.MAPPER.createObjectNode();
        o.put("series", series);
        SeriesStatus status = queries.status(series);
        if (status == null) {
            throw new NotFound("unknown series '" + series + "': no observation, score or forecast seen yet");
        }
        o.set("observations", observations(series, limit));
        o.set("scores", RecordJson.MAPPER.valueToTree(queries.scores(series, limit)));
        o.set("forecastHistory", RecordJson.MAPPER.valueToTree(queries.forecastHistory(series, limit)));
        Forecast f = queries.latestForecast(series);
        if (f == null) {
            o.putNull("forecast");
        } else {
            ObjectNode fo = o.putObject("forecast");
            fo.put("originTime", f.getOriginTime().toEpochMilli());
            fo.set("steps", RecordJson.MAPPER.valueToTree(ForecastPoint.steps(f)));
        }
        o.set("alerts", alerts(queries.alerts(false, series, 200)));
        return o;
    }

    private static ArrayNode alerts(List<Alert> list) {
        ArrayNode out = RecordJson.MAPPER.createArrayNode();
        list.forEach(a -> out.add(RecordJson.alert(a)));
        return out;
    }

    private ArrayNode rules() {
        ArrayNode out = RecordJson.MAPPER.createArrayNode();
        for (RuleStatus rs : queries.ruleStatus()) {
            Rule r = rs.rule();
            ObjectNode o = out.addObject();
            o.put("name", r.name());
            o.put("description", r.description());
            o.put("kind", r.kind().fileName());
            o.put("match", r.match().text());
            ObjectNode th = o.putObject("thresholds");
            r.thresholds().asMap().forEach((s, v) -> th.put(s.name().toLowerCase(java.util.Locale.ROOT), v));
            o.put("k", r.k());
            o.put("n", r.n());
            o.put("minDuration", DurationText.format(r.minDurationMs()));
            o.put("resolveBelow", r.resolveBelow());
            o.put("clearCount", r.clearCount());
            o.put("quietFor", DurationText.format(r.quietForMs()));
            o.put("coolDown", DurationText.format(r.coolDownMs()));
            if (r.capped()) {
                o.put("capMaxAlerts", r.capMaxAlerts());
                o.put("capPer", DurationText.format(r.capPerMs()));
            }
            if (r.minMembers() > 0) {
                o.put("minMembers", r.minMembers());
                o.put("groupWindow", DurationText.format(r.groupWindowMs()));
            }
            o.put("summary", r.summary());
            o.put("subjects", rs.subjects());
            ObjectNode ph = o.putObject("phases");
            rs.phases().forEach((p, c) -> ph.put(p.name().toLowerCase(java.util.Locale.ROOT), c));
        }
        return out;
    }

    private static String requiredSeries(String query) {
        String s = queryParameter(query, "series");
        if (s == null || s.isEmpty()) {
            throw new BadRequest("query parameter 'series' (a series id) is required");
        }
        return s;
    }

    private static int limit(String query) {
        String l = queryParameter(query, "limit");
        if (l == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int v = Integer.parseInt(l);
            if (v >= 1 && v <= MAX_LIMIT) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest("limit must be an integer in [1, " + MAX_LIMIT + "] but was '" + l + "'");
    }

    /** The decoded value of the first {@code name=} parameter of a raw query string, or null. */
    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            if (k.equals(name)) {
                return eq < 0 ? "" : decode(part.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void putTime(ObjectNode o, String field, long t) {
        if (t < 0) {
            o.putNull(field);
        } else {
            o.put(field, t);
        }
    }

    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    private static void json(HttpExchange ex, int code, JsonNode body) throws IOException {
        sendText(ex, code, "application/json; charset=utf-8", RecordJson.text(body));
    }

    private static void error(HttpExchange ex, int code, String message) throws IOException {
        ObjectNode o = RecordJson.MAPPER.createObjectNode();
        o.put("error", message);
        json(ex, code, o);
    }

    static void sendText(HttpExchange ex, int code, String contentType, String body) throws IOException {
        send(ex, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving: ends live event streams, then stops the server. */
    @Override
    public void close() {
        events.close();
        server.stop(0);
        executor.shutdownNow();
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }
}
