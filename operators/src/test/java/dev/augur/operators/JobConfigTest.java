package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.operators.config.JobConfig;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class JobConfigTest {
    static Configuration base() {
        return JobConfig.parseArgs(new String[] {"--bootstrap-servers", "127.0.0.1:9092"});
    }

    static String failure(String key, String value) {
        Configuration c = base();
        c.setString(key, value);
        return assertThrows(IllegalArgumentException.class, () -> JobConfig.from(c)).getMessage();
    }

    @Test
    void defaultsAreValid() {
        JobConfig c = JobConfig.from(base());
        assertEquals(12, c.horizon());
        assertEquals(8, c.arOrder());
        assertEquals("augur.", c.topicPrefix());
    }

    @Test
    void badValuesNameTheKeyAndTheRange() {
        assertEquals("forecast.horizon must be in [1, 1000] but was 0", failure("forecast.horizon", "0"));
        assertEquals("ar.order must be in [1, 64] but was 65", failure("ar.order", "65"));
        assertEquals("ar.forgetting must be in (0.9, 1] but was 0.5", failure("ar.forgetting", "0.5"));
        assertTrue(failure("forecast.quantile-levels", "0.1;0.5;0.9").contains("lacks [0.05, 0.95]"));
        assertTrue(failure("forecast.quantile-levels", "0.05;0.1;0.5;0.5;0.9;0.95").contains("strictly ascending"));
        assertTrue(failure("topic-prefix", "a b").startsWith("topic-prefix must match"));
        assertTrue(failure("starting-offsets", "middle").startsWith("starting-offsets must be one of"));
    }

    @Test
    void missingBootstrapIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.from(new Configuration()));
        assertTrue(e.getMessage().startsWith("bootstrap-servers is required"));
    }

    @Test
    void kafkaSettingsPassThrough() {
        Configuration c = base();
        c.setString("kafka.security.protocol", "SASL_SSL");
        assertEquals("SASL_SSL", JobConfig.from(c).kafkaProperties().getProperty("security.protocol"));
    }

    @Test
    void argsMustBePairs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.parseArgs(new String[] {"--a"}));
        assertTrue(e.getMessage().startsWith("expected arguments as --key value pairs"));
    }
}
