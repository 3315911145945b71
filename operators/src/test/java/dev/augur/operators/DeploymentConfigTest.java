package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.augur.operators.config.AugurOptions;
import dev.augur.operators.config.JobConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/**
 * The job's side of the deployment files: the arguments the compose file and the {@code FlinkDeployment} give the job
 * pass {@link JobConfig}'s validation, and every Flink setting they use (FLINK_PROPERTIES, flinkConfiguration, Flink
 * keys among the job arguments) is an option Flink defines, so a typo cannot silently do nothing.
 */
class DeploymentConfigTest {
    static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final List<Class<?>> FLINK_OPTIONS = List.of(CoreOptions.class, CheckpointingOptions.class,
            StateBackendOptions.class, RestartStrategyOptions.class, HighAvailabilityOptions.class,
            JobManagerOptions.class, TaskManagerOptions.class, RestOptions.class);

    static Set<String> keysOf(List<Class<?>> holders) throws IllegalAccessException {
        Set<String> keys = new HashSet<>();
        for (Class<?> c : holders) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                    keys.add(o.key());
                    for (FallbackKey k : o.fallbackKeys()) {
                        keys.add(k.getKey());
                    }
                }
            }
        }
        return keys;
    }

    static List<String> strings(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(n -> l.add(n.asText()));
        return l;
    }

    /** Validates job arguments as the job does at start-up; returns their keys that are not Augur's own. */
    static Set<String> checkJobArgs(String where, List<String> args) throws IllegalAccessException {
        Configuration c = JobConfig.parseArgs(args.toArray(String[]::new));
        JobConfig.from(c); // throws naming the key and range on a bad value
        Set<String> augur = keysOf(List.of(AugurOptions.class));
        Set<String> other = new HashSet<>();
        for (String k : c.keySet()) {
            if (!augur.contains(k) && !k.startsWith("kafka.")) {
                other.add(k);
            }
        }
        return other;
    }

    @Test
    void composeAndFlinkDeploymentGiveTheJobValidSettings() throws Exception {
        Set<String> flink = keysOf(FLINK_OPTIONS);
        JsonNode compose = YAML.readTree(DEPLOY.resolve("compose/docker-compose.yml").toFile());
        List<String> cmd = strings(compose.path("services").path("jobmanager").path("command"));
        assertEquals("dev.augur.operators.AugurJob", cmd.get(2));
        Set<String> used = new HashSet<>(checkJobArgs("compose", cmd.subList(3, cmd.size())));
        String props = compose.path("x-flink-config").path("FLINK_PROPERTIES").asText();
        for (String line : props.split("\n")) {
            if (!line.isBlank()) {
                used.add(line.substring(0, line.indexOf(':')).trim());
            }
        }
        JsonNode fd = null;
        try (var it = YAML.readerFor(JsonNode.class).readValues(DEPLOY.resolve("k8s/augur-job.yaml").toFile())) {
            while (it.hasNext()) {
                JsonNode d = (JsonNode) it.next();
                if (d != null && "FlinkDeployment".equals(d.path("kind").asText())) {
                    fd = d;
                }
            }
        }
        assertTrue(fd != null, "a FlinkDeployment in deploy/k8s/augur-job.yaml");
        used.addAll(checkJobArgs("FlinkDeployment", strings(fd.path("spec").path("job").path("args"))));
        fd.path("spec").path("flinkConfiguration").fieldNames().forEachRemaining(used::add);
        assertTrue(used.size() > 8, "Flink settings found: " + used);
        for (String k : used) {
            assertTrue(flink.contains(k), "'" + k + "' is not an option of Flink " + FLINK_OPTIONS.stream()
                    .map(Class::getSimpleName).toList());
        }
    }

    @Test
    void aMisspelledFlinkKeyWouldBeCaught() throws Exception {
        Set<String> flink = keysOf(FLINK_OPTIONS);
        assertTrue(flink.contains("state.backend.type"));
        assertFalse(flink.contains("state.backend.typ"));
    }
}
