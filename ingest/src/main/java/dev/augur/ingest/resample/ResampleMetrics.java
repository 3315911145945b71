package dev.augur.ingest.resample;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Kafka Streams sensors of the resampling stage of one stream thread. Group {@code stream-augur-ingest-metrics},
 * tags {@code thread-id}, {@code augur-ingest-id=resample} and, for dead letters, {@code reason=<ERROR>}:
 * {@code ticks-total}/{@code -rate} (ticks added to a bar), {@code bars-total}/{@code -rate} (bars emitted) and
 * {@code dead-letter-<reason>-total}/{@code -rate} per {@link ResampleError}, e.g. {@code dead-letter-late_tick-total}.
 * Every sensor exists from start-up at 0.
 */
final class ResampleMetrics {
    static final String SCOPE = "augur-ingest";
    static final String ENTITY = "resample";

    private final Sensor ticks;
    private final Sensor bars;
    private final Map<ResampleError, Sensor> rejected = new EnumMap<>(ResampleError.class);

    ResampleMetrics(StreamsMetrics metrics) {
        ticks = metrics.addRateTotalSensor(SCOPE, ENTITY, "ticks", Sensor.RecordingLevel.INFO);
        bars = metrics.addRateTotalSensor(SCOPE, ENTITY, "bars", Sensor.RecordingLevel.INFO);
        for (ResampleError e : ResampleError.values()) {
            rejected.put(e, metrics.addRateTotalSensor(SCOPE, ENTITY, operation(e), Sensor.RecordingLevel.INFO,
                    "reason", e.name()));
        }
    }

    /** Operation name whose {@code -total} and {@code -rate} metrics count {@code error}. */
    static String operation(ResampleError error) {
        return "dead-letter-" + error.name().toLowerCase(Locale.ROOT);
    }

    void recordTick() {
        ticks.record();
    }

    void recordBar() {
        bars.record();
    }

    void recordRejected(ResampleError error) {
        rejected.get(error).record();
    }
}
