package dev.augur.schemas.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class KafkaMetricsTextTest {

    static Metric metric(MetricName name, Object value) {
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
        String out = KafkaMetricsText.write(m);
        assertTrue(out.contains("# HELP kafka_stream_thread_metrics_process_rate records per second\n"), out);
        assertTrue(out.contains("# TYPE kafka_stream_thread_metrics_process_rate gauge\n"), out);
        assertTrue(out.contains("kafka_stream_thread_metrics_process_rate{thread_id=\"app-\\\"1\\\"\"} 12.5\n"), out);
        assertTrue(out.contains("kafka_stream_thread_metrics_process_total{thread_id=\"t1\"} 300\n"), out);
        assertTrue(out.contains("kafka_stream_thread_metrics_commit_latency_avg{thread_id=\"t1\"} NaN\n"), out);
        assertFalse(out.contains("# HELP kafka_stream_thread_metrics_process_total"), "blank descriptions get no HELP");
        assertFalse(out.contains("app_info"), "non-numeric metrics are skipped");
        assertSampleLinesOnly(out);
    }

    @Test
    void familiesAndSamplesAreSortedWhateverTheMapOrder() {
        MetricName b = new MetricName("b-total", "g", "", Map.of("thread-id", "t2", "task-id", "0_1"));
        MetricName a = new MetricName("b-total", "g", "", Map.of("thread-id", "t1", "task-id", "0_0"));
        MetricName first = new MetricName("a-total", "g", "", Map.of());
        Map<MetricName, Metric> m = new LinkedHashMap<>();
        m.put(b, metric(b, 2));
        m.put(a, metric(a, 1L));
        m.put(first, metric(first, 0));
        assertEquals("""
                # TYPE kafka_g_a_total gauge
                kafka_g_a_total 0
                # TYPE kafka_g_b_total gauge
                kafka_g_b_total{task_id="0_0",thread_id="t1"} 1
                kafka_g_b_total{task_id="0_1",thread_id="t2"} 2
                """, KafkaMetricsText.write(m));
    }

    @Test
    void appMetricsAppendInTheSameFormat() {
        StringBuilder sb = new StringBuilder();
        KafkaMetricsText.family(sb, "augur_x_total", "counter", "Things\ncounted \\ here.");
        KafkaMetricsText.sample(sb, "augur_x_total", Map.of("reason", "a\"b", "kind-of", "k"), 3);
        assertEquals("""
                # HELP augur_x_total Things\\ncounted \\\\ here.
                # TYPE augur_x_total counter
                augur_x_total{kind_of="k",reason="a\\"b"} 3
                """, sb.toString());
    }

    @Test
    void namesAreSanitisedAndNumbersFormatted() {
        assertEquals("stream_task_metrics", KafkaMetricsText.sanitize("stream-task-metrics"));
        assertEquals("_9lives", KafkaMetricsText.sanitize("9lives"));
        assertEquals("_", KafkaMetricsText.sanitize(""));
        assertEquals("+Inf", KafkaMetricsText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", KafkaMetricsText.number(Double.NEGATIVE_INFINITY));
        assertEquals("0.25", KafkaMetricsText.number(0.25));
        assertEquals("-7", KafkaMetricsText.number(-7.0));
        assertEquals("1.0E15", KafkaMetricsText.number(1e15));
    }

    private static void assertSampleLinesOnly(String out) {
        for (String line : out.split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? \\S+"),
                    "not a sample line: " + line);
        }
    }
}
