package dev.augur.alerting.rules;

import dev.augur.schemas.records.Alert;
import java.util.List;

/**
 * What one score did to one (rule, subject): the alert events to emit (in order) and how the score was taken.
 *
 * @param alerts OPEN, UPDATE or RESOLVE events, possibly none
 * @param outcome how the score was taken
 */
public record Evaluation(List<Alert> alerts, Outcome outcome) {
    /** How a score was taken by a rule. */
    public enum Outcome {
        /** The score moved the rule's state (possibly emitting events). */
        EVALUATED,
        /** The score's time is not after the last one seen for this subject (a duplicate or a replay): ignored. */
        DUPLICATE,
        /** An alert would have opened but the subject is cooling down (counted once per episode). */
        SUPPRESSED_COOL_DOWN,
        /** An alert would have opened but the cap on alerts per period is reached (counted once per episode). */
        SUPPRESSED_CAP
    }

    static final Evaluation DUPLICATE = new Evaluation(List.of(), Outcome.DUPLICATE);
    static final Evaluation NOTHING = new Evaluation(List.of(), Outcome.EVALUATED);

    static Evaluation of(Alert alert) {
        return new Evaluation(List.of(alert), Outcome.EVALUATED);
    }
}
