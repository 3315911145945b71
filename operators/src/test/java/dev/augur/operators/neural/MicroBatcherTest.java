package dev.augur.operators.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The micro-batcher on its own: flush on size, flush on time, failures reach every request, close. */
class MicroBatcherTest {

    @Test
    void fullBatchesRunAtOnceInOrderAndEachRequestGetsItsOwnAnswer() throws Exception {
        List<List<Integer>> seen = Collections.synchronizedList(new ArrayList<>());
        // a flush time far beyond the test: only the size can trigger these batches
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>(batch -> {
            seen.add(List.copyOf(batch));
            return batch.stream().map(x -> x * 10).toList();
        }, 4, 600_000, "test-batcher")) {
            int n = 12;
            Integer[] answers = new Integer[n];
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                b.submit(i, (a, e) -> {
                    assertNull(e);
                    answers[k] = a;
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS), "expected 12 answers within 10 s");
            for (int i = 0; i < n; i++) {
                assertEquals(i * 10, answers[i]);
            }
            assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9, 10, 11)), seen);
            assertEquals(3, b.batches());
            assertEquals(12, b.answered());
        }
    }

    @Test
    void aPartialBatchRunsWhenItsFlushTimeIsUp() throws Exception {
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>(batch -> batch, 100, 20, "test-batcher")) {
            CountDownLatch done = new CountDownLatch(3);
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                b.submit(i, (a, e) -> done.countDown());
            }
            assertTrue(done.await(10, TimeUnit.SECONDS), "expected the partial batch to be flushed by time");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(20),
                    "expected the batch to wait for its flush time");
            assertEquals(1, b.batches());
            assertEquals(0, b.waiting());
        }
    }

    @Test
    void aFailedBatchFailsEachOfItsRequestsAndLaterBatchesStillRun() throws Exception {
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>(batch -> {
            if (batch.contains(-1)) {
                throw new IllegalStateException("boom");
            }
            return batch;
        }, 2, 600_000, "test-batcher")) {
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(4);
            AtomicReference<Integer> last = new AtomicReference<>();
            for (int x : new int[] {-1, 1, 2, 3}) {
                b.submit(x, (a, e) -> {
                    if (e != null) {
                        errors.add(e);
                    } else {
                        last.set(a);
                    }
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(2, errors.size());
            assertEquals("boom", errors.get(0).getMessage());
            assertEquals(3, last.get());
        }
    }

    @Test
    void aHandlerAnsweringTheWrongNumberOfRequestsIsAFailure() throws Exception {
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>(batch -> List.of(1), 2, 600_000, "t")) {
            AtomicReference<Throwable> error = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(2);
            b.submit(1, (a, e) -> {
                error.set(e);
                done.countDown();
            });
            b.submit(2, (a, e) -> done.countDown());
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertTrue(error.get().getMessage().contains("expected 2 answers"), error.get().getMessage());
        }
    }

    @Test
    void closingFailsTheRequestsStillWaitingAndRefusesNewOnes() throws Exception {
        MicroBatcher<Integer, Integer> b = new MicroBatcher<>(batch -> batch, 100, 600_000, "t");
        AtomicReference<Throwable> error = new AtomicReference<>();
        b.submit(1, (a, e) -> error.set(e));
        b.close();
        assertTrue(error.get() instanceof IllegalStateException);
        assertThrows(IllegalStateException.class, () -> b.submit(2, (a, e) -> { }));
    }
}
