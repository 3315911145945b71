package dev.augur.alerting.views;

import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;

/**
 * Told by the view processors about every record after it is in the view stores: live dashboard updates and alert
 * notifications hang off it. Called on stream threads, so implementations must return at once (hand work to a queue)
 * and must not throw.
 */
public interface ViewListener {
    /** Does nothing. */
    ViewListener NONE = new ViewListener() {
    };

    default void observation(Observation o) {
    }

    default void score(AnomalyScore s) {
    }

    default void forecast(Forecast f) {
    }

    /** A committed alert event (read back from the alerts topic with read_committed). */
    default void alert(Alert a) {
    }
}
