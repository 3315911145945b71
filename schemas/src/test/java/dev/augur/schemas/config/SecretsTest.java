package dev.augur.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
    static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
            + "password=\"hunter2\";";

    @Test
    void secretValuesAreMaskedInArgumentLists() {
        List<String> in = List.of("--bootstrap-servers", "k:9093", "--kafka.security.protocol", "SASL_SSL",
                "--kafka.sasl.mechanism", "PLAIN", "--kafka.sasl.jaas.config", JAAS,
                "--kafka.ssl.truststore.password", "changeit", "--kafka.ssl.key.password=pw1", "--token", "abcdefgh1",
                "--kafka.ssl.truststore.location", "/etc/ts.jks");
        List<String> out = Secrets.maskArgs(in);
        assertEquals(List.of("--bootstrap-servers", "k:9093", "--kafka.security.protocol", "SASL_SSL",
                "--kafka.sasl.mechanism", "PLAIN", "--kafka.sasl.jaas.config", Secrets.MASK,
                "--kafka.ssl.truststore.password", Secrets.MASK, "--kafka.ssl.key.password=" + Secrets.MASK, "--token",
                Secrets.MASK, "--kafka.ssl.truststore.location", "/etc/ts.jks"), out);
        assertFalse(String.join(" ", out).contains("hunter2"));
    }

    @Test
    void secretValuesAreMaskedInMaps() {
        Map<String, String> out = Secrets.mask(Map.of("sasl.jaas.config", JAAS, "security.protocol", "SASL_SSL"));
        assertEquals(Secrets.MASK, out.get("sasl.jaas.config"));
        assertEquals("SASL_SSL", out.get("security.protocol"));
    }

    @Test
    void namesThatAreNotSecretsAreNot() {
        assertFalse(Secrets.isSecret("kafka.sasl.client.callback.handler.class"));
        assertFalse(Secrets.isSecret("kafka.ssl.truststore.location"));
        assertFalse(Secrets.isSecret("topic-prefix"));
        assertTrue(Secrets.isSecret("KAFKA.SSL.KEYSTORE.PASSWORD"));
        assertTrue(Secrets.isSecret("sasl.oauthbearer.client.credentials.client.secret"));
    }
}
