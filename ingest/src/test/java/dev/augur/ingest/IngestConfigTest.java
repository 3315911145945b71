package dev.augur.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.config.ConfigException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestConfigTest {
    @Test
    void defaults() {
        IngestConfig c = IngestConfig.defaults();
        assertEquals("augur.", c.topicPrefix());
        assertEquals("augur.raw", c.topics().name(dev.augur.schemas.topics.Topic.RAW));
        assertEquals(256, c.maxIdLength());
        assertEquals(Instant.parse("1900-01-01T00:00:00Z"), c.minTimestamp());
        assertEquals(Instant.parse("2200-01-01T00:00:00Z"), c.maxTimestamp());
        assertEquals(1 << 20, c.maxLineBytes());
    }

    @Test
    void fromPropertiesAndFromArgs() {
        Properties p = new Properties();
        p.setProperty("topic-prefix", "x.");
        p.setProperty("max-id-length", "64");
        p.setProperty("some-other-app-setting", "ignored");
        IngestConfig c = IngestConfig.fromProperties(p);
        assertEquals("x.", c.topicPrefix());
        assertEquals(64, c.maxIdLength());

        c = IngestConfig.fromArgs("--max-line-bytes", "4096", "--min-timestamp=2000-01-01T00:00:00Z",
                "--bootstrap-servers", "b:9092");
        assertEquals(4096, c.maxLineBytes());
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), c.minTimestamp());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max-id-length|0|max-id-length must be an integer in [1, 4096] but was '0'",
        "max-id-length|4097|max-id-length must be an integer in [1, 4096] but was '4097'",
        "max-id-length|ten|max-id-length must be an integer in [1, 4096] but was 'ten'",
        "max-line-bytes|63|max-line-bytes must be an integer in [64, 67108864] but was '63'",
        "min-timestamp|2024-01-01|min-timestamp must be an ISO-8601 instant such as 2024-01-01T00:00:00Z but was"
                + " '2024-01-01'",
        "topic-prefix|bad prefix!|topic-prefix must be a string matching [a-zA-Z0-9._-]{0,200} but was"
                + " 'bad prefix!'"})
    void badValueNamesTheKeyAndTheAllowedRange(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> IngestConfig.from(Map.of(key, value)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void timestampRangeMustNotBeEmpty() {
        ConfigException e = assertThrows(ConfigException.class, () -> IngestConfig.from(Map.of(
                "min-timestamp", "2020-01-01T00:00:00Z", "max-timestamp", "2020-01-01T00:00:00Z")));
        assertTrue(e.getMessage().startsWith("max-timestamp must be after min-timestamp"), e.getMessage());
    }
}
