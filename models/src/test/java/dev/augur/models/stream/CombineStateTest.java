package dev.augur.models.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The parts of {@link CombineState} the ensemble's output order depends on. */
class CombineStateTest {
    @Test
    void modelOrderIsByNameWhateverTheOrderOfFirstArrival() {
        CombineState s = new CombineState(2, 1);
        assertArrayEquals(new int[0], s.modelOrder());
        for (String m : new String[] {"var-rls", "ar-rls", "neural-diffusion", "star-rls", "a"}) {
            s.modelIndex(m, 8);
        }
        // indices: var-rls 0, ar-rls 1, neural-diffusion 2, star-rls 3, a 4
        assertArrayEquals(new int[] {4, 1, 2, 3, 0}, s.modelOrder());
        assertArrayEquals(new String[] {"a", "ar-rls", "neural-diffusion", "star-rls", "var-rls"}, s.sortedModels());
    }
}
