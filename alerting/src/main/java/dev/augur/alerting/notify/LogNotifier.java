package dev.augur.alerting.notify;

import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AlertState;
import dev.augur.schemas.records.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each alert event to the log (logger {@code dev.augur.alerting.notify.LogNotifier}): WARN for critical
 * openings and escalations, INFO otherwise. One line, e.g.
 * {@code alert OPEN CRITICAL series-spike on plant-1/temp (id ..., peak 0.99999): score >= 0.9999 (critical)}.
 */
public final class LogNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(LogNotifier.class);

    @Override
    public void send(Alert a) {
        String members = a.getMembers().isEmpty() ? "" : " members " + a.getMembers();
        String line = "alert {} {} {} on {}{} (id {}, peak {}): {}";
        Object[] args = {a.getState(), a.getSeverity(), a.getRule(), a.getSubject(), members, a.getId(),
                a.getPeakScore(), a.getReason()};
        if (a.getSeverity() == Severity.CRITICAL && a.getState() != AlertState.RESOLVE) {
            LOG.warn(line, args);
        } else {
            LOG.info(line, args);
        }
    }
}
