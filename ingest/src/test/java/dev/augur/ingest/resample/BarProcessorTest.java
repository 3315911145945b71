package dev.augur.ingest.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The processor alone, with a store that is carried over a restart the way the changelog restores it. */
class BarProcessorTest {
    private static final String STORE = "bars";
    private static final ResampleRules RULES = ResampleRules.parse("{\"rules\": [{\"name\": \"r\", \"series\":"
            + " \"ticks.*\", \"step\": \"PT1M\", \"aggregation\": \"sum\", \"grace\": \"PT10S\"}]}", "test");
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    private MockProcessorContext<Object, Object> context;
    private BarProcessor processor;

    private KeyValueStore<Bytes, byte[]> start(List<KeyValue<Bytes, byte[]>> restored) {
        context = new MockProcessorContext<>();
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        restored.forEach(kv -> store.put(kv.key, kv.value));
        processor = new BarProcessor(RULES, 256, STORE, "bars", "dead");
        processor.init(context);
        return store;
    }

    private void tick(long offsetMillis, double value) {
        Observation o = new Observation("ticks.A", null, Instant.ofEpochMilli(T0 + offsetMillis), value, Map.of());
        processor.process(new Record<>("ticks.A", o, 1_000L,
                new RawPosition("raw", 3, offsetMillis).addTo(new RecordHeaders())));
    }

    private List<Double> bars() {
        return context.forwarded("bars").stream().map(f -> ((Observation) f.record().value()).getValue()).toList();
    }

    private List<String> deadLetterTypes() {
        return context.forwarded("dead").stream().map(f -> ((DeadLetter) f.record().value()).getErrorType())
                .toList();
    }

    private static List<KeyValue<Bytes, byte[]>> contents(KeyValueStore<Bytes, byte[]> store) {
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            List<KeyValue<Bytes, byte[]>> all = new java.util.ArrayList<>();
            it.forEachRemaining(all::add);
            return all;
        }
    }

    @Test
    void openBarsAndStreamTimeSurviveARestart() {
        KeyValueStore<Bytes, byte[]> before = start(List.of());
        tick(5_000, 1);
        tick(65_000, 2);
        tick(75_000, 4);
        assertEquals(List.of(1.0), bars(), "bar [00:00, 00:01) closed at 01:10");
        assertEquals(T0 + 130_000, new BarStore(before).nextCloseTime(), "bar [01:00, 02:00) is open");

        start(contents(before));
        tick(30_000, 8);
        assertEquals(List.of("LATE_TICK"), deadLetterTypes(), "stream time 01:15 came back with the store");
        DeadLetter dl = (DeadLetter) context.forwarded("dead").get(0).record().value();
        assertEquals("raw", dl.getSourceTopic());
        assertEquals(3, dl.getSourcePartition());
        assertEquals(30_000L, dl.getSourceOffset());
        assertTrue(bars().isEmpty(), "the bar emitted before the restart is not emitted again");

        tick(119_999, 16);
        tick(130_000, 32);
        assertEquals(List.of(22.0), bars(), "the open bar came back: 2 + 4 + 16");
        CapturedForward<?, ?> bar = context.forwarded("bars").get(0);
        assertEquals(1_000L, bar.record().timestamp());
        assertNull(bar.record().headers().lastHeader(RawPosition.HEADER));
    }

    @Test
    void storeKeysOrderByCloseTimeAlsoBefore1970() {
        KeyValueStore<Bytes, byte[]> store = start(List.of());
        BarStore bars = new BarStore(store);
        bars.put(-5L, "b", new Bar(Aggregation.SUM, -65L, 60L, "b"));
        bars.put(7L, "a", new Bar(Aggregation.SUM, -53L, 60L, "a"));
        bars.put(-5L, "a", new Bar(Aggregation.SUM, -65L, 60L, "a"));
        assertEquals(-5L, bars.nextCloseTime());
        assertEquals(List.of("a", "b"), bars.removeClosed(-5L).stream().map(Bar::outputSeries).toList());
        assertEquals(7L, bars.nextCloseTime());
        assertEquals(Long.MIN_VALUE, bars.clock());
        bars.setClock(-1L);
        assertEquals(-1L, bars.clock());
        assertEquals(List.of("a"), bars.removeClosed(Long.MAX_VALUE).stream().map(Bar::outputSeries).toList());
        assertEquals(Long.MAX_VALUE, bars.nextCloseTime());
    }
}
