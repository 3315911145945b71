package dev.augur.operators.config;

import dev.augur.models.star.SpatialWeights;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The validated settings of one Augur job. Built once at start-up by {@link #from}; an invalid value fails there with
 * the key's name, the allowed range and the value found. Immutable and serializable (shipped inside functions).
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double[] REQUIRED_LEVELS = {0.05, 0.1, 0.5, 0.9, 0.95};

    private final String bootstrapServers;
    private final String topicPrefix;
    private final String groupId;
    private final String transactionalIdPrefix;
    private final int horizon;
    private final int arOrder;
    private final double arForgetting;
    private final double[] quantileLevels;
    private final double anomalyIntervalLevel;
    private final Duration checkpointInterval;
    private final Duration outOfOrderness;
    private final Duration idleness;
    private final int parallelism;
    private final String startingOffsets;
    private final Properties kafkaProperties;
    private final Duration stateTtl;
    private final int maxBufferedPerSeries;
    private final int maxImputeGap;
    private final int diagnosticsEvery;
    private final Duration combineDelay;
    private final double calibrationGamma;
    private final double crpsDecay;
    private final int maxPendingTargets;
    private final boolean sourceBounded;
    private final boolean groupEnabled;
    private final Duration groupStep;
    private final Duration groupWait;
    private final int varOrder;
    private final double varForgetting;
    private final int groupMaxMembers;
    private final int groupDiscoveryBuckets;
    private final double groupMinPresent;
    private final java.util.Map<String, List<String>> groups;
    private final boolean groupsConfiguredOnly;
    private final String groupWeights;
    private final int groupSparseAbove;
    private final boolean neuralEnabled;
    private final String neuralModel;
    private final int neuralBatchSize;
    private final Duration neuralFlush;
    private final int neuralCapacity;
    private final Duration neuralTimeout;
    private final int neuralEvery;
    private final int neuralSamples;
    private final boolean neuralCuda;
    private final boolean stateOnHeap;

    private JobConfig(Configuration c, Properties kafka) {
        this.bootstrapServers = c.get(AugurOptions.BOOTSTRAP_SERVERS);
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap-servers is required (host:port[,host:port...]) but was "
                    + "not given");
        }
        this.topicPrefix = c.get(AugurOptions.TOPIC_PREFIX);
        if (!topicPrefix.matches("[a-zA-Z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("topic-prefix must match [a-zA-Z0-9._-]{0,200} but was '"
                    + topicPrefix + "'");
        }
        this.groupId = nonBlank(c, AugurOptions.GROUP_ID);
        this.transactionalIdPrefix = nonBlank(c, AugurOptions.TRANSACTIONAL_ID_PREFIX);
        this.horizon = intIn(c, AugurOptions.HORIZON, 1, 1000);
        this.arOrder = intIn(c, AugurOptions.AR_ORDER, 1, 64);
        this.arForgetting = c.get(AugurOptions.AR_FORGETTING);
        if (!(arForgetting > 0.9 && arForgetting <= 1.0)) {
            throw new IllegalArgumentException(AugurOptions.AR_FORGETTING.key() + " must be in (0.9, 1] but was "
                    + arForgetting);
        }
        this.quantileLevels = levels(c.get(AugurOptions.QUANTILE_LEVELS));
        this.anomalyIntervalLevel = c.get(AugurOptions.ANOMALY_INTERVAL_LEVEL);
        if (!(anomalyIntervalLevel > 0 && anomalyIntervalLevel < 1)) {
            throw new IllegalArgumentException(AugurOptions.ANOMALY_INTERVAL_LEVEL.key()
                    + " must be in (0, 1) but was " + anomalyIntervalLevel);
        }
        this.checkpointInterval = durationIn(c, AugurOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(100),
                Duration.ofHours(1));
        this.outOfOrderness = durationIn(c, AugurOptions.OUT_OF_ORDERNESS, Duration.ZERO, Duration.ofDays(1));
        this.idleness = durationIn(c, AugurOptions.IDLENESS, Duration.ofSeconds(1), Duration.ofDays(1));
        this.parallelism = intIn(c, AugurOptions.PARALLELISM, 1, 1024);
        this.startingOffsets = c.get(AugurOptions.STARTING_OFFSETS);
        if (!List.of("committed-or-earliest", "earliest", "latest").contains(startingOffsets)) {
            throw new IllegalArgumentException(AugurOptions.STARTING_OFFSETS.key()
                    + " must be one of committed-or-earliest, earliest, latest but was '" + startingOffsets + "'");
        }
        this.kafkaProperties = kafka;
        this.stateTtl = durationIn(c, AugurOptions.STATE_TTL, Duration.ofMinutes(1), Duration.ofDays(3650));
        this.maxBufferedPerSeries = intIn(c, AugurOptions.MAX_BUFFERED, 1, 1_000_000);
        this.maxImputeGap = intIn(c, AugurOptions.MAX_IMPUTE_GAP, 0, 100_000);
        this.diagnosticsEvery = intIn(c, AugurOptions.DIAGNOSTICS_EVERY, 0, 1_000_000_000);
        this.combineDelay = durationIn(c, AugurOptions.COMBINE_DELAY, Duration.ZERO, Duration.ofDays(1));
        this.calibrationGamma = doubleIn(c, AugurOptions.CALIBRATION_GAMMA, 0, false, 1.0);
        this.crpsDecay = doubleIn(c, AugurOptions.CRPS_DECAY, 0, false, 1.0);
        this.maxPendingTargets = intIn(c, AugurOptions.MAX_PENDING_TARGETS, horizon, 1_000_000);
        this.sourceBounded = c.get(AugurOptions.SOURCE_BOUNDED);
        this.stateOnHeap = c.get(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND).trim()
                .equalsIgnoreCase("hashmap");
        this.groupEnabled = c.get(AugurOptions.GROUP_ENABLED);
        this.groupStep = durationIn(c, AugurOptions.GROUP_STEP, Duration.ofMillis(1), Duration.ofDays(1));
        this.groupWait = durationIn(c, AugurOptions.GROUP_WAIT, Duration.ZERO, Duration.ofHours(1));
        this.varOrder = intIn(c, AugurOptions.VAR_ORDER, 1, 32);
        this.varForgetting = doubleIn(c, AugurOptions.VAR_FORGETTING, 0.9, false, 1.0);
        this.groupMaxMembers = intIn(c, AugurOptions.GROUP_MAX_MEMBERS, 2, 64);
        this.groupDiscoveryBuckets = intIn(c, AugurOptions.GROUP_DISCOVERY_BUCKETS, 1, 1000);
        this.groupMinPresent = doubleIn(c, AugurOptions.GROUP_MIN_PRESENT, 0, false, 1.0);
        this.groups = parseGroups(c.get(AugurOptions.GROUPS), groupMaxMembers);
        this.groupsConfiguredOnly = c.get(AugurOptions.GROUPS_CONFIGURED_ONLY);
        this.groupWeights = c.get(AugurOptions.GROUP_WEIGHTS);
        parseWeights(groupWeights, groups); // fails here, at start-up, on a bad spec
        this.groupSparseAbove = intIn(c, AugurOptions.GROUP_SPARSE_ABOVE, 2, 64);
        this.neuralEnabled = c.get(AugurOptions.NEURAL_ENABLED);
        this.neuralModel = nonBlank(c, AugurOptions.NEURAL_MODEL);
        this.neuralBatchSize = intIn(c, AugurOptions.NEURAL_BATCH_SIZE, 1, 4096);
        this.neuralFlush = durationIn(c, AugurOptions.NEURAL_FLUSH, Duration.ofMillis(1), Duration.ofSeconds(10));
        this.neuralCapacity = intIn(c, AugurOptions.NEURAL_CAPACITY, 1, 100_000);
        this.neuralTimeout = durationIn(c, AugurOptions.NEURAL_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1));
        this.neuralEvery = intIn(c, AugurOptions.NEURAL_EVERY, 1, 10_000);
        this.neuralSamples = intIn(c, AugurOptions.NEURAL_SAMPLES, 2, 10_000);
        this.neuralCuda = c.get(AugurOptions.NEURAL_CUDA);
    }

    /**
     * Splits a per-group spec 'g1=...;g2=...' into group -> body, in order.
     *
     * @throws IllegalArgumentException naming {@code key} for a part without '=' or a group given twice
     */
    private static java.util.Map<String, String> perGroup(String spec, String key, String example) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(key + " must look like '" + example + "' but found '" + part + "'");
            }
            String g = part.substring(0, eq).trim();
            if (out.put(g, part.substring(eq + 1)) != null) {
                throw new IllegalArgumentException(key + ": group '" + g + "' is given twice");
            }
        }
        return out;
    }

    /** Parses 'g1=a,b,c;g2=d,e' into group -> members (sorted, distinct). */
    static java.util.Map<String, List<String>> parseGroups(String spec, int maxMembers) {
        String key = AugurOptions.GROUPS.key();
        java.util.Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : perGroup(spec, key, "g1=a,b,c;g2=d,e").entrySet()) {
            String g = e.getKey();
            java.util.TreeSet<String> members = new java.util.TreeSet<>();
            for (String m : e.getValue().split(",")) {
                if (!m.isBlank()) {
                    members.add(m.trim());
                }
            }
            if (members.size() < 2 || members.size() > maxMembers) {
                throw new IllegalArgumentException(key + ": group '" + g + "' must have 2 to " + maxMembers
                        + " members (group.max-members) but has " + members.size());
            }
            out.put(g, List.copyOf(members));
        }
        return out;
    }

    /**
     * Parses {@code group.weights} ('g1=a~b,b~c;g2=p@0:0,q@3:4') into spatial weights by group, sites in the order of
     * the group's sorted members.
     *
     * @throws IllegalArgumentException naming the key, the group and what was expected
     */
    public static java.util.Map<String, SpatialWeights> parseWeights(String spec,
            java.util.Map<String, List<String>> groups) {
        String key = AugurOptions.GROUP_WEIGHTS.key();
        java.util.Map<String, SpatialWeights> out = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : perGroup(spec, key, "g1=a~b,b~c;g2=p@0:0,q@3:4").entrySet()) {
            String g = e.getKey();
            List<String> members = groups.get(g);
            if (members == null) {
                throw new IllegalArgumentException(key + ": group '" + g + "' must be listed in "
                        + AugurOptions.GROUPS.key() + " (its members fix the order of the sites) but is not");
            }
            String body = e.getValue();
            String[] tokens = body.split(",");
            try {
                out.put(g, body.contains("@") ? coordinates(g, tokens, members) : edges(g, tokens, members));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(key + ": " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    private static SpatialWeights edges(String g, String[] tokens, List<String> members) {
        List<java.util.TreeSet<Integer>> nb = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            nb.add(new java.util.TreeSet<>());
        }
        for (String t : tokens) {
            String[] ends = t.trim().split("~");
            if (ends.length != 2) {
                throw new IllegalArgumentException("group '" + g + "': expected an edge 'a~b' but found '" + t + "'");
            }
            int a = site(g, ends[0].trim(), members);
            int b = site(g, ends[1].trim(), members);
            if (a == b) {
                throw new IllegalArgumentException("group '" + g + "': expected an edge between two members but "
                        + "found '" + t + "'");
            }
            nb.get(a).add(b);
            nb.get(b).add(a);
        }
        int[][] adj = new int[members.size()][];
        for (int i = 0; i < adj.length; i++) {
            if (nb.get(i).isEmpty()) {
                throw new IllegalArgumentException("group '" + g + "': expected every member to have a neighbour but "
                        + "'" + members.get(i) + "' has none");
            }
            adj[i] = nb.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return SpatialWeights.fromAdjacency(adj);
    }

    private static SpatialWeights coordinates(String g, String[] tokens, List<String> members) {
        double[][] xy = new double[members.size()][];
        for (String t : tokens) {
            int at = t.indexOf('@');
            if (at <= 0) {
                throw new IllegalArgumentException("group '" + g + "': expected 'name@x:y' but found '" + t + "'");
            }
            int i = site(g, t.substring(0, at).trim(), members);
            String[] c = t.substring(at + 1).trim().split(":");
            if (c.length < 1 || c.length > 3) {
                throw new IllegalArgumentException("group '" + g + "': expected 1 to 3 coordinates in '" + t
                        + "' but found " + c.length);
            }
            xy[i] = new double[c.length];
            for (int d = 0; d < c.length; d++) {
                try {
                    xy[i][d] = Double.parseDouble(c[d]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("group '" + g + "': expected a number but found '" + c[d]
                            + "' in '" + t + "'");
                }
            }
        }
        for (int i = 0; i < xy.length; i++) {
            if (xy[i] == null) {
                throw new IllegalArgumentException("group '" + g + "': expected coordinates for every member but '"
                        + members.get(i) + "' has none");
            }
        }
        return SpatialWeights.inverseDistance(xy, 1.0, Double.POSITIVE_INFINITY);
    }

    private static int site(String g, String name, List<String> members) {
        int i = members.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("group '" + g + "': expected one of its members " + members
                    + " but found '" + name + "'");
        }
        return i;
    }

    /** A double in (lo, hi] (or [lo, hi] when loInclusive). */
    private static double doubleIn(Configuration c, ConfigOption<Double> o, double lo, boolean loInclusive,
            double hi) {
        double v = c.get(o);
        boolean ok = (loInclusive ? v >= lo : v > lo) && v <= hi;
        if (!ok) {
            throw new IllegalArgumentException(o.key() + " must be in " + (loInclusive ? "[" : "(") + lo + ", " + hi
                    + "] but was " + v);
        }
        return v;
    }

    /**
     * Validates {@code conf}. Keys starting with {@code kafka.} are passed to every Kafka client with the prefix
     * removed (security settings such as {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config}).
     */
    public static JobConfig from(Configuration conf) {
        Properties kafka = new Properties();
        for (Map.Entry<String, String> e : conf.toMap().entrySet()) {
            if (e.getKey().startsWith("kafka.")) {
                kafka.setProperty(e.getKey().substring("kafka.".length()), e.getValue());
            }
        }
        return new JobConfig(conf, kafka);
    }

    /** Parses {@code --key value} pairs into a Flink configuration (no validation yet). */
    public static Configuration parseArgs(String[] args) {
        Configuration c = new Configuration();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected arguments as --key value pairs but found '" + a
                        + "' at position " + i);
            }
            c.setString(a.substring(2), args[++i]);
        }
        return c;
    }

    private static String nonBlank(Configuration c, ConfigOption<String> o) {
        String v = c.get(o);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(o.key() + " must be a non-empty string but was '" + v + "'");
        }
        return v;
    }

    private static int intIn(Configuration c, ConfigOption<Integer> o, int lo, int hi) {
        int v;
        try {
            v = c.get(o);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(o.key() + " must be an integer in [" + lo + ", " + hi + "]: "
                    + e.getMessage(), e);
        }
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(o.key() + " must be in [" + lo + ", " + hi + "] but was " + v);
        }
        return v;
    }

    private static Duration durationIn(Configuration c, ConfigOption<Duration> o, Duration lo, Duration hi) {
        Duration v = c.get(o);
        if (v.compareTo(lo) < 0 || v.compareTo(hi) > 0) {
            throw new IllegalArgumentException(o.key() + " must be in [" + lo + ", " + hi + "] but was " + v);
        }
        return v;
    }

    private static double[] levels(List<Double> in) {
        String key = AugurOptions.QUANTILE_LEVELS.key();
        if (in.isEmpty() || in.size() > 99) {
            throw new IllegalArgumentException(key + " must hold 1 to 99 levels but held " + in.size());
        }
        double[] out = new double[in.size()];
        for (int i = 0; i < out.length; i++) {
            double v = in.get(i);
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException(key + " values must be in (0, 1) but found " + v);
            }
            if (i > 0 && !(v > out[i - 1])) {
                throw new IllegalArgumentException(key + " must be strictly ascending but found " + out[i - 1]
                        + " then " + v);
            }
            out[i] = v;
        }
        List<Double> missing = new ArrayList<>();
        for (double r : REQUIRED_LEVELS) {
            boolean found = false;
            for (double v : out) {
                found |= Math.abs(v - r) < 1e-12;
            }
            if (!found) {
                missing.add(r);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(key + " must include 0.05, 0.1, 0.5, 0.9 and 0.95 but lacks "
                    + missing);
        }
        return out;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    public String groupId() {
        return groupId;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public int horizon() {
        return horizon;
    }

    public int arOrder() {
        return arOrder;
    }

    public double arForgetting() {
        return arForgetting;
    }

    public double[] quantileLevels() {
        return quantileLevels.clone();
    }

    public double anomalyIntervalLevel() {
        return anomalyIntervalLevel;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public Duration outOfOrderness() {
        return outOfOrderness;
    }

    public Duration idleness() {
        return idleness;
    }

    public int parallelism() {
        return parallelism;
    }

    public String startingOffsets() {
        return startingOffsets;
    }

    public Duration stateTtl() {
        return stateTtl;
    }

    public int maxBufferedPerSeries() {
        return maxBufferedPerSeries;
    }

    public int maxImputeGap() {
        return maxImputeGap;
    }

    public int diagnosticsEvery() {
        return diagnosticsEvery;
    }

    /** The configured {@code combine.delay}, before the group wait is added (see {@link #combineDelay()}). */
    public Duration combineDelayConfigured() {
        return combineDelay;
    }

    /**
     * Event time the combine stage waits after t: the configured delay, and with groups at least one bucket plus the
     * group wait, so VAR candidates of origin t are in before the ensemble of origin t is made.
     */
    public Duration combineDelay() {
        if (!groupEnabled) {
            return combineDelay;
        }
        Duration g = groupStep.plus(groupWait);
        return combineDelay.compareTo(g) >= 0 ? combineDelay : g;
    }

    public double calibrationGamma() {
        return calibrationGamma;
    }

    public double crpsDecay() {
        return crpsDecay;
    }

    public int maxPendingTargets() {
        return maxPendingTargets;
    }

    /**
     * True when Flink's {@code state.backend.type} is {@code hashmap} (the default): keyed state lives on the heap as
     * objects, so reading a large state costs nothing; false for RocksDB or any other backend that serialises each
     * access.
     */
    public boolean stateOnHeap() {
        return stateOnHeap;
    }

    public boolean groupEnabled() {
        return groupEnabled;
    }

    public Duration groupStep() {
        return groupStep;
    }

    public Duration groupWait() {
        return groupWait;
    }

    public int varOrder() {
        return varOrder;
    }

    public double varForgetting() {
        return varForgetting;
    }

    public int groupMaxMembers() {
        return groupMaxMembers;
    }

    public int groupDiscoveryBuckets() {
        return groupDiscoveryBuckets;
    }

    public double groupMinPresent() {
        return groupMinPresent;
    }

    /** Configured group members (sorted), by group. */
    public java.util.Map<String, List<String>> groups() {
        return groups;
    }

    public boolean groupsConfiguredOnly() {
        return groupsConfiguredOnly;
    }

    public boolean sourceBounded() {
        return sourceBounded;
    }

    /** Extra Kafka client settings (security and tuning), a copy. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(kafkaProperties);
        return p;
    }

    /** Spatial weights by group (a new parse of the validated {@code group.weights}). */
    public java.util.Map<String, SpatialWeights> groupWeights() {
        return parseWeights(groupWeights, groups);
    }

    /** The raw {@code group.weights} spec (validated). */
    public String groupWeightsSpec() {
        return groupWeights;
    }

    public int groupSparseAbove() {
        return groupSparseAbove;
    }

    public boolean neuralEnabled() {
        return neuralEnabled;
    }

    /** Model file path, or {@code bundled}. */
    public String neuralModel() {
        return neuralModel;
    }

    public int neuralBatchSize() {
        return neuralBatchSize;
    }

    public Duration neuralFlush() {
        return neuralFlush;
    }

    public int neuralCapacity() {
        return neuralCapacity;
    }

    public Duration neuralTimeout() {
        return neuralTimeout;
    }

    public int neuralEvery() {
        return neuralEvery;
    }

    public int neuralSamples() {
        return neuralSamples;
    }

    public boolean neuralCuda() {
        return neuralCuda;
    }
}
