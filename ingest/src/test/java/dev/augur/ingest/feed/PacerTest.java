package dev.augur.ingest.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacerTest {
    private static FeedRecord at(long eventMillis) {
        return new FeedRecord("s", null, eventMillis, 1.0);
    }

    @Test
    void eventTimePacerScalesEventTimeBySpeedup() throws InterruptedException {
        FakeClock clock = new FakeClock();
        long start = clock.now;
        Pacer p = new EventTimePacer(60, clock); // one event-time minute per wall second
        assertTrue(p.await(at(0), () -> false));
        assertEquals(start, clock.now);
        assertTrue(p.await(at(60_000), () -> false));
        assertEquals(start + 1_000_000_000L, clock.now);
        assertTrue(p.await(at(30_000), () -> false), "event time going backwards is sent at once");
        assertEquals(start + 1_000_000_000L, clock.now);
        assertTrue(p.await(at(150_000), () -> false));
        assertEquals(start + 2_500_000_000L, clock.now);
        assertTrue(clock.sleeps.stream().allMatch(s -> s <= 100_000_000L), "sleeps in short slices");
    }

    @Test
    void ratePacerSpacesRecordsEvenly() throws InterruptedException {
        FakeClock clock = new FakeClock();
        long start = clock.now;
        Pacer p = new RatePacer(4, clock);
        for (int i = 0; i < 5; i++) {
            assertTrue(p.await(at(0), () -> false));
            assertEquals(start + i * 250_000_000L, clock.now);
        }
    }

    @Test
    void stopEndsTheWait() throws InterruptedException {
        FakeClock clock = new FakeClock();
        Pacer p = new EventTimePacer(1, clock);
        p.await(at(0), () -> false);
        long before = clock.now;
        assertFalse(p.await(at(3_600_000), () -> clock.now - before >= 300_000_000L));
        assertTrue(clock.now - before < 1_000_000_000L);
    }

    @Test
    void fallingBehindDoesNotCauseABurst() throws InterruptedException {
        FakeClock clock = new FakeClock();
        Pacer p = new RatePacer(10, clock);
        p.await(at(0), () -> false);
        clock.now += 5_000_000_000L; // the sink stalled for 5 s
        p.await(at(0), () -> false);
        long t = clock.now;
        p.await(at(0), () -> false);
        assertEquals(t + 100_000_000L, clock.now, "the schedule moved forward instead of catching up");
    }

    @Test
    void zeroMeansUnpaced() {
        assertSame(Pacer.UNPACED, EventTimePacer.forSpeedup(0, WallClock.SYSTEM));
        assertSame(Pacer.UNPACED, RatePacer.forRate(0, WallClock.SYSTEM));
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(-1, WallClock.SYSTEM));
    }
}
