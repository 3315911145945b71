package dev.augur.ingest.feed;

import java.util.ArrayList;
import java.util.List;

/** A {@link WallClock} whose sleeps advance time instantly, recording each sleep. */
final class FakeClock implements WallClock {
    long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        sleeps.add(nanos);
        now += nanos;
    }
}
