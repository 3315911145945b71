package dev.augur.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.resample.BarProcessor;
import dev.augur.ingest.resample.BarStore;
import dev.augur.ingest.resample.ResampleRules;
import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResampleTopologyTest {
    private static final String PREFIX = "t.";
    private static final AvroCodec<Observation> OBSERVATIONS = AvroCodec.of(Observation.class);
    private static final AvroCodec<DeadLetter> DEAD_LETTERS = AvroCodec.of(DeadLetter.class);
    /** Wall-clock-like timestamp of the raw records; event times are in 2024. */
    private static final Instant PRODUCED = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, byte[]> observations;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private long produced;

    static String rules(String aggregation) {
        return "{\"rules\": [{\"name\": \"ticks-1m\", \"series\": \"ticks.*\", \"step\": \"PT1M\", \"aggregation\": \""
                + aggregation + "\", \"grace\": \"PT10S\"}]}";
    }

    private void start(String rulesJson) {
        start(rulesJson, BarStore.Kind.ROCKSDB);
    }

    private void start(String rulesJson, BarStore.Kind store) {
        IngestConfig config = IngestConfig.from(Map.of("topic-prefix", PREFIX))
                .withResampleRules(ResampleRules.parse(rulesJson, "test.json")).withResampleStore(store);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-resample-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(IngestTopology.build(config), props);
        raw = driver.createInputTopic(PREFIX + "raw", new ByteArraySerializer(), new ByteArraySerializer());
        observations = driver.createOutputTopic(PREFIX + "observations", new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(PREFIX + "deadletter", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        produced = 0;
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
    }

    /** Sends one line; raw timestamps advance by 1 ms per record, like a producer's clock. */
    private void send(String line) {
        raw.pipeInput(new TestRecord<>(null, line.getBytes(StandardCharsets.UTF_8), PRODUCED.plusMillis(produced++)));
    }

    private void tick(String series, String time, double value, String volume) {
        String labels = volume == null ? "" : ",\"labels\":{\"volume\":\"" + volume + "\"}";
        send("{\"series\":\"" + series + "\",\"time\":\"2024-01-01T" + time + "Z\",\"value\":" + value + labels
                + "}");
    }

    private List<Observation> bars() {
        return observations.readValuesToList().stream().map(OBSERVATIONS::decode).toList();
    }

    private List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList().stream().map(DEAD_LETTERS::decode).toList();
    }

    /**
     * Bar [00:00, 00:01) gets 10 @ 100, 12 @ 300, 11 @ 100 (at 00:59.999) and, late but within the grace, 14 @ 50
     * (at 00:50, after stream time reached 01:05). Bar [00:01, 00:02) gets 20 @ 50, 21 @ 10, 22 @ 40.
     */
    static Stream<Arguments> aggregations() {
        return Stream.of(
                // last: the tick with the latest event time, 11 at 00:59.999 (14 came later but is older)
                Arguments.of("last", 11.0, 22.0),
                // mean: (10 + 12 + 11 + 14) / 4 = 11.75; (20 + 21 + 22) / 3 = 21
                Arguments.of("mean", 11.75, 21.0),
                // sum: 47; 63
                Arguments.of("sum", 47.0, 63.0),
                // vwap: (1000 + 3600 + 1100 + 700) / 550 = 128/11; (1000 + 210 + 880) / 100 = 20.9
                Arguments.of("vwap", 6400.0 / 550.0, 2090.0 / 100.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregations")
    void barIsHandComputedAndEmittedOnceWhenStreamTimePassesEndPlusGrace(String aggregation, double first,
            double second) {
        start(rules(aggregation));
        tick("ticks.A", "00:00:05", 10, "100");
        tick("ticks.A", "00:00:30", 12, "300");
        tick("ticks.A", "00:00:59.999", 11, "100");
        tick("ticks.A", "00:01:05", 20, "50");
        tick("ticks.A", "00:00:50", 14, "50");
        tick("ticks.A", "00:01:09.999", 21, "10");
        assertTrue(observations.isEmpty(), "stream time 01:09.999 < end 01:00 + grace 10 s: the bar is still open");

        tick("ticks.A", "00:01:10", 22, "40");
        TestRecord<String, byte[]> out = observations.readRecord();
        assertEquals("ticks.A", out.key());
        assertEquals(PRODUCED.plusMillis(6), out.getRecordTime(), "timestamp of the tick record that closed the bar");
        assertFalse(out.getHeaders().iterator().hasNext(), "bars carry no headers");
        Observation bar = OBSERVATIONS.decode(out.value());
        assertEquals("ticks.A", bar.getSeries());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), bar.getEventTime(), "bar time = window start");
        assertEquals(first, bar.getValue());
        assertEquals(Map.of("bar", "PT1M", "ticks", "4", "volume", "550"), bar.getLabels());
        assertNull(bar.getGroup());
        assertTrue(observations.isEmpty());

        tick("ticks.A", "00:02:09.999", 24, "1");
        assertTrue(observations.isEmpty(), "emitted once: later ticks do not repeat the first bar");
        tick("ticks.A", "00:02:10", 25, "1");
        Observation bar2 = OBSERVATIONS.decode(observations.readValue());
        assertEquals(Instant.parse("2024-01-01T00:01:00Z"), bar2.getEventTime());
        assertEquals(second, bar2.getValue());
        assertEquals(Map.of("bar", "PT1M", "ticks", "3", "volume", "100"), bar2.getLabels());
        assertTrue(observations.isEmpty());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void tickLaterThanTheGraceIsDeadLetteredWithTheReason() {
        start(rules("mean"));
        tick("ticks.A", "00:00:05", 10, null);
        tick("ticks.A", "00:01:10", 20, null);
        assertEquals(List.of(10.0), bars().stream().map(Observation::getValue).toList());
        tick("ticks.A", "00:00:59", 99, null);

        TestRecord<byte[], byte[]> out = deadLetters.readRecord();
        assertEquals("ticks.A", new String(out.key(), StandardCharsets.UTF_8), "key = tick series");
        assertEquals(PRODUCED.plusMillis(2), out.getRecordTime());
        DeadLetter dl = DEAD_LETTERS.decode(out.value());
        assertEquals("LATE_TICK", dl.getErrorType());
        assertEquals(BarProcessor.STAGE, dl.getStage());
        assertEquals("expected a tick of an open bar but its bar [2024-01-01T00:00:00Z, 2024-01-01T00:01:00Z) of rule"
                + " \"ticks-1m\" closed when stream time reached 2024-01-01T00:01:10Z (end + grace PT10S); stream"
                + " time is 2024-01-01T00:01:10Z", dl.getErrorMessage());
        assertEquals(PREFIX + "raw", dl.getSourceTopic(), "the raw record, not the internal repartition topic");
        assertEquals(0, dl.getSourcePartition());
        assertEquals(2L, dl.getSourceOffset());
        assertEquals(PRODUCED.plusMillis(2), dl.getTime());
        assertEquals("{\"series\":\"ticks.A\",\"time\":\"2024-01-01T00:00:59Z\",\"value\":99.0}",
                utf8(dl.getOriginal()), "original: the tick as a JSON line, replayable into raw");
        assertFalse(dl.getOriginalTruncated());
        assertTrue(observations.isEmpty(), "nothing else came out");
        assertEquals(1.0, metric("dead-letter-late_tick-total"));
        assertEquals(2.0, metric("ticks-total"));
        assertEquals(1.0, metric("bars-total"));
    }

    @Test
    void nonMatchingSeriesPassThroughUnchanged() {
        String line = "{\"series\":\"sensor-1\",\"group\":\"g\",\"time\":\"2024-01-01T00:00:05Z\",\"value\":1.5,"
                + "\"labels\":{\"unit\":\"C\"}}";
        start(rules("vwap"));
        send(line);
        TestRecord<String, byte[]> resampling = observations.readRecord();
        close();

        IngestConfig plain = IngestConfig.from(Map.of("topic-prefix", PREFIX));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-plain");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver d = new TopologyTestDriver(ValidationTopology.build(plain), props)) {
            d.createInputTopic(PREFIX + "raw", new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput(new TestRecord<>(null, line.getBytes(StandardCharsets.UTF_8), PRODUCED));
            TestRecord<String, byte[]> validationOnly = d.createOutputTopic(PREFIX + "observations",
                    new StringDeserializer(), new ByteArrayDeserializer()).readRecord();
            assertEquals(validationOnly.key(), resampling.key());
            assertArrayEquals(validationOnly.value(), resampling.value());
            assertEquals(validationOnly.getRecordTime(), resampling.getRecordTime());
            assertEquals(PRODUCED, resampling.getRecordTime(), "keeps the raw record's timestamp");
        }
    }

    @Test
    void invalidLinesAreStillDeadLetteredByValidation() {
        start(rules("sum"));
        send("{\"series\":\"ticks.A\",\"time\":\"2024-01-01T00:00:05Z\",\"value\":NaN}");
        DeadLetter dl = deadLetters().get(0);
        assertEquals("NON_FINITE", dl.getErrorType());
        assertEquals("ingest.validate", dl.getStage());
    }

    @Test
    void vwapTickWithoutAValidVolumeIsDeadLettered() {
        start(rules("vwap"));
        tick("ticks.A", "00:00:01", 10, null);
        tick("ticks.A", "00:00:02", 10, "abc");
        tick("ticks.A", "00:00:03", 10, "0");
        tick("ticks.A", "00:00:04", 10, "-5");
        tick("ticks.A", "00:00:05", 10, "NaN");
        tick("ticks.A", "00:00:06", 10, "1e999");
        tick("ticks.A", "00:00:07", 10, "2.5");
        tick("ticks.A", "00:01:10", 11, "1");

        List<DeadLetter> dls = deadLetters();
        assertEquals(6, dls.size());
        for (DeadLetter dl : dls) {
            assertEquals("BAD_VOLUME", dl.getErrorType());
            assertEquals(BarProcessor.STAGE, dl.getStage());
            assertTrue(dl.getErrorMessage().startsWith("expected a 'volume' label holding a positive finite number"
                    + " on every tick of vwap rule \"ticks-1m\" but found "), dl.getErrorMessage());
        }
        assertTrue(dls.get(0).getErrorMessage().endsWith("found no such label"), dls.get(0).getErrorMessage());
        assertTrue(dls.get(1).getErrorMessage().endsWith("found \"abc\""), dls.get(1).getErrorMessage());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), dls.stream().map(DeadLetter::getSourceOffset).toList());
        Observation bar = bars().get(0);
        assertEquals(10.0, bar.getValue());
        assertEquals(Map.of("bar", "PT1M", "ticks", "1", "volume", "2.5"), bar.getLabels());
    }

    @Test
    void otherAggregationsNeedNoVolumeAndReportItOnlyWhenEveryTickHasOne() {
        start(rules("mean"));
        tick("ticks.A", "00:00:01", 10, null);
        tick("ticks.A", "00:00:02", 20, "5");
        tick("ticks.A", "00:01:01", 30, "5");
        tick("ticks.A", "00:02:10", 40, "5");
        List<Observation> bars = bars();
        assertEquals(Map.of("bar", "PT1M", "ticks", "2"), bars.get(0).getLabels());
        assertEquals(15.0, bars.get(0).getValue());
        assertEquals(Map.of("bar", "PT1M", "ticks", "1", "volume", "5"), bars.get(1).getLabels());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void firstMatchingRuleWinsAndTheOutputTemplateNamesTheBarSeries() {
        start("{\"rules\": ["
                + "{\"name\": \"fast\", \"series\": \"regex:ticks\\\\.(A|B)\", \"step\": \"PT5S\", \"aggregation\":"
                + " \"last\", \"grace\": \"PT0S\", \"output\": \"bars.{series}.5s\"},"
                + "{\"name\": \"slow\", \"series\": \"ticks.*\", \"step\": \"PT1M\", \"aggregation\": \"sum\","
                + " \"grace\": \"PT0S\", \"output\": \"{series}.1m\"}]}");
        send("{\"series\":\"ticks.A\",\"group\":\"g1\",\"time\":\"2024-01-01T00:00:01Z\",\"value\":1}");
        send("{\"series\":\"ticks.C\",\"time\":\"2024-01-01T00:00:02Z\",\"value\":2}");
        send("{\"series\":\"ticks.A\",\"group\":\"g2\",\"time\":\"2024-01-01T00:00:03Z\",\"value\":3}");
        send("{\"series\":\"ticks.C\",\"time\":\"2024-01-01T00:00:04Z\",\"value\":4}");
        assertTrue(observations.isEmpty());
        send("{\"series\":\"ticks.B\",\"time\":\"2024-01-01T00:01:00Z\",\"value\":5}");
        List<TestRecord<String, byte[]>> out = observations.readRecordsToList();
        assertEquals(List.of("bars.ticks.A.5s", "ticks.C.1m"), out.stream().map(TestRecord::key).toList(),
                "ordered by close time (00:05, then 01:00)");
        Observation a = OBSERVATIONS.decode(out.get(0).value());
        assertEquals(3.0, a.getValue());
        assertEquals("g2", a.getGroup(), "group of the latest tick");
        assertEquals(Map.of("bar", "PT5S", "ticks", "2"), a.getLabels());
        Observation c = OBSERVATIONS.decode(out.get(1).value());
        assertEquals(6.0, c.getValue());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), c.getEventTime());
        assertEquals(Map.of("bar", "PT1M", "ticks", "2"), c.getLabels());
    }

    @Test
    void barsOfSeveralSeriesCloseTogetherInSeriesOrder() {
        start(rules("last"));
        tick("ticks.B", "00:00:01", 1, null);
        tick("ticks.A", "00:00:02", 2, null);
        tick("ticks.C", "00:00:03", 3, null);
        tick("ticks.A", "00:01:30", 4, null);
        assertEquals(List.of("ticks.A", "ticks.B", "ticks.C"), bars().stream().map(Observation::getSeries).toList(),
                "one stream time per partition: ticks.A closes the bars of B and C too");
    }

    @Test
    void barSeriesIdLongerThanTheLimitIsDeadLettered() {
        IngestConfig config = IngestConfig.from(Map.of("topic-prefix", PREFIX, "max-id-length", "10"))
                .withResampleRules(ResampleRules.parse("{\"rules\": [{\"name\": \"r\", \"series\": \"t*\", \"step\":"
                        + " \"PT1M\", \"aggregation\": \"last\", \"grace\": \"PT0S\", \"output\": \"{series}.1m\"}]}",
                        "x.json"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-resample-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(IngestTopology.build(config), props);
        raw = driver.createInputTopic(PREFIX + "raw", new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(PREFIX + "deadletter", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        send("{\"series\":\"t23456789\",\"time\":1704067200000,\"value\":1}");
        DeadLetter dl = deadLetters().get(0);
        assertEquals("ID_TOO_LONG", dl.getErrorType());
        assertEquals("expected the bar series id made by rule \"r\" (output {series}.1m) to have at most 10"
                + " characters but it has 12", dl.getErrorMessage());
    }

    @Test
    void barWhoseSumOverflowsIsDeadLetteredNotEmitted() {
        start(rules("sum"));
        send("{\"series\":\"ticks.A\",\"time\":\"2024-01-01T00:00:01Z\",\"value\":1e308}");
        send("{\"series\":\"ticks.A\",\"time\":\"2024-01-01T00:00:02Z\",\"value\":1e308}");
        send("{\"series\":\"ticks.A\",\"time\":\"2024-01-01T00:01:10Z\",\"value\":1}");
        assertTrue(observations.isEmpty());
        DeadLetter dl = deadLetters().get(0);
        assertEquals("NON_FINITE", dl.getErrorType());
        assertEquals("expected a finite bar value but the sum of 2 ticks of ticks.A in [2024-01-01T00:00:00Z,"
                + " 2024-01-01T00:01:00Z) is Infinity", dl.getErrorMessage());
        assertNull(dl.getOriginal());
        assertEquals(1.0, metric("dead-letter-non_finite-total"));
    }

    @Test
    void ticksBefore1970AreResampledToo() {
        start(rules("sum"));
        send("{\"series\":\"ticks.A\",\"time\":\"1969-12-31T23:59:30Z\",\"value\":1}");
        send("{\"series\":\"ticks.A\",\"time\":\"1969-12-31T23:59:59.999Z\",\"value\":2}");
        send("{\"series\":\"ticks.A\",\"time\":\"1970-01-01T00:00:10Z\",\"value\":4}");
        Observation bar = bars().get(0);
        assertEquals(Instant.parse("1969-12-31T23:59:00Z"), bar.getEventTime());
        assertEquals(3.0, bar.getValue());
    }

    @Test
    void topologyWithoutRulesIsTheValidationTopology() {
        IngestConfig config = IngestConfig.from(Map.of());
        assertEquals(ValidationTopology.build(config).describe().toString(),
                IngestTopology.build(config).describe().toString());
    }

    @Test
    void topologyWithRulesHasFixedNamesAndOneRepartition() {
        IngestConfig config = IngestConfig.defaults().withResampleRules(ResampleRules.parse(rules("vwap"), "r"));
        String d = IngestTopology.build(config).describe().toString();
        for (String name : List.of("raw-source", "validate", "deadletter-sink", "resample-route", "observations-sink",
                "resample-ticks", "resample-ticks-repartition", "resample-bars", "resample-observations-sink",
                "resample-deadletter-sink")) {
            assertTrue(d.contains(name), name + " in\n" + d);
        }
        assertTrue(d.contains("stores: [resample-bars]"), d);
    }

    @Test
    void twoRunsGiveByteIdenticalOutput() {
        List<byte[]> first = runMixedFeed();
        close();
        List<byte[]> second = runMixedFeed();
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "record " + i);
        }
    }

    /** In memory: the driver commits after every record, and RocksDB then writes a file at each commit. */
    private List<byte[]> runMixedFeed() {
        start(rules("vwap"), BarStore.Kind.MEMORY);
        for (int i = 0; i < 200; i++) {
            int s = (i * 7) % 3;
            long t = 1_704_067_200_000L + i * 997L - (i % 5 == 0 ? 20_000L : 0L);
            send("{\"series\":\"" + (s == 2 ? "sensor-1" : "ticks." + s) + "\",\"time\":" + t + ",\"value\":"
                    + (100 + Math.sin(i)) + ",\"labels\":{\"volume\":\"" + (i % 11 == 0 ? "x" : 1 + i % 13)
                    + "\"}}");
        }
        List<byte[]> out = new ArrayList<>();
        observations.readRecordsToList().forEach(r -> {
            out.add(r.key().getBytes(StandardCharsets.UTF_8));
            out.add(r.value());
            out.add(Long.toString(r.timestamp()).getBytes(StandardCharsets.UTF_8));
        });
        deadLetters.readRecordsToList().forEach(r -> {
            out.add(r.key());
            out.add(r.value());
        });
        assertTrue(out.size() > 100, "the feed gives bars, pass-through records and dead letters");
        return out;
    }

    private double metric(String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.name().equals(name) && "resample".equals(m.tags().get("augur-ingest-id"))) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private static String utf8(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
