package dev.augur.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.config.ConfigException;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class IngestAppConfigTest {
    @Test
    void streamsPropertiesAreExactlyOnceWithPassThrough() {
        IngestAppConfig c = IngestAppConfig.fromArgs("--bootstrap-servers", "b1:9092,b2:9092", "--topic-prefix",
                "dev.", "--kafka.security.protocol", "SASL_SSL", "--kafka.sasl.mechanism", "PLAIN",
                "--max-id-length", "100");
        Properties p = c.streamsProperties();
        assertEquals("b1:9092,b2:9092", p.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("augur-ingest", p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("1000", p.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals("SASL_SSL", p.getProperty("security.protocol"));
        assertEquals("PLAIN", p.getProperty("sasl.mechanism"));
        assertTrue(p.getProperty(StreamsConfig.STATE_DIR_CONFIG).endsWith("augur-ingest-state"));
        assertEquals("dev.", c.ingest().topicPrefix());
        assertEquals(100, c.ingest().maxIdLength());
    }

    @Test
    void bootstrapServersAreRequired() {
        ConfigException e = assertThrows(ConfigException.class, () -> IngestAppConfig.fromArgs("--topic-prefix", "x."));
        assertTrue(e.getMessage().startsWith("bootstrap-servers is required"), e.getMessage());
    }

    @Test
    void unknownOptionIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> IngestAppConfig.fromArgs("--bootstrap-servers", "b:1", "--max-id-lenght", "5"));
        assertTrue(e.getMessage().startsWith("unknown option --max-id-lenght; expected one of"), e.getMessage());
        assertTrue(e.getMessage().contains("--max-id-length"), e.getMessage());
    }

    @Test
    void ownOptionsCannotBePassedThrough() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> IngestAppConfig.fromArgs("--bootstrap-servers", "b:1", "--kafka.application.id", "x"));
        assertEquals("--kafka.application.id is set through its own option; use --application-id instead",
                e.getMessage());
    }

    @Test
    void commitIntervalIsRangeChecked() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> IngestAppConfig.fromArgs("--bootstrap-servers", "b:1", "--commit-interval-ms", "5"));
        assertEquals("commit-interval-ms must be an integer in [10, 600000] but was '5'", e.getMessage());
    }

    @Test
    void missingResampleFileFailsAtStartUp() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> IngestAppConfig.fromArgs("--bootstrap-servers", "b:1", "--resample", "/nonexistent/rules.json"));
        assertEquals("resample file /nonexistent/rules.json does not exist", e.getMessage());
    }

    @Test
    void usageListsEveryOption() {
        String usage = IngestAppConfig.usage();
        for (var s : IngestAppConfig.SETTINGS) {
            assertTrue(usage.contains("--" + s.key()), s.key());
        }
    }

    @Test
    void metricsEndpointDefaultsToAFreeLocalPortAndCanBeTurnedOff() {
        IngestAppConfig c = IngestAppConfig.fromArgs("--bootstrap-servers", "b:1");
        assertEquals("127.0.0.1", c.metricsHost());
        assertEquals(0, c.metricsPort());
        assertTrue(c.metricsEnabled());
        IngestAppConfig off = IngestAppConfig.fromArgs("--bootstrap-servers", "b:1", "--metrics-port", "-1");
        assertEquals(-1, off.metricsPort());
        assertTrue(!off.metricsEnabled());
        IngestAppConfig set = IngestAppConfig.fromArgs("--bootstrap-servers", "b:1", "--metrics-host", "0.0.0.0",
                "--metrics-port", "9464");
        assertEquals("0.0.0.0", set.metricsHost());
        assertEquals(9464, set.metricsPort());
    }

    @Test
    void metricsPortIsRangeChecked() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> IngestAppConfig.fromArgs("--bootstrap-servers", "b:1", "--metrics-port", "65536"));
        assertEquals("metrics-port must be an integer in [-1, 65535] but was '65536'", e.getMessage());
        assertThrows(ConfigException.class,
                () -> IngestAppConfig.fromArgs("--bootstrap-servers", "b:1", "--metrics-port", "-2"));
        assertTrue(IngestAppConfig.usage().contains("--metrics-port"), IngestAppConfig.usage());
    }
}
