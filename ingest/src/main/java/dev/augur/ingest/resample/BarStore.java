package dev.augur.ingest.resample;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The open bars of one stream task and its stream time, in one key-value store ordered by the time each bar closes.
 *
 * <pre>
 * key [0x00]                                          value: stream time, 8 bytes big-endian
 * key [0x01][closeTime, 8 bytes][tick series, UTF-8]  value: {@link BarCodec} bytes
 * </pre>
 *
 * <p>{@code closeTime} is written big-endian with its sign bit flipped, so the store's unsigned lexicographic key
 * order is the numeric order of close times (also before 1970); the bars that close by stream time {@code T} are
 * then one range scan from the first key. A bar is deleted when it is emitted, so the store holds only open bars:
 * about {@code series x (1 + grace / step)} of them. Changelogged and cached (the cache folds the many updates of a
 * bar between two commits into one changelog record); kept in RocksDB or in memory ({@link Kind}).
 */
public final class BarStore {
    private static final byte CLOCK = 0;
    private static final byte BAR = 1;
    private static final Bytes CLOCK_KEY = Bytes.wrap(new byte[] {CLOCK});
    private static final Bytes FIRST_BAR = Bytes.wrap(new byte[] {BAR, 0, 0, 0, 0, 0, 0, 0, 0});
    private static final Bytes AFTER_LAST_BAR = Bytes.wrap(new byte[] {BAR + 1});

    private final KeyValueStore<Bytes, byte[]> store;

    public BarStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Where the open bars are kept; either way the changelog topic is the durable copy. */
    public enum Kind {
        /** On disk under the state directory; a clean restart reopens it and reads only the changelog's tail. */
        ROCKSDB,
        /**
         * On the heap; every restart restores the open bars from the changelog. No RocksDB, and no memtable flush
         * at each commit.
         */
        MEMORY
    }

    /** A changelogged, cached store named {@code name} of {@code kind}. */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder(String name, Kind kind) {
        return Stores.keyValueStoreBuilder(kind == Kind.MEMORY ? Stores.inMemoryKeyValueStore(name)
                        : Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /** The stored stream time, or {@link Long#MIN_VALUE} before the first tick. */
    public long clock() {
        byte[] v = store.get(CLOCK_KEY);
        return v == null ? Long.MIN_VALUE : ByteBuffer.wrap(v).getLong();
    }

    public void setClock(long time) {
        store.put(CLOCK_KEY, ByteBuffer.allocate(8).putLong(time).array());
    }

    /** The open bar of {@code series} that closes at {@code closeTime}, or null. */
    public Bar get(long closeTime, String series) {
        byte[] v = store.get(key(closeTime, series));
        return v == null ? null : BarCodec.decode(v);
    }

    public void put(long closeTime, String series, Bar bar) {
        store.put(key(closeTime, series), BarCodec.encode(bar));
    }

    /**
     * Removes and returns every bar with {@code closeTime <= time}, ordered by close time, then by tick series
     * (UTF-8 bytes).
     */
    public List<Bar> removeClosed(long time) {
        List<KeyValue<Bytes, byte[]>> closed = new ArrayList<>();
        Bytes upper = time == Long.MAX_VALUE ? AFTER_LAST_BAR : barPrefix(time + 1);
        try (KeyValueIterator<Bytes, byte[]> it = store.range(FIRST_BAR, upper)) {
            while (it.hasNext()) {
                closed.add(it.next());
            }
        }
        List<Bar> bars = new ArrayList<>(closed.size());
        for (KeyValue<Bytes, byte[]> kv : closed) {
            store.delete(kv.key);
            bars.add(BarCodec.decode(kv.value));
        }
        return bars;
    }

    /** Close time of the first open bar, or {@link Long#MAX_VALUE} when none is open. */
    public long nextCloseTime() {
        try (KeyValueIterator<Bytes, byte[]> it = store.range(FIRST_BAR, AFTER_LAST_BAR)) {
            return it.hasNext() ? closeTimeOf(it.next().key) : Long.MAX_VALUE;
        }
    }

    static Bytes key(long closeTime, String series) {
        byte[] s = series.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(9 + s.length).put(BAR).putLong(closeTime ^ Long.MIN_VALUE).put(s)
                .array());
    }

    private static Bytes barPrefix(long closeTime) {
        return Bytes.wrap(ByteBuffer.allocate(9).put(BAR).putLong(closeTime ^ Long.MIN_VALUE).array());
    }

    static long closeTimeOf(Bytes key) {
        return ByteBuffer.wrap(key.get(), 1, 8).getLong() ^ Long.MIN_VALUE;
    }
}
