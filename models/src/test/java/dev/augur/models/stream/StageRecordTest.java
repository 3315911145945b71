package dev.augur.models.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StageRecordTest {
    @Test
    void arrivalAndCandidateHoldsBoth() {
        StageRecord a = StageRecord.arrival("s", "g", 60_000, 1.5, true);
        StageRecord c = StageRecord.candidate("s", "g", 60_000, "ar-rls", "2", 60_000, new double[] {1, 2},
                new double[] {3, 4}, 7, false, 1);
        StageRecord b = StageRecord.arrivalAndCandidate(a, c);
        assertTrue(b.isArrival() && b.isCandidate());
        assertEquals(1.5, b.value);
        assertTrue(b.warmingUp);
        assertFalse(b.candidateWarmingUp);
        assertEquals("ar-rls", b.model);
        assertArrayEquals(new double[] {3, 4}, b.variances);
        assertEquals(1, b.imputed);
        assertTrue(a.isArrival() && !a.isCandidate() && c.isCandidate() && !c.isArrival());

        StageRecord other = StageRecord.candidate("s", "g", 120_000, "ar-rls", "2", 60_000, new double[] {1},
                new double[] {1}, 7, false, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StageRecord.arrivalAndCandidate(a, other));
        assertTrue(e.getMessage().startsWith("expected an ARRIVAL and a CANDIDATE of one series and time"),
                e.getMessage());
    }
}
