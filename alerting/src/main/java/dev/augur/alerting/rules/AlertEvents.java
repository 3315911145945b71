package dev.augur.alerting.rules;

import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AlertState;
import dev.augur.schemas.records.SubjectKind;
import java.time.Instant;
import java.util.List;

/** Builds the {@link Alert} records of the lifecycle held in an {@link AlertLifecycle}. */
final class AlertEvents {
    private AlertEvents() {
    }

    /**
     * The stable id of the alert of {@code rule} on {@code subject} that started at {@code startMillis}:
     * {@code <rule>:<subject>:<startMillis>}. The same input gives the same id, after a replay too.
     */
    static String id(Rule rule, String subject, long startMillis) {
        return rule.name() + ":" + subject + ":" + startMillis;
    }

    static Alert event(Rule rule, String subject, AlertLifecycle lc, AlertState state, long endMillis, String reason) {
        return Alert.newBuilder()
                .setId(lc.openId)
                .setSubject(subject)
                .setSubjectKind(rule.kind() == RuleKind.GROUP ? SubjectKind.GROUP : SubjectKind.SERIES)
                .setMembers(List.copyOf(lc.members))
                .setSeverity(Thresholds.severity(lc.openLevel))
                .setState(state)
                .setStartTime(Instant.ofEpochMilli(lc.firstBreach))
                .setEndTime(state == AlertState.RESOLVE ? Instant.ofEpochMilli(endMillis) : null)
                .setPeakScore(lc.peak)
                .setRule(rule.name())
                .setReason(reason)
                .build();
    }

    static String severityName(int level) {
        return Thresholds.severity(level).name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Scores are shown with enough digits to tell 0.999 from 0.9999. */
    static String score(double s) {
        return String.format(java.util.Locale.ROOT, "%.6g", s);
    }
}
