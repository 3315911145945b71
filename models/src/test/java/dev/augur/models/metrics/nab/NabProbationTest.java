package dev.augur.models.metrics.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NabProbationTest {

    @Test
    void isFifteenPercentRoundedDownCappedAt750() {
        assertEquals(604, NabProbation.length(4032));     // floor(604.8)
        assertEquals(186, NabProbation.length(1243));     // floor(186.45)
        assertEquals(709, NabProbation.length(4730));     // floor(709.5)
        assertEquals(750, NabProbation.length(5000));
        assertEquals(750, NabProbation.length(22695));    // not 3404
        assertEquals(3, NabProbation.length(20));
        assertEquals(0, NabProbation.length(0));
    }

    @Test
    void rejectsNegativeLengths() {
        assertThrows(IllegalArgumentException.class, () -> NabProbation.length(-1));
    }
}
