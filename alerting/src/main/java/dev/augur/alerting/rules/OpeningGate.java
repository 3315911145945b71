package dev.augur.alerting.rules;

import java.util.Arrays;

/**
 * Decides whether an alert whose condition holds may open now: after {@code minDuration}, outside the cool-down,
 * within the cap. Pure apart from the {@link AlertLifecycle} it is given, which it modifies (the cap's open times).
 */
final class OpeningGate {
    /** The decision. */
    enum Decision { OPEN, PENDING, COOLING_DOWN, CAPPED }

    private OpeningGate() {
    }

    /**
     * @param lc lifecycle with {@code conditionSince} set; on {@link Decision#OPEN} the open time is recorded in
     *     {@code openTimes} (capped rules only)
     * @param now event time of the score being evaluated
     */
    static Decision decide(Rule rule, AlertLifecycle lc, long now) {
        if (now - lc.conditionSince < rule.minDurationMs()) {
            return Decision.PENDING;
        }
        if (lc.coolDownUntil != AlertLifecycle.NEVER && now < lc.coolDownUntil) {
            return Decision.COOLING_DOWN;
        }
        if (rule.capped()) {
            long from = now - rule.capPerMs();
            int keep = 0;
            for (long t : lc.openTimes) {
                if (t > from) {
                    keep++;
                }
            }
            long[] kept = Arrays.copyOfRange(lc.openTimes, lc.openTimes.length - keep, lc.openTimes.length);
            if (kept.length >= rule.capMaxAlerts()) {
                lc.openTimes = kept;
                return Decision.CAPPED;
            }
            long[] next = Arrays.copyOf(kept, kept.length + 1);
            next[kept.length] = now;
            lc.openTimes = next;
        }
        return Decision.OPEN;
    }

    /** The evaluation for a suppressed opening: counted once per episode. */
    static Evaluation suppressed(AlertLifecycle lc, Decision d) {
        if (lc.suppressed) {
            return Evaluation.NOTHING;
        }
        lc.suppressed = true;
        return new Evaluation(java.util.List.of(), d == Decision.CAPPED ? Evaluation.Outcome.SUPPRESSED_CAP
                : Evaluation.Outcome.SUPPRESSED_COOL_DOWN);
    }
}
