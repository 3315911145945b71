package dev.augur.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.validate.ErrorType;
import dev.augur.ingest.validate.RejectionMetrics;
import dev.augur.ingest.validate.ValidationProcessor;
import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidationTopologyTest {
    private static final String PREFIX = "t.";
    private static final AvroCodec<Observation> OBSERVATIONS = AvroCodec.of(Observation.class);
    private static final AvroCodec<DeadLetter> DEAD_LETTERS = AvroCodec.of(DeadLetter.class);
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, byte[]> observations;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("topic-prefix", PREFIX);
        IngestConfig config = IngestConfig.from(all);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ValidationTopology.build(config), props);
        raw = driver.createInputTopic(PREFIX + "raw", new ByteArraySerializer(), new ByteArraySerializer());
        observations = driver.createOutputTopic(PREFIX + "observations", new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(PREFIX + "deadletter", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void pipe(byte[] key, byte[] value, Instant timestamp) {
        raw.pipeInput(new TestRecord<>(key, value, timestamp));
    }

    @Test
    void validLineBecomesAnObservationWithEveryField() {
        start(Map.of());
        pipe(utf8("producer-key"), utf8("{\"series\": \"s1\", \"time\": \"2024-01-01T00:00:00Z\", \"value\": 1.5,"
                + " \"group\": \"g1\", \"labels\": {\"unit\": \"C\", \"site\": \"north\"}}"), T0);

        TestRecord<String, byte[]> out = observations.readRecord();
        assertEquals("s1", out.key());
        assertEquals(T0, out.getRecordTime(), "output keeps the source record's timestamp");
        Observation obs = OBSERVATIONS.decode(out.value());
        assertEquals("s1", obs.getSeries());
        assertEquals("g1", obs.getGroup());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), obs.getEventTime());
        assertEquals(1.5, obs.getValue());
        assertEquals(Map.of("unit", "C", "site", "north"), obs.getLabels());
        assertTrue(observations.isEmpty());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void epochMillisTimeAndOptionalFieldsLeftOut() {
        start(Map.of());
        pipe(null, utf8("{\"series\":\"pump-7\",\"time\":1704067200000,\"value\":-3}"), T0);

        TestRecord<String, byte[]> out = observations.readRecord();
        assertEquals("pump-7", out.key());
        Observation obs = OBSERVATIONS.decode(out.value());
        assertEquals(Instant.ofEpochMilli(1704067200000L), obs.getEventTime());
        assertEquals(-3.0, obs.getValue());
        assertNull(obs.getGroup());
        assertTrue(obs.getLabels().isEmpty());
    }

    static Stream<Arguments> invalidLines() {
        String bigId = "x".repeat(257);
        return Stream.of(
                Arguments.of("not json at all", ErrorType.UNPARSEABLE, "not valid JSON"),
                Arguments.of("[1, 2, 3]", ErrorType.UNPARSEABLE, "found an array"),
                Arguments.of("{\"series\":\"s\",\"time\":1,\"value\":1", ErrorType.UNPARSEABLE, "not valid JSON"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":1}{}", ErrorType.UNPARSEABLE,
                        "more content"),
                Arguments.of("{\"series\":\"s\",\"series\":\"t\",\"time\":1704067200000,\"value\":1}",
                        ErrorType.UNPARSEABLE, "Duplicate field 'series'"),
                Arguments.of("", ErrorType.UNPARSEABLE, "empty line"),
                Arguments.of("{\"time\":1704067200000,\"value\":1}", ErrorType.MISSING_FIELD, "'series' was absent"),
                Arguments.of("{\"series\":\"s\",\"value\":1}", ErrorType.MISSING_FIELD, "'time' was absent"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":null}", ErrorType.MISSING_FIELD,
                        "'value' was null"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":\"1.5\"}", ErrorType.BAD_TYPE,
                        "expected 'value' to be a JSON number but found a string \"1.5\""),
                Arguments.of("{\"series\":42,\"time\":1704067200000,\"value\":1}", ErrorType.BAD_TYPE,
                        "expected 'series' to be a string but found the number 42"),
                Arguments.of("{\"series\":\"s\",\"time\":true,\"value\":1}", ErrorType.BAD_TYPE, "the boolean true"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":1,\"labels\":[\"a\"]}",
                        ErrorType.BAD_TYPE, "'labels' to be an object of string values but found an array"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":1,\"labels\":{\"n\":3}}",
                        ErrorType.BAD_TYPE, "'labels.n' was the number 3"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":1,\"group\":7}", ErrorType.BAD_TYPE,
                        "expected 'group' to be a string"),
                Arguments.of("{\"series\":\"s\",\"time\":\"yesterday\",\"value\":1}", ErrorType.BAD_TIMESTAMP,
                        "ISO-8601"),
                Arguments.of("{\"series\":\"s\",\"time\":\"2024-01-01T00:00:00\",\"value\":1}",
                        ErrorType.BAD_TIMESTAMP, "no offset"),
                Arguments.of("{\"series\":\"s\",\"time\":\"2300-01-01T00:00:00Z\",\"value\":1}",
                        ErrorType.BAD_TIMESTAMP, "[1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z)"),
                Arguments.of("{\"series\":\"s\",\"time\":-2208988800001,\"value\":1}", ErrorType.BAD_TIMESTAMP,
                        "but found 1899-12-31T23:59:59.999Z"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000.5,\"value\":1}", ErrorType.BAD_TIMESTAMP,
                        "whole epoch milliseconds"),
                Arguments.of("{\"series\":\"s\",\"time\":123456789012345678901234567890,\"value\":1}",
                        ErrorType.BAD_TIMESTAMP, "beyond the range"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":NaN}", ErrorType.NON_FINITE,
                        "finite number but found NaN"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":Infinity}", ErrorType.NON_FINITE,
                        "found Infinity"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":-Infinity}", ErrorType.NON_FINITE,
                        "found -Infinity"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":1e400}", ErrorType.NON_FINITE,
                        "fit in a double"),
                Arguments.of("{\"series\":\"s\",\"time\":1704067200000,\"value\":1" + "0".repeat(400) + "}",
                        ErrorType.NON_FINITE, "fit in a double"),
                Arguments.of("{\"series\":\"" + bigId + "\",\"time\":1704067200000,\"value\":1}",
                        ErrorType.ID_TOO_LONG, "at most 256 characters but found 257"),
                Arguments.of("{\"series\":\"s\",\"group\":\"" + bigId + "\",\"time\":1704067200000,\"value\":1}",
                        ErrorType.ID_TOO_LONG, "expected 'group' of at most 256"),
                Arguments.of("{\"series\":\"\",\"time\":1704067200000,\"value\":1}", ErrorType.BAD_ID,
                        "non-empty"),
                Arguments.of("{\"series\":\"a\\nb\",\"time\":1704067200000,\"value\":1}", ErrorType.BAD_ID,
                        "U+000A at index 1"),
                Arguments.of("{\"series\":\"a\\u0000\",\"time\":1704067200000,\"value\":1}", ErrorType.BAD_ID,
                        "control characters"),
                Arguments.of("{\"series\":\"a\\ud800\",\"time\":1704067200000,\"value\":1}", ErrorType.BAD_ID,
                        "unpaired surrogate"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("invalidLines")
    void invalidLineIsDeadLettered(String line, ErrorType expected, String messageFragment) {
        start(Map.of());
        byte[] key = utf8("k1");
        pipe(key, utf8("{\"series\":\"ok\",\"time\":1704067200000,\"value\":1}"), T0);
        pipe(key, utf8(line), T0.plusSeconds(1));

        assertEquals(1, observations.readRecordsToList().size(), "only the valid line is an observation");
        TestRecord<byte[], byte[]> out = deadLetters.readRecord();
        assertTrue(deadLetters.isEmpty());
        DeadLetter dl = DEAD_LETTERS.decode(out.value());
        assertEquals(expected.name(), dl.getErrorType(), dl.getErrorMessage());
        assertTrue(dl.getErrorMessage().contains(messageFragment),
                "message '" + dl.getErrorMessage() + "' should contain '" + messageFragment + "'");
        assertTrue(dl.getErrorMessage().startsWith("expected"), dl.getErrorMessage());
        assertEquals(ValidationProcessor.STAGE, dl.getStage());
        assertArrayEquals(utf8(line), bytes(dl.getOriginal()));
        assertFalse(dl.getOriginalTruncated());
        assertEquals(PREFIX + "raw", dl.getSourceTopic());
        assertEquals(0, dl.getSourcePartition());
        assertEquals(1L, dl.getSourceOffset());
        assertEquals(T0.plusSeconds(1), dl.getTime());
        assertArrayEquals(key, out.key(), "dead letter keeps the source key");
        assertEquals(T0.plusSeconds(1), out.getRecordTime());
    }

    @Test
    void invalidUtf8IsUnparseable() {
        start(Map.of());
        byte[] line = {'{', '"', 's', (byte) 0xC3, (byte) 0x28, '"', '}'};
        pipe(null, line, T0);
        DeadLetter dl = DEAD_LETTERS.decode(deadLetters.readValue());
        assertEquals("UNPARSEABLE", dl.getErrorType());
        assertTrue(dl.getErrorMessage().contains("expected UTF-8 text"), dl.getErrorMessage());
        assertTrue(dl.getErrorMessage().contains("at byte 3"), dl.getErrorMessage());
        assertArrayEquals(line, bytes(dl.getOriginal()));
        assertEquals(0L, dl.getSourceOffset());
    }

    @Test
    void tombstoneIsUnparseable() {
        start(Map.of());
        pipe(utf8("k"), null, T0);
        DeadLetter dl = DEAD_LETTERS.decode(deadLetters.readValue());
        assertEquals("UNPARSEABLE", dl.getErrorType());
        assertTrue(dl.getErrorMessage().contains("null value"), dl.getErrorMessage());
        assertNull(dl.getOriginal());
    }

    @Test
    void lineOverTheConfiguredMaximumIsTooLarge() {
        start(Map.of("max-line-bytes", "100"));
        String line = "{\"series\":\"s\",\"time\":1704067200000,\"value\":1,\"labels\":{\"pad\":\"" + "p".repeat(80)
                + "\"}}";
        pipe(null, utf8(line), T0);
        DeadLetter dl = DEAD_LETTERS.decode(deadLetters.readValue());
        assertEquals("TOO_LARGE", dl.getErrorType());
        assertTrue(dl.getErrorMessage().contains("at most 100 bytes but found " + line.length() + " bytes"),
                dl.getErrorMessage());
        assertArrayEquals(utf8(line), bytes(dl.getOriginal()), "under 1 MiB the original is kept whole");
        assertFalse(dl.getOriginalTruncated());
    }

    @Test
    void lineOverOneMebibyteKeepsOnlyTheFirstMebibyte() {
        start(Map.of());
        byte[] line = new byte[(1 << 20) + 10];
        Arrays.fill(line, (byte) 'a');
        pipe(null, line, T0);
        DeadLetter dl = DEAD_LETTERS.decode(deadLetters.readValue());
        assertEquals("TOO_LARGE", dl.getErrorType());
        assertTrue(dl.getOriginalTruncated());
        byte[] original = bytes(dl.getOriginal());
        assertEquals(ValidationProcessor.MAX_ORIGINAL_BYTES, original.length);
        assertArrayEquals(Arrays.copyOf(line, 1 << 20), original);
    }

    @Test
    void keepsProcessingValidRecordsAfterBadOnes() {
        start(Map.of());
        List<String> lines = List.of(
                "garbage",
                "{\"series\":\"a\",\"time\":1704067200000,\"value\":1}",
                "{\"series\":\"a\",\"time\":1704067200000,\"value\":NaN}",
                "",
                "{\"series\":\"b\",\"time\":\"2024-01-01T00:01:00Z\",\"value\":2}",
                "{\"series\":\"b\",\"time\":1704067260000,\"value\":\"x\"}",
                "{\"series\":\"c\",\"time\":1704067320000,\"value\":3}");
        for (int i = 0; i < lines.size(); i++) {
            pipe(null, utf8(lines.get(i)), T0.plusSeconds(i));
        }
        List<TestRecord<String, byte[]>> good = observations.readRecordsToList();
        assertEquals(List.of("a", "b", "c"), good.stream().map(TestRecord::key).toList());
        assertEquals(List.of(1.0, 2.0, 3.0), good.stream().map(r -> OBSERVATIONS.decode(r.value()).getValue())
                .toList());
        List<DeadLetter> bad = deadLetters.readValuesToList().stream().map(DEAD_LETTERS::decode).toList();
        assertEquals(List.of(0L, 2L, 3L, 5L), bad.stream().map(DeadLetter::getSourceOffset).toList());
        assertEquals(List.of("UNPARSEABLE", "NON_FINITE", "UNPARSEABLE", "BAD_TYPE"),
                bad.stream().map(DeadLetter::getErrorType).toList());

        assertEquals(2.0, metric(RejectionMetrics.operation(ErrorType.UNPARSEABLE) + "-total"));
        assertEquals(1.0, metric(RejectionMetrics.operation(ErrorType.NON_FINITE) + "-total"));
        assertEquals(0.0, metric(RejectionMetrics.operation(ErrorType.ID_TOO_LONG) + "-total"));
        assertEquals(3.0, metric("accepted-total"));
    }

    @Test
    void sameInputGivesSameOutputBytes() {
        List<String> lines = List.of("{\"series\":\"a\",\"time\":1704067200000,\"value\":1,\"labels\":{\"k\":\"v\"}}",
                "{bad");
        List<byte[]> first = runAll(lines);
        close();
        List<byte[]> second = runAll(lines);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i));
        }
    }

    private List<byte[]> runAll(List<String> lines) {
        start(Map.of());
        for (String l : lines) {
            pipe(null, utf8(l), T0);
        }
        List<byte[]> out = new java.util.ArrayList<>(observations.readValuesToList());
        out.addAll(deadLetters.readValuesToList());
        return out;
    }

    private double metric(String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.name().equals(name) && m.group().equals("stream-" + RejectionMetrics.SCOPE + "-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name + " in " + driver.metrics().keySet());
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
