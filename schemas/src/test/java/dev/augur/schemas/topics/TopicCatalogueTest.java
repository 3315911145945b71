package dev.augur.schemas.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {
    @Test
    void namesCarryThePrefixAndAreUnique() {
        TopicCatalogue c = TopicCatalogue.withPrefix("team-a.");
        Set<String> names = new HashSet<>();
        for (Topic t : Topic.values()) {
            assertTrue(c.name(t).startsWith("team-a."));
            assertTrue(names.add(c.name(t)), "duplicate " + c.name(t));
        }
        assertEquals("team-a.observations", c.name(Topic.OBSERVATIONS));
    }

    @Test
    void partitionOverrideAndConfigs() {
        TopicCatalogue c = TopicCatalogue.withPrefix("x.", 2);
        for (Topic t : Topic.values()) {
            assertEquals(2, c.partitions(t));
        }
        assertEquals("compact", c.configs(Topic.DIAGNOSTICS).get("cleanup.policy"));
        assertEquals(Long.toString(7 * 24 * 3600_000L), c.configs(Topic.OBSERVATIONS).get("retention.ms"));
    }

    @Test
    void illegalPrefixIsRejectedWithTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopicCatalogue.withPrefix("bad prefix/"));
        assertTrue(e.getMessage().contains("[a-zA-Z0-9._-]"), e.getMessage());
    }
}
