package dev.augur.schemas.topics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The topic names of one Augur stack: {@code prefix + topic.suffix()}. Every app takes the same prefix (default
 * {@value #DEFAULT_PREFIX}) so several stacks can share a Kafka cluster. Partition counts may be overridden per stack
 * (for example 1 in tests); retention and cleanup policy come from {@link Topic}.
 */
public final class TopicCatalogue {
    public static final String DEFAULT_PREFIX = "augur.";
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    private final String prefix;
    private final Map<Topic, Integer> partitions;

    private TopicCatalogue(String prefix, Map<Topic, Integer> partitions) {
        this.prefix = prefix;
        this.partitions = partitions;
    }

    /** The catalogue with the default partition counts. */
    public static TopicCatalogue withPrefix(String prefix) {
        return withPrefix(prefix, 0);
    }

    /**
     * @param prefix topic name prefix: only {@code [a-zA-Z0-9._-]}, at most 200 characters
     * @param partitionsOverride when > 0, every topic gets this many partitions; 0 keeps the defaults
     */
    public static TopicCatalogue withPrefix(String prefix, int partitionsOverride) {
        if (prefix == null || prefix.length() > 200 || !LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix must match [a-zA-Z0-9._-]{0,200} but was '" + prefix
                    + "'");
        }
        if (partitionsOverride < 0 || partitionsOverride > 10_000) {
            throw new IllegalArgumentException("partitions override must be in [0, 10000] but was "
                    + partitionsOverride);
        }
        Map<Topic, Integer> p = new EnumMap<>(Topic.class);
        for (Topic t : Topic.values()) {
            p.put(t, partitionsOverride > 0 ? partitionsOverride : t.defaultPartitions());
        }
        return new TopicCatalogue(prefix, Collections.unmodifiableMap(p));
    }

    public String prefix() {
        return prefix;
    }

    public String name(Topic topic) {
        return prefix + topic.suffix();
    }

    public int partitions(Topic topic) {
        return partitions.get(topic);
    }

    /** Topic-level configs to create the topic with ({@code retention.ms}, {@code cleanup.policy}). */
    public Map<String, String> configs(Topic topic) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", topic.cleanupPolicy());
        if ("delete".equals(topic.cleanupPolicy())) {
            c.put("retention.ms", Long.toString(topic.retentionMs()));
        }
        return c;
    }
}
