package dev.augur.alerting.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.alerting.rules.Evaluation;
import dev.augur.schemas.records.AlertState;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** The Kafka part's format is tested in {@code KafkaMetricsTextTest} (schemas); this checks the app's own part. */
class PrometheusTextTest {

    @Test
    void kafkaMetricsComeFirstThenTheAppsOwn() {
        MetricName total = new MetricName("process-total", "stream-thread-metrics", "", Map.of("thread-id", "t1"));
        Metric m = new Metric() {
            @Override
            public MetricName metricName() {
                return total;
            }

            @Override
            public Object metricValue() {
                return 300.0;
            }
        };
        AlertingMetrics app = new AlertingMetrics();
        app.countWebhookFailure();
        app.countAlertEmitted(AlertState.OPEN);
        app.countRuleEvaluation(Evaluation.Outcome.values()[0]);
        app.webhookQueue(() -> 4);
        String out = PrometheusText.write(Map.of(total, m), app);
        int kafka = out.indexOf("kafka_stream_thread_metrics_process_total{thread_id=\"t1\"} 300\n");
        int own = out.indexOf("# TYPE augur_alerting_alerts_emitted_total counter\n");
        assertTrue(kafka >= 0 && own > kafka, out);
        assertTrue(out.contains("augur_alerting_alerts_emitted_total{state=\"OPEN\"} 1\n"), out);
        assertTrue(out.contains("augur_alerting_rule_evaluations_total{outcome=\""
                + Evaluation.Outcome.values()[0].name().toLowerCase(Locale.ROOT) + "\"} 1\n"), out);
        assertTrue(out.contains("augur_alerting_webhook_failures_total 1\n"), out);
        assertTrue(out.contains("augur_alerting_webhook_queued 4\n"), out);
        assertTrue(out.contains("augur_alerting_live_clients 0\n"), out);
        for (String line : out.split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? \\S+"),
                    "not a sample line: " + line);
        }
    }
}
