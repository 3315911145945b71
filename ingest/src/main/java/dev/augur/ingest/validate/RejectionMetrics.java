package dev.augur.ingest.validate;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Kafka Streams sensors counting the validation outcomes of one stream thread: one sensor for accepted lines and
 * one per {@link ErrorType}, so an operator can alert on a rising dead-letter rate for one reason.
 *
 * <p>Metrics (group {@code stream-augur-ingest-metrics}, tags {@code thread-id}, {@code augur-ingest-id=validate}
 * and, for dead letters, {@code reason=<ERROR_TYPE>}):
 * {@code accepted-total}, {@code accepted-rate}, {@code dead-letter-<reason>-total} and
 * {@code dead-letter-<reason>-rate} with {@code <reason>} the lower-case error type, e.g.
 * {@code dead-letter-non_finite-total}. Every sensor is created up front so each metric exists at 0.
 *
 * <p>Sensors are per thread (Kafka Streams names them by thread), so several tasks on one thread share them.
 */
public final class RejectionMetrics {
    /** Metrics scope: the group is {@code stream-<scope>-metrics}. */
    public static final String SCOPE = "augur-ingest";
    /** Entity tag value ({@code augur-ingest-id}). */
    public static final String ENTITY = "validate";

    private final Sensor accepted;
    private final Map<ErrorType, Sensor> rejected = new EnumMap<>(ErrorType.class);

    public RejectionMetrics(StreamsMetrics metrics) {
        this.accepted = metrics.addRateTotalSensor(SCOPE, ENTITY, "accepted", Sensor.RecordingLevel.INFO);
        for (ErrorType type : ErrorType.values()) {
            rejected.put(type, metrics.addRateTotalSensor(SCOPE, ENTITY, operation(type),
                    Sensor.RecordingLevel.INFO, "reason", type.name()));
        }
    }

    /** Name of the operation whose {@code -total} and {@code -rate} metrics count {@code type}. */
    public static String operation(ErrorType type) {
        return "dead-letter-" + type.name().toLowerCase(Locale.ROOT);
    }

    public void recordAccepted() {
        accepted.record();
    }

    public void recordRejected(ErrorType type) {
        rejected.get(type).record();
    }
}
