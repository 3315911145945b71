package dev.augur.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.config.ConfigException;
import dev.augur.ingest.resample.Aggregation;
import dev.augur.ingest.resample.BarStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        assertTrue(c.resampleRules().isEmpty());
        assertEquals(BarStore.Kind.ROCKSDB, c.resampleStore());
    }

    @Test
    void resampleRulesAreReadAndCheckedAtStartUp(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("rules.json");
        Files.writeString(good, "{\"rules\": [{\"name\": \"ticks-1m\", \"series\": \"ticks.*\", \"step\":"
                + " \"PT1M\", \"aggregation\": \"vwap\", \"grace\": \"PT5S\", \"output\": \"{series}.1m\"}]}");
        IngestConfig c = IngestConfig.fromArgs("--resample", good.toString(), "--resample-store", "memory");
        assertEquals(Aggregation.VWAP, c.resampleRules().ruleFor("ticks.X").aggregation());
        assertEquals(BarStore.Kind.MEMORY, c.resampleStore());
        assertTrue(c.toString().contains("ticks-1m: ticks.* -> {series}.1m vwap step PT1M grace PT5S"), c.toString());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"rules\": [{\"name\": \"ticks-1m\", \"series\": \"ticks.*\", \"step\":"
                + " \"PT7M\", \"aggregation\": \"vwap\", \"grace\": \"PT5S\"}]}");
        ConfigException e = assertThrows(ConfigException.class,
                () -> IngestConfig.fromArgs("--resample", bad.toString()));
        assertTrue(e.getMessage().startsWith("resample file " + bad + ": rule 1 \"ticks-1m\": field \"step\" must"
                + " be an ISO-8601 duration of whole milliseconds in [PT0.001S, P1D] that divides one day"),
                e.getMessage());
        assertEquals("resample-store must be one of rocksdb, memory but was 'disk'", assertThrows(
                ConfigException.class, () -> IngestConfig.fromArgs("--resample-store", "disk")).getMessage());
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
