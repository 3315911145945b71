package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.star.SpatialWeights;
import dev.augur.operators.config.JobConfig;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Settings that choose the group models (spatial weights, sparse threshold) and the neural stage. */
class JobConfigModelsTest {
    static Configuration base(String... kv) {
        Configuration c = JobConfig.parseArgs(new String[] {"--bootstrap-servers", "127.0.0.1:9092"});
        for (int i = 0; i < kv.length; i += 2) {
            c.setString(kv[i], kv[i + 1]);
        }
        return c;
    }

    static String failure(String... kv) {
        return assertThrows(IllegalArgumentException.class, () -> JobConfig.from(base(kv))).getMessage();
    }

    @Test
    void edgesAndCoordinatesBecomeRowNormalisedWeightsInMemberOrder() {
        JobConfig c = JobConfig.from(base("groups", "g=c,a,b;h=p,q,r", "group.weights",
                "g=a~b,b~c;h=p@0:0,q@3:4,r@6:0"));
        Map<String, SpatialWeights> w = c.groupWeights();
        // g's members sorted: a, b, c; b has two neighbours
        SpatialWeights g = w.get("g");
        assertEquals(1.0, g.weight(0, 1), 1e-15);
        assertEquals(0.5, g.weight(1, 0), 1e-15);
        assertEquals(0.5, g.weight(1, 2), 1e-15);
        assertEquals(0.0, g.weight(0, 2), 0.0);
        // h: p-q 5, p-r 6, q-r 5; inverse distance, row p: (1/5, 1/6) normalised
        SpatialWeights h = w.get("h");
        assertEquals((1 / 5.0) / (1 / 5.0 + 1 / 6.0), h.weight(0, 1), 1e-15);
        assertEquals(0.5, h.weight(1, 0), 1e-15);
    }

    @Test
    void badWeightsFailAtStartUpNamingTheKeyAndTheProblem() {
        assertTrue(failure("group.weights", "g=a~b").contains("group 'g' must be listed in groups"));
        assertTrue(failure("groups", "g=a,b,c", "group.weights", "g=a~b,b~d")
                .contains("expected one of its members [a, b, c] but found 'd'"));
        assertTrue(failure("groups", "g=a,b,c", "group.weights", "g=a~b")
                .contains("expected every member to have a neighbour but 'c' has none"));
        assertTrue(failure("groups", "g=a,b,c", "group.weights", "g=a@0:0,b@1:x,c@2:2")
                .contains("expected a number but found 'x'"));
        assertTrue(failure("groups", "g=a,b,c", "group.weights", "g=a@0:0,b@1:1")
                .contains("expected coordinates for every member but 'c' has none"));
        assertTrue(failure("groups", "g=a,b,c", "group.weights", "g=a-b")
                .startsWith("group.weights: group 'g': expected an edge 'a~b'"));
        assertEquals("group.sparse-above must be in [2, 64] but was 1", failure("group.sparse-above", "1"));
    }

    @Test
    void neuralSettingsHaveSensibleDefaultsAndRanges() {
        JobConfig c = JobConfig.from(base());
        assertTrue(!c.neuralEnabled());
        assertEquals("bundled", c.neuralModel());
        assertEquals(64, c.neuralBatchSize());
        assertEquals(20, c.neuralFlush().toMillis());
        assertEquals("neural.batch-size must be in [1, 4096] but was 0", failure("neural.batch-size", "0"));
        assertEquals("neural.capacity must be in [1, 100000] but was 0", failure("neural.capacity", "0"));
        assertEquals("neural.every must be in [1, 10000] but was 0", failure("neural.every", "0"));
        assertTrue(failure("neural.flush", "0 ms").startsWith("neural.flush must be in [PT0.001S, PT10S]"));
        assertTrue(failure("neural.model", " ").startsWith("neural.model must be a non-empty string"));
    }
}
