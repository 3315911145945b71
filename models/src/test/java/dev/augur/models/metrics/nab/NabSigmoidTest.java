package dev.augur.models.metrics.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * S(y) = 2 / (1 + e^(5y)) - 1 = -tanh(5y/2), so the reference values are tanh values (computed independently in Python
 * with math.tanh / math.exp and written out here).
 */
class NabSigmoidTest {
    private static final double EPS = 1e-12;

    @Test
    void matchesTheValuesNabDocuments() {
        assertEquals(0.9866142981514303, NabSigmoid.scaled(-1.0), EPS);   // tanh(2.5)
        assertEquals(0.8482836399575129, NabSigmoid.scaled(-0.5), EPS);   // tanh(1.25)
        assertEquals(0.0, NabSigmoid.scaled(0.0), EPS);
        assertEquals(-0.9866142981514303, NabSigmoid.scaled(1.0), EPS);
        assertEquals(0.9866142981514303, NabSigmoid.MAX_TP, EPS);
    }

    @Test
    void isTheNegatedHyperbolicTangent() {
        for (double y = -1.0; y <= 3.0; y += 0.125) {
            assertEquals(-Math.tanh(2.5 * y), NabSigmoid.scaled(y), EPS, "y = " + y);
        }
    }

    @Test
    void isExactlyMinusOneOnlyBeyondThree() {
        assertEquals(-0.9999993881955461, NabSigmoid.scaled(3.0), EPS);   // -tanh(7.5): y = 3 still uses the curve
        assertEquals(-1.0, NabSigmoid.scaled(Math.nextUp(3.0)), 0.0);
        assertEquals(-1.0, NabSigmoid.scaled(Double.POSITIVE_INFINITY), 0.0);
    }
}
