package dev.augur.deploy.cluster;

import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The committed output of one job run, read with {@code read_committed}: per topic (forecasts, anomalies) and key, the
 * record values in offset order. Reads incrementally; {@link #awaitComplete} polls until the run has emitted what
 * its input implies, then a little longer to catch anything extra.
 */
public final class CommittedOutput implements AutoCloseable {
    static final List<Topic> TOPICS = List.of(Topic.FORECASTS, Topic.ANOMALIES);

    private final TopicCatalogue topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** topic suffix -> key -> base64 values in offset order. */
    private final Map<String, Map<String, List<String>>> records = new TreeMap<>();

    public CommittedOutput(String bootstrap, TopicCatalogue topics, int partitions) {
        this.topics = topics;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(c);
        List<TopicPartition> parts = new ArrayList<>();
        for (Topic t : TOPICS) {
            for (int p = 0; p < partitions; p++) {
                parts.add(new TopicPartition(topics.name(t), p));
            }
            records.put(t.suffix(), new TreeMap<>());
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Reads whatever is committed now. */
    public void poll(Duration d) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(d)) {
            String topic = r.topic().substring(topics.prefix().length());
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            records.get(topic).computeIfAbsent(key, k -> new ArrayList<>())
                    .add(Base64.getEncoder().encodeToString(r.value()));
        }
    }

    /** Records of {@code topic} whose key starts with {@code keyPrefix}. */
    public int count(Topic topic, String keyPrefix) {
        return records.get(topic.suffix()).entrySet().stream().filter(e -> e.getKey().startsWith(keyPrefix))
                .mapToInt(e -> e.getValue().size()).sum();
    }

    public int total(Topic topic) {
        return count(topic, "");
    }

    public Map<String, Map<String, List<String>>> records() {
        return records;
    }

    /**
     * Polls until {@code steps} steps of {@code series} series are out (one ensemble forecast per series per origin
     * after the first, one anomaly score per observation), then for {@code settle} more to catch duplicates.
     *
     * @param check called while waiting; throws to give up early (a dead process)
     */
    public void awaitComplete(int series, int steps, Duration timeout, Duration settle, Runnable check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Supplier<Boolean> done = () -> count(Topic.FORECASTS, "s") >= series * (steps - 1)
                && count(Topic.ANOMALIES, "s") >= series * steps;
        while (!done.get() && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(500));
            check.run();
        }
        if (!done.get()) {
            throw new IllegalStateException("expected " + series * (steps - 1) + " forecasts and " + series * steps
                    + " anomaly scores of series s* on " + topics.prefix() + "* within " + timeout + " but found "
                    + count(Topic.FORECASTS, "s") + " and " + count(Topic.ANOMALIES, "s"));
        }
        long until = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < until) {
            poll(Duration.ofMillis(300));
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /**
     * Record-for-record comparison of a run against a reference run.
     *
     * @param lost reference records the run lacks (as a multiset, per key)
     * @param duplicated records the run holds more often than the reference
     * @param outOfOrder keys whose records are the same multiset but in another order
     * @param compared reference records compared
     */
    public record Comparison(int compared, int lost, int duplicated, int outOfOrder, List<String> examples) {
        public boolean identical() {
            return lost == 0 && duplicated == 0 && outOfOrder == 0;
        }

        /** Adds this comparison and the run's counts to a JSON summary. */
        public void putInto(com.fasterxml.jackson.databind.node.ObjectNode o, int steps, int forecasts, int scores) {
            o.put("steps", steps);
            o.put("forecasts", forecasts);
            o.put("anomaly_scores", scores);
            o.put("reference_records", compared);
            o.put("lost", lost);
            o.put("duplicated", duplicated);
            o.put("keys_out_of_order", outOfOrder);
            o.put("identical", identical());
        }
    }

    public static Comparison compare(CommittedOutput reference, CommittedOutput run) {
        int compared = 0;
        int lost = 0;
        int extra = 0;
        int order = 0;
        List<String> examples = new ArrayList<>();
        for (Topic t : TOPICS) {
            Map<String, List<String>> a = reference.records.get(t.suffix());
            Map<String, List<String>> b = run.records.get(t.suffix());
            java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String k : keys) {
                List<String> x = a.getOrDefault(k, List.of());
                List<String> y = b.getOrDefault(k, List.of());
                compared += x.size();
                Map<String, Integer> bag = new HashMap<>();
                x.forEach(v -> bag.merge(v, 1, Integer::sum));
                y.forEach(v -> bag.merge(v, -1, Integer::sum));
                int l = bag.values().stream().filter(n -> n > 0).mapToInt(Integer::intValue).sum();
                int d = -bag.values().stream().filter(n -> n < 0).mapToInt(Integer::intValue).sum();
                lost += l;
                extra += d;
                if (l == 0 && d == 0 && !x.equals(y)) {
                    order++;
                }
                if ((l > 0 || d > 0 || !x.equals(y)) && examples.size() < 5) {
                    examples.add(t.suffix() + "/" + k + ": reference " + x.size() + " records, run " + y.size()
                            + " (" + l + " lost, " + d + " extra)");
                }
            }
        }
        return new Comparison(compared, lost, extra, order, examples);
    }
}
