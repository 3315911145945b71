package dev.augur.alerting.metrics;

import static dev.augur.schemas.metrics.KafkaMetricsText.family;
import static dev.augur.schemas.metrics.KafkaMetricsText.sample;

import dev.augur.alerting.rules.Evaluation;
import dev.augur.schemas.metrics.KafkaMetricsText;
import dev.augur.schemas.records.AlertState;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Writes the alerting app's metrics in the Prometheus text exposition format (version 0.0.4): the Streams client's
 * metrics as {@link KafkaMetricsText} writes them ({@code kafka_<group>_<name>} gauges), then the app's own
 * {@link AlertingMetrics} as {@code augur_alerting_*} counters and gauges.
 */
public final class PrometheusText {
    /** Content type of the format. */
    public static final String CONTENT_TYPE = KafkaMetricsText.CONTENT_TYPE;

    private PrometheusText() {
    }

    /**
     * @param kafka the Streams client's metrics ({@code KafkaStreams.metrics()}); non-numeric ones are skipped
     */
    public static String write(Map<MetricName, ? extends Metric> kafka, AlertingMetrics app) {
        StringBuilder sb = new StringBuilder(16_384);
        KafkaMetricsText.write(sb, kafka);
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
}
