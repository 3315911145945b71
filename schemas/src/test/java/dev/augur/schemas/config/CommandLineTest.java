package dev.augur.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void splitsOwnOptionsFromKafkaPassThrough() {
        CommandLine cl = CommandLine.parse("--a", "1", "--b=x=y", "--kafka.sasl.jaas.config", "k v", "--neg", "-3");
        assertEquals(Map.of("a", "1", "b", "x=y", "neg", "-3"), cl.options());
        assertEquals(Map.of("sasl.jaas.config", "k v"), cl.kafka());
        assertEquals("k v", cl.kafkaProperties().getProperty("sasl.jaas.config"));
        assertTrue(CommandLine.parse("--help").helpRequested());
    }

    @Test
    void syntaxErrorsNameTheArgument() {
        assertEquals("--a expects a value but none was given",
                assertThrows(ConfigException.class, () -> CommandLine.parse("--a")).getMessage());
        assertEquals("--a expects a value but none was given",
                assertThrows(ConfigException.class, () -> CommandLine.parse("--a", "--b", "1")).getMessage());
        assertEquals("expected an option of the form --key value but found 'file.csv'",
                assertThrows(ConfigException.class, () -> CommandLine.parse("file.csv")).getMessage());
        assertEquals("--a was given twice",
                assertThrows(ConfigException.class, () -> CommandLine.parse("--a", "1", "--a", "2")).getMessage());
    }
}
