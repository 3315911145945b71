package dev.augur.schemas.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Writes Kafka metrics in the Prometheus text exposition format, version 0.0.4: every numeric metric (of a Kafka
 * Streams client: its threads, tasks, stores, embedded clients and the app's own sensors) as a gauge named
 * {@code kafka_<group>_<name>} with the metric's tags as labels and its description as HELP. Families are sorted by
 * name and samples within a family by their labels, so the same metrics always give the same text.
 *
 * <p>The building blocks ({@link #family}, {@link #sample}, {@link #sanitize}, {@link #number}) are public so an app
 * can append its own metrics in the same format after the Kafka ones.
 *
 * @see <a href="https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format">Prometheus text
 *     format</a>
 */
public final class KafkaMetricsText {
    /** Content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private KafkaMetricsText() {
    }

    /**
     * @param metrics for example {@code KafkaStreams.metrics()}; non-numeric ones (versions, ids) are skipped
     * @return the metrics as Prometheus text, one family after another
     */
    public static String write(Map<MetricName, ? extends Metric> metrics) {
        StringBuilder sb = new StringBuilder(16_384);
        write(sb, metrics);
        return sb.toString();
    }

    /** Appends {@link #write(Map)}'s text to {@code sb}. */
    public static void write(StringBuilder sb, Map<MetricName, ? extends Metric> metrics) {
        Map<String, List<String>> families = new TreeMap<>();
        Map<String, String> help = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            Object v = e.getValue().metricValue();
            if (!(v instanceof Number)) {
                continue;
            }
            MetricName n = e.getKey();
            String name = "kafka_" + sanitize(n.group()) + "_" + sanitize(n.name());
            families.computeIfAbsent(name, x -> new ArrayList<>())
                    .add(name + labels(n.tags()) + " " + number(((Number) v).doubleValue()));
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
    }

    /**
     * Appends the HELP and TYPE lines of a family.
     *
     * @param name a valid metric name (see {@link #sanitize})
     * @param type {@code counter}, {@code gauge}, {@code untyped}, ...
     */
    public static void family(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Appends one sample line; label names are sanitised and values escaped. */
    public static void sample(StringBuilder sb, String name, Map<String, String> labels, double value) {
        sb.append(name).append(labels(labels)).append(' ').append(number(value)).append('\n');
    }

    /** Metric and label names: {@code [a-zA-Z_][a-zA-Z0-9_]*}; anything else becomes {@code _}, a leading digit gets one. */
    public static String sanitize(String s) {
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

    /**
     * A sample value: {@code NaN}, {@code +Inf}, {@code -Inf}, an integer without a fraction when the value is one
     * (below 1e15 in magnitude), otherwise {@link Double#toString}.
     */
    public static String number(double v) {
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

    private static String labels(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> t : new TreeMap<>(tags).entrySet()) {
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
}
