package dev.augur.alerting.views;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The last {@code capacity} points of each series in a key-value store, count-bounded (not time-bounded, so the chart
 * holds the same number of points whatever the sampling step): point number {@code seq} of a series is stored under
 * {@code series + '\0' + (seq mod capacity)}, overwriting the point {@code capacity} before it. A series' points are
 * the key range {@code [series + '\0', series + '\1')} (series ids never hold control characters).
 */
public final class SeriesRing {
    private SeriesRing() {
    }

    /** Writes point number {@code seq} of {@code series}. */
    public static <V> void put(KeyValueStore<String, V> store, String series, long seq, int capacity, V point) {
        store.put(series + '\0' + (seq % capacity), point);
    }

    /**
     * The stored points of {@code series}, oldest first by {@code time}, at most the last {@code limit}.
     */
    public static <V> List<V> read(ReadOnlyKeyValueStore<String, V> store, String series, ToLongFunction<V> time,
            int limit) {
        List<V> points = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.range(series + '\0', series + '\1')) {
            while (it.hasNext()) {
                points.add(it.next().value);
            }
        }
        points.sort(Comparator.comparingLong(time));
        return points.size() <= limit ? points : new ArrayList<>(points.subList(points.size() - limit,
                points.size()));
    }
}
