package dev.augur.alerting.metrics;

import dev.augur.alerting.rules.Evaluation;
import dev.augur.schemas.records.AlertState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Writes metrics in the Prometheus text exposition format (version 0.0.4): every numeric Kafka metric of the Streams
 * client (its threads, tasks, stores and embedded clients) as a gauge named
 * {@code kafka_<group>_<name>} with the metric's tags as labels, then the app's own {@link AlertingMetrics} as
 * {@code augur_alerting_*} counters and gauges.
 */
public final class PrometheusText {
    /** Content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    /**
     * @param kafka the Streams client's metrics ({@code KafkaStreams.metrics()}); non-numeric ones are skipped
     */
    public static String write(Map<MetricName, ? extends Metric> kafka, AlertingMetrics app) {
        StringBuilder sb = new StringBuilder(16_384);
        Map<String, List<String>> families = new TreeMap<>();
        Map<String, String> help = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : kafka.entrySet()) {
            Object v = e.getValue().metricValue();
            if (!(v instanceof Number)) {
                continue;
            }
            MetricName n = e.getKey();
            String name = "kafka_" + sanitize(n.group()) + "_" + sanitize(n.name());
            families.computeIfAbsent(name, x -> new ArrayList<>())
                    .add(name + labels(new TreeMap<>(n.tags())) + " " + number(((Number) v).doubleValue()));
            help.putIfAbsent(name, n.description());
        }
        for (Map.Entry<String, List<String>> f : families.entrySet()) {
            String h = help.get(f.getKey());
            if (h != null && !h.isBlank()) {
                sb.append("# HELP ").append(f.getKey()).append(' ').append(escapeHelp(h)).append('\n');
            }
            sb.append("# TYPE ").append(f.getKey()).append(" gauge\n");
            f.getValue().stream().sorted().forEach(line -> sb.append(line).append('\n'));
        }

        family(sb, "augur_alerting_alerts_emitted_total", "counter", "Alert events emitted by the rules, by state.");
        for (AlertState s : AlertState.values()) {
            sample(sb, "augur_alerting_alerts_emitted_total", Map.of("state", s.name()), app.alertsEmitted(s));
        }
        family(sb, "augur_alerting_rule_evaluations_total", "counter",
                "Scores taken by rules, by outcome (duplicate: not newer than the last; suppressed_*: an alert "
                        + "kept from opening, once per episode).");
        for (Evaluation.Outcome o : Evaluation.Outcome.values()) {
            sample(sb, "augur_alerting_rule_evaluations_total", Map.of("outcome", o.name().toLowerCase(Locale.ROOT)),
                    app.ruleEvaluations(o));
        }
        family(sb, "augur_alerting_scores_total", "counter", "Anomaly scores read, by whether the model was "
                + "warming up (those are ignored by the rules).");
        sample(sb, "augur_alerting_scores_total", Map.of("warming_up", "false"), app.scoresTaken());
        sample(sb, "augur_alerting_scores_total", Map.of("warming_up", "true"), app.scoresWarmingUp());
        counter(sb, "augur_alerting_alerts_seen_total", "Committed alert events read back by the alert view.",
                app.alertsSeen());
        counter(sb, "augur_alerting_webhook_sent_total", "Webhook deliveries that got a 2xx answer.",
                app.webhookSent());
        counter(sb, "augur_alerting_webhook_retries_total", "Webhook attempts repeated after a failure.",
                app.webhookRetries());
        counter(sb, "augur_alerting_webhook_failures_total", "Webhook deliveries that failed after every retry.",
                app.webhookFailures());
        counter(sb, "augur_alerting_webhook_dropped_total", "Webhook deliveries dropped because the queue was full.",
                app.webhookDropped());
        family(sb, "augur_alerting_webhook_queued", "gauge", "Webhook deliveries waiting in the queue.");
        sample(sb, "augur_alerting_webhook_queued", Map.of(), app.webhookQueued());
        counter(sb, "augur_alerting_live_events_dropped_total", "Live events not sent to lagging dashboard clients.",
                app.eventsDropped());
        family(sb, "augur_alerting_live_clients", "gauge", "Connected dashboard event streams.");
        sample(sb, "augur_alerting_live_clients", Map.of(), app.eventClients());
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        family(sb, name, "counter", help);
        sample(sb, name, Map.of(), value);
    }

    private static void family(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, Map<String, String> labels, double value) {
        sb.append(name).append(labels(new TreeMap<>(labels))).append(' ').append(number(value)).append('\n');
    }

    /** Metric and label names: {@code [a-zA-Z_][a-zA-Z0-9_]*}; anything else becomes {@code _}, a leading digit gets one. */
    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 1);
        if (s.isEmpty() || (s.charAt(0) >= '0' && s.charAt(0) <= '9')) {
            sb.append('_');
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    private static String labels(TreeMap<String, String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(sanitize(t.getKey())).append("=\"").append(escapeLabel(t.getValue())).append('"');
        }
        return sb.append('}').toString();
    }

    private static String escapeLabel(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
