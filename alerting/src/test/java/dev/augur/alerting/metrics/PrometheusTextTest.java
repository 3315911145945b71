package dev.augur.alerting.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static Metric metric(MetricName name, Object value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }

    @Test
    void kafkaMetricsBecomeGaugesWithTheirTagsAsLabels() {
        Map<MetricName, Metric> m = new LinkedHashMap<>();
        MetricName rate = new MetricName("process-rate", "stream-thread-metrics", "records per second",
                Map.of("thread-id", "app-\"1\""));
        MetricName total = new MetricName("process-total", "stream-thread-metrics", "", Map.of("thread-id", "t1"));
        MetricName text = new MetricName("version", "app-info", "", Map.of());
        MetricName nan = new MetricName("commit-latency-avg", "stream-thread-metrics", "", Map.of("thread-id", "t1"));
        m.put(rate, metric(rate, 12.5));
        m.put(total, metric(total, 300.0));
        m.put(text, metric(text, "4.2.0"));
        m.put(nan, metric(nan, Double.NaN));
        AlertingMetrics app = new AlertingMetrics();
        app.countWebhookFailure();
        String out = PrometheusText.write(m, app);
        assertTrue(out.contains("# HELP kafka_stream_thread_metrics_process_rate records per second\n"), out);
        assertTrue(out.contains("# TYPE kafka_stream_thread_metrics_process_rate gauge\n"), out);
        assertTrue(out.contains("kafka_stream_thread_metrics_process_rate{thread_id=\"app-\\\"1\\\"\"} 12.5\n"), out);
        assertTrue(out.contains("kafka_stream_thread_metrics_process_total{thread_id=\"t1\"} 300\n"), out);
        assertTrue(out.contains("kafka_stream_thread_metrics_commit_latency_avg{thread_id=\"t1\"} NaN\n"), out);
        assertTrue(!out.contains("app_info"), "non-numeric metrics are skipped");
        assertTrue(out.contains("augur_alerting_webhook_failures_total 1\n"), out);
        for (String line : out.split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? \\S+"),
                    "not a sample line: " + line);
        }
    }

    @Test
    void namesAreSanitised() {
        assertEquals("stream_task_metrics", PrometheusText.sanitize("stream-task-metrics"));
        assertEquals("_9lives", PrometheusText.sanitize("9lives"));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("0.25", PrometheusText.number(0.25));
    }
}
