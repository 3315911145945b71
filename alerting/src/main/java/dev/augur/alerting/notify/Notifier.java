package dev.augur.alerting.notify;

import dev.augur.schemas.records.Alert;

/**
 * Sends alert events somewhere. {@link #send} is called on a stream thread for every committed alert event: it must
 * return at once (queue the work) and must not throw. Delivery is at least once: after a crash, events since the
 * last commit are sent again, with the same alert id and state, so receivers can deduplicate.
 */
public interface Notifier extends AutoCloseable {
    /** Queues {@code alert} for delivery; never blocks. */
    void send(Alert alert);

    /** Stops, delivering what is queued within the notifier's own time limit. */
    @Override
    default void close() {
    }
}
