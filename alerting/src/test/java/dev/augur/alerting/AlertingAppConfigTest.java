package dev.augur.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.config.ConfigException;
import dev.augur.alerting.rules.RuleFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingAppConfigTest {

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> AlertingAppConfig.fromArgs(args)).getMessage();
    }

    @Test
    void defaultsAndExactlyOnce() {
        AlertingAppConfig c = AlertingAppConfig.fromArgs("--bootstrap-servers", "k:9092");
        assertEquals("127.0.0.1", c.httpHost());
        assertEquals(8088, c.httpPort());
        assertNull(c.token());
        assertNull(c.webhook());
        assertEquals("augur.alerts", c.topology().topics().name(dev.augur.schemas.topics.Topic.ALERTS));
        assertEquals(AlertingConfig.DEFAULT_HISTORY_POINTS, c.topology().historyPoints());
        assertTrue(c.topology().rules().source().startsWith("classpath:"), "default rules when no --rules");
        Properties p = c.streamsProperties();
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("augur-alerting", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("k:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void everyOptionIsRead(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("r.yaml");
        Files.writeString(rules, "rules:\n  - name: only\n    thresholds: {critical: 0.9}\n");
        AlertingAppConfig c = AlertingAppConfig.fromArgs("--bootstrap-servers", "k:9092", "--topic-prefix", "p.",
                "--application-id", "app", "--state-dir", dir.toString(), "--rules", rules.toString(),
                "--http-host", "0.0.0.0", "--http-port", "0", "--token", "s3cret-token",
                "--webhook-url", "http://127.0.0.1:9/hook", "--webhook-retries", "5", "--webhook-timeout", "PT2S",
                "--history-points", "100", "--alert-retention", "PT2H", "--kafka.security.protocol", "SASL_SSL");
        assertEquals(0, c.httpPort());
        assertEquals("s3cret-token", c.token());
        assertEquals(5, c.webhook().retries());
        assertEquals(2_000, c.webhook().timeout().toMillis());
        assertEquals("only", c.topology().rules().rules().get(0).name());
        assertEquals(100, c.topology().historyPoints());
        assertEquals("p.anomalies", c.topology().topics().name(dev.augur.schemas.topics.Topic.ANOMALIES));
        Properties p = c.streamsProperties();
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("app", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals(dir.toString(), p.get(StreamsConfig.STATE_DIR_CONFIG));
    }

    @Test
    void badValuesFailNamingTheKeyAndTheRange() {
        String m = error("--topic-prefix", "x.");
        assertTrue(m.contains("bootstrap-servers is required"), m);
        m = error("--bootstrap-servers", "k:9092", "--http-port", "70000");
        assertTrue(m.contains("http-port must be an integer in [0, 65535] but was '70000'"), m);
        m = error("--bootstrap-servers", "k:9092", "--webhook-url", "ftp://x/y");
        assertTrue(m.contains("webhook-url must be an http:// or https:// URL with a host but was 'ftp://x/y'"), m);
        m = error("--bootstrap-servers", "k:9092", "--token", "short");
        assertTrue(m.contains("token must be 8 to 512 visible ASCII characters"), m);
        m = error("--bootstrap-servers", "k:9092", "--rules", "/no/such/rules.yaml");
        assertTrue(m.contains("rules must be a readable YAML or JSON rules file but was '/no/such/rules.yaml'"), m);
        m = error("--bootstrap-servers", "k:9092", "--http-prot", "1");
        assertTrue(m.contains("unknown option --http-prot"), m);
        m = error("--bootstrap-servers", "k:9092", "--kafka.application.id", "x");
        assertTrue(m.contains("use --application-id instead"), m);
        m = error("--bootstrap-servers", "k:9092", "--history-points", "5");
        assertTrue(m.contains("history-points must be an integer in [10, 100000] but was '5'"), m);
        assertThrows(ConfigException.class, () -> AlertingAppConfig.fromArgs("--bootstrap-servers"));
    }

    @Test
    void aBadRulesFileFailsAtStartUp(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("bad.yaml");
        Files.writeString(rules, "rules:\n  - name: broken\n    thresholds: {critical: 2}\n");
        RuleFileException e = assertThrows(RuleFileException.class, () -> AlertingAppConfig.fromArgs(
                "--bootstrap-servers", "k:9092", "--rules", rules.toString()));
        assertTrue(e.getMessage().contains("rule 'broken'") && e.getMessage().contains("thresholds.critical"),
                e.getMessage());
    }
}
