package dev.augur.models.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AR stage's neural inference requests: the context window, the conditioning forecast, the stride. */
class SeriesProcessorNeuralRequestTest {
    static final long STEP = 60_000;

    static final class Collect implements SeriesProcessor.Output {
        final List<StageRecord> candidates = new ArrayList<>();
        final List<StageRecord> requests = new ArrayList<>();

        @Override
        public void arrival(StageRecord r) {
        }

        @Override
        public void candidate(StageRecord r) {
            candidates.add(r);
        }

        @Override
        public void diagnosticsDue(SeriesState s, long t) {
        }

        @Override
        public void neuralRequest(StageRecord r) {
            requests.add(r);
        }
    }

    static double value(int i) {
        return 10 + Math.sin(i * 0.3) + 0.1 * ((i * 7919) % 13);
    }

    @Test
    void requestsCarryTheLastCValuesOldestFirstAndTheArForecastOfTheModelHorizon() {
        int c = 40;
        SeriesProcessor p = new SeriesProcessor(4, 0.995, 6, 10, 0, c, 10, 1);
        SeriesProcessor plain = new SeriesProcessor(4, 0.995, 10, 10, 0);
        SeriesState s = p.newState();
        SeriesState q = plain.newState();
        Collect out = new Collect();
        Collect ref = new Collect();
        for (int i = 0; i < 120; i++) {
            p.apply(s, "a", i * STEP, value(i), out);
            plain.apply(q, "a", i * STEP, value(i), ref);
        }
        assertTrue(out.requests.size() > 50, "expected a request per observation once warm, found "
                + out.requests.size());
        StageRecord last = out.requests.get(out.requests.size() - 1);
        assertEquals(StageRecord.REQUEST, last.kind);
        assertEquals(119 * STEP, last.time);
        assertEquals(STEP, last.stepMillis);
        double[] expected = new double[c];
        for (int j = 0; j < c; j++) {
            expected[j] = value(120 - c + j);
        }
        assertArrayEquals(expected, last.context, 0.0);
        // the conditioning is the AR forecast from the same state, here to the model's horizon of 10 steps
        StageRecord plainLast = ref.candidates.get(ref.candidates.size() - 1);
        assertArrayEquals(plainLast.means, last.means, 0.0);
        assertArrayEquals(plainLast.variances, last.variances, 0.0);
        // the AR candidate itself keeps the job's horizon
        assertEquals(6, out.candidates.get(out.candidates.size() - 1).means.length);
        assertNull(out.candidates.get(0).context);
    }

    @Test
    void imputedPointsFillTheWindowSoItStaysOnTheGrid() {
        int c = 30;
        SeriesProcessor p = new SeriesProcessor(3, 0.995, 4, 10, 0, c, 4, 1);
        SeriesState s = p.newState();
        Collect out = new Collect();
        for (int i = 0; i < 80; i++) {
            if (i == 70 || i == 71) {
                continue; // two missing points, imputed by the AR forecast
            }
            p.apply(s, "a", i * STEP, value(i), out);
        }
        StageRecord last = out.requests.get(out.requests.size() - 1);
        assertEquals(79 * STEP, last.time);
        assertEquals(value(79), last.context[c - 1], 0.0);
        assertEquals(value(72), last.context[c - 8], 0.0);
        assertEquals(value(69), last.context[c - 11], 0.0);
        // positions of times 70 and 71 hold the imputed values, not the true ones
        assertTrue(last.context[c - 10] != value(70) && Double.isFinite(last.context[c - 10]));
        assertEquals(2, s.imputed);
    }

    @Test
    void noRequestBeforeTheWindowIsFullAndOnlyEveryNthObservationAfter() {
        int c = 50;
        SeriesProcessor p = new SeriesProcessor(2, 0.995, 3, 10, 0, c, 3, 5);
        SeriesState s = p.newState();
        Collect out = new Collect();
        for (int i = 0; i < 100; i++) {
            p.apply(s, "a", i * STEP, value(i), out);
        }
        for (StageRecord r : out.requests) {
            long n = r.time / STEP + 1;
            assertTrue(n >= c, "request before the window was full at observation " + n);
            assertEquals(0, n % 5, "request off the stride at observation " + n);
        }
        assertEquals(11, out.requests.size()); // observations 50, 55, ..., 100
    }

    @Test
    void withoutAContextLengthThereAreNoRequestsAndNoWindow() {
        SeriesProcessor p = new SeriesProcessor(2, 0.995, 3, 10, 0);
        SeriesState s = p.newState();
        Collect out = new Collect();
        for (int i = 0; i < 60; i++) {
            p.apply(s, "a", i * STEP, value(i), out);
        }
        assertTrue(out.requests.isEmpty());
        assertNull(s.window);
    }

    @Test
    void aRequestHorizonShorterThanTheJobHorizonIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SeriesProcessor(2, 0.995, 12, 10, 0, 50, 6, 1));
        assertTrue(e.getMessage().contains("request horizon >= 12"), e.getMessage());
    }
}
