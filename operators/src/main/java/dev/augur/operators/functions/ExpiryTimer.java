package dev.augur.operators.functions;

import org.apache.flink.streaming.api.TimerService;

/**
 * One expiry (TTL) timer per key instead of one per record: a stage keeps the time of its pending expiry timer in its
 * state ({@code ttlTimer}, 0 for none) next to {@code expiresAt}. Activity only moves {@code expiresAt}; when the
 * timer fires before the key has expired it is re-armed at the current {@code expiresAt}. Per record this saves a
 * timer insertion and, later, a timer firing that reads the state only to find the key still active.
 */
final class ExpiryTimer {
    private ExpiryTimer() {
    }

    /**
     * Returns the expiry timer to keep: the pending one if it fires after {@code now}, else a new timer at
     * {@code expiresAt} (registered here), or 0 when {@code expiresAt} is not after {@code now}.
     */
    static long rearm(TimerService timers, long now, long pending, long expiresAt) {
        if (pending > now) {
            return pending;
        }
        if (expiresAt <= now) {
            return 0;
        }
        timers.registerEventTimeTimer(expiresAt);
        return expiresAt;
    }
}
