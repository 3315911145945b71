package dev.augur.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.IngestConfig;
import dev.augur.schemas.records.Observation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineValidatorTest {
    private final JsonLineValidator validator = new JsonLineValidator(IngestConfig.defaults());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Observation accept(JsonLineValidator v, String line) {
        ValidationResult r = v.validate(utf8(line));
        if (r instanceof ValidationResult.Rejected rej) {
            throw new AssertionError("expected acceptance but got " + rej);
        }
        return ((ValidationResult.Accepted) r).observation();
    }

    private Observation accept(String line) {
        return accept(validator, line);
    }

    private ValidationResult.Rejected reject(JsonLineValidator v, String line) {
        return assertInstanceOf(ValidationResult.Rejected.class, v.validate(utf8(line)));
    }

    @Test
    void isoTimesWithOffsetsAndFractions() {
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"),
                accept("{\"series\":\"s\",\"time\":\"2024-01-01T01:00:00+01:00\",\"value\":1}").getEventTime());
        assertEquals(Instant.parse("2024-01-01T00:00:00.123Z"),
                accept("{\"series\":\"s\",\"time\":\"2024-01-01T00:00:00.123987Z\",\"value\":1}").getEventTime(),
                "fractions below a millisecond are dropped");
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"),
                accept("{\"series\":\"s\",\"time\":1704067200000.0,\"value\":1}").getEventTime(),
                "a whole number written with a fraction is accepted");
    }

    @Test
    void optionalFieldsMayBeNullAndUnknownFieldsAreIgnored() {
        Observation o = accept("\uFEFF  {\"extra\":{\"deep\":[1,{\"x\":null}]},\"series\":\"s\",\"group\":null,"
                + "\"labels\":null,\"time\":1704067200000,\"value\":1e300,\"more\":\"x\"}\n");
        assertNull(o.getGroup());
        assertTrue(o.getLabels().isEmpty());
        assertEquals(1e300, o.getValue());
    }

    @Test
    void unicodeIdsCountCharactersNotBytes() {
        JsonLineValidator v = new JsonLineValidator(IngestConfig.from(Map.of("max-id-length", "3")));
        assertEquals("\u00e9\uD83D\uDE00x",
                accept(v, "{\"series\":\"\u00e9\uD83D\uDE00x\",\"time\":0,\"value\":0}").getSeries());
        assertEquals(ErrorType.ID_TOO_LONG,
                reject(v, "{\"series\":\"abcd\",\"time\":0,\"value\":0}").errorType());
    }

    @Test
    void timestampRangeIsInclusiveExclusive() {
        JsonLineValidator v = new JsonLineValidator(IngestConfig.from(Map.of(
                "min-timestamp", "2020-01-01T00:00:00Z", "max-timestamp", "2021-01-01T00:00:00Z")));
        accept(v, "{\"series\":\"s\",\"time\":\"2020-01-01T00:00:00Z\",\"value\":1}");
        accept(v, "{\"series\":\"s\",\"time\":\"2020-12-31T23:59:59.999Z\",\"value\":1}");
        ValidationResult.Rejected r = reject(v, "{\"series\":\"s\",\"time\":\"2021-01-01T00:00:00Z\",\"value\":1}");
        assertEquals(ErrorType.BAD_TIMESTAMP, r.errorType());
        assertTrue(r.message().contains("[2020-01-01T00:00:00Z, 2021-01-01T00:00:00Z)"), r.message());
        assertEquals(ErrorType.BAD_TIMESTAMP,
                reject(v, "{\"series\":\"s\",\"time\":1577836799999,\"value\":1}").errorType());
    }

    @Test
    void checksRunInAFixedOrder() {
        ValidationResult.Rejected r = reject(validator, "{\"series\":5,\"value\":\"x\"}");
        assertEquals(ErrorType.MISSING_FIELD, r.errorType(), "missing fields come before type errors");
        assertTrue(r.message().contains("'time' was absent"), r.message());
        r = reject(validator, "{\"series\":\"\",\"time\":\"bad\",\"value\":NaN}");
        assertEquals(ErrorType.BAD_ID, r.errorType(), "series before time before value");
        r = reject(validator, "{\"series\":\"s\",\"time\":\"bad\",\"value\":NaN}");
        assertEquals(ErrorType.BAD_TIMESTAMP, r.errorType());
        r = reject(validator, "{\"series\":\"s\",\"time\":0,\"value\":NaN,\"group\":\"\"}");
        assertEquals(ErrorType.NON_FINITE, r.errorType());
    }

    @Test
    void messagesEscapeWhatTheyQuote() {
        ValidationResult.Rejected r = reject(validator, "{\"series\":\"s\",\"time\":0,\"value\":\"a\\\"b\\u0001\"}");
        assertTrue(r.message().endsWith("a string \"a\\\"b\\u0001\""), r.message());
    }

    @Test
    void excerptDoesNotSplitASurrogatePair() {
        String s = "a".repeat(63) + "\uD83D\uDE00" + "tail";
        String e = JsonLineValidator.excerpt(s);
        assertTrue(e.startsWith("a".repeat(63) + "..."), e);
    }
}
