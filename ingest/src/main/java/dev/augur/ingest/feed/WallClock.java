package dev.augur.ingest.feed;

/** Monotonic time and sleeping, so pacing and progress can be tested without waiting. */
public interface WallClock {
    /** The system clock: {@link System#nanoTime()} and {@link Thread#sleep}. */
    WallClock SYSTEM = new WallClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
            }
        }
    };

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;
}
