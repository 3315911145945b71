package dev.augur.ingest.feed;

import java.util.Map;
import java.util.Objects;

/**
 * One reading a feed tool sends: series id, optional group, event time, value and labels. It is written to
 * {@code <prefix>raw} as one line of the JSON line contract (see {@link JsonLineEncoder}).
 *
 * @param series series id, non-empty
 * @param group group id, or null when the series stands alone
 * @param eventTimeMillis event time in UTC epoch milliseconds
 * @param value the reading; finite
 * @param labels labels, never null (empty when none); copied
 */
public record FeedRecord(String series, String group, long eventTimeMillis, double value, Map<String, String> labels) {
    public FeedRecord {
        Objects.requireNonNull(series, "series");
        if (series.isEmpty()) {
            throw new IllegalArgumentException("series must be non-empty");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value of " + series + " must be finite but was " + value);
        }
        labels = labels == null || labels.isEmpty() ? Map.of() : Map.copyOf(labels);
    }

    public FeedRecord(String series, String group, long eventTimeMillis, double value) {
        this(series, group, eventTimeMillis, value, Map.of());
    }
}
