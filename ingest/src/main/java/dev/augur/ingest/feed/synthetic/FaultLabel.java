package dev.augur.ingest.feed.synthetic;

import java.time.Instant;
import java.util.Objects;

/**
 * One injected fault: the records of {@code series} with event time in {@code [start, end)} carry the label
 * {@code fault=<kind.label()>}.
 *
 * @param series the affected series
 * @param group its group, or null
 * @param kind what was injected
 * @param start event time of the first affected record (inclusive)
 * @param end event time just after the last affected record (exclusive): start + duration in steps * step
 * @param magnitude size of the offset or jump in the signal's units (offset at full size for a drift, log-price
 *     change for a jump); 0 for a stuck value
 */
public record FaultLabel(String series, String group, FaultKind kind, Instant start, Instant end, double magnitude) {
    public FaultLabel {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(kind, "kind");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("fault start " + start + " must be before its end " + end);
        }
    }

    /** Whether {@code eventTimeMillis} lies in {@code [start, end)}. */
    public boolean covers(long eventTimeMillis) {
        return eventTimeMillis >= start.toEpochMilli() && eventTimeMillis < end.toEpochMilli();
    }
}
