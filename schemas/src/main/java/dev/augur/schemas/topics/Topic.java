package dev.augur.schemas.topics;

import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;

/**
 * Every topic Augur reads or writes, with its contract. Names are {@code prefix + suffix}; see
 * {@link TopicCatalogue}. Keys are UTF-8 strings; values are Avro single-object encoded, except {@link #RAW}, whose
 * values are the producers' bytes (JSON lines) as received.
 */
public enum Topic {
    RAW("raw", "producer key or none", null, 6, days(7), "delete",
            "Raw JSON lines from producers, before validation."),
    OBSERVATIONS("observations", "series id", Observation.class, 6, days(7), "delete",
            "Validated observations."),
    FORECASTS("forecasts", "series id", Forecast.class, 6, days(3), "delete",
            "Probabilistic forecasts."),
    ANOMALIES("anomalies", "series id", AnomalyScore.class, 6, days(3), "delete",
            "Anomaly score of every arrival."),
    DIAGNOSTICS("diagnostics", "series or group id", ModelDiagnostics.class, 3, days(1), "compact",
            "Latest model diagnostics per subject (compacted)."),
    ALERTS("alerts", "alert id", Alert.class, 3, days(30), "delete",
            "Alert lifecycle events."),
    DEAD_LETTER("deadletter", "source key or none", DeadLetter.class, 1, days(30), "delete",
            "Inputs that could not be used, with the reason."),
    LATE("late", "series id", Observation.class, 1, days(7), "delete",
            "Observations that arrived behind the watermark.");

    private final String suffix;
    private final String keyDescription;
    private final Class<?> valueType;
    private final int defaultPartitions;
    private final long retentionMs;
    private final String cleanupPolicy;
    private final String description;

    Topic(String suffix, String keyDescription, Class<?> valueType, int defaultPartitions, long retentionMs,
            String cleanupPolicy, String description) {
        this.suffix = suffix;
        this.keyDescription = keyDescription;
        this.valueType = valueType;
        this.defaultPartitions = defaultPartitions;
        this.retentionMs = retentionMs;
        this.cleanupPolicy = cleanupPolicy;
        this.description = description;
    }

    private static long days(int d) {
        return d * 24L * 3600_000L;
    }

    public String suffix() {
        return suffix;
    }

    public String keyDescription() {
        return keyDescription;
    }

    /** The Avro record class of the values, or null for {@link #RAW} (raw bytes). */
    public Class<?> valueType() {
        return valueType;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    public long retentionMs() {
        return retentionMs;
    }

    /** Kafka {@code cleanup.policy}: {@code delete} or {@code compact}. */
    public String cleanupPolicy() {
        return cleanupPolicy;
    }

    public String description() {
        return description;
    }
}
