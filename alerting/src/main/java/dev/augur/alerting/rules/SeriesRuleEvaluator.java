package dev.augur.alerting.rules;

import dev.augur.schemas.records.AlertState;
import dev.augur.schemas.records.AnomalyScore;

/**
 * The series rule transition: {@code (rule, state, score) -> (state', alert events)}. Pure apart from the state,
 * which it modifies in place; time is the score's event time only, so the same scores give the same alerts.
 *
 * <p>With {@code L(x)} the highest severity level whose threshold {@code x} reaches (0 for none) and the ring of the
 * last {@code n} levels, the window severity is the highest level {@code s} with
 * {@code #{i : L_i >= s} >= k}. An alert opens when the window severity is set and has been since
 * {@code conditionSince} for at least {@code minDuration}, outside the cool-down and within the cap; it escalates
 * (UPDATE) when the window severity rises; it resolves after {@code clearCount} consecutive scores
 * {@code < resolveBelow} once {@code quietFor} has passed since the last breach. On resolve the ring is cleared, so
 * old breaches cannot reopen it.
 */
public final class SeriesRuleEvaluator {
    private SeriesRuleEvaluator() {
    }

    /**
     * Takes one score. Warming-up scores must be filtered out before.
     *
     * @param state modified: the series' state for {@code rule}
     * @return events to emit and how the score was taken
     */
    public static Evaluation evaluate(Rule rule, SeriesRuleState state, AnomalyScore score) {
        long t = score.getTime().toEpochMilli();
        if (state.lastTime != AlertLifecycle.NEVER && t <= state.lastTime) {
            return Evaluation.DUPLICATE;
        }
        state.lastTime = t;
        if (state.levels.length != rule.n()) {
            // first score, or the rule's window changed since the state was written
            state.levels = new byte[rule.n()];
            state.times = new long[rule.n()];
            state.next = 0;
            state.filled = 0;
        }
        double s = score.getScore();
        int level = rule.thresholds().levelOf(s);
        state.levels[state.next] = (byte) level;
        state.times[state.next] = t;
        state.next = (state.next + 1) % rule.n();
        state.filled = Math.min(state.filled + 1, rule.n());
        if (level != Thresholds.NONE) {
            state.lastBreach = t;
        }
        int windowLevel = windowLevel(state, rule.k());
        AlertLifecycle lc = state.alert;
        String subject = score.getSeries();

        if (lc.isOpen()) {
            if (level != Thresholds.NONE) {
                lc.peak = Math.max(lc.peak, s);
            }
            state.clearStreak = s < rule.resolveBelow() ? state.clearStreak + 1 : 0;
            if (windowLevel > lc.openLevel) {
                lc.openLevel = windowLevel;
                return Evaluation.of(AlertEvents.event(rule, subject, lc, AlertState.UPDATE, t,
                        "escalated to " + AlertEvents.severityName(windowLevel) + ": " + windowText(rule,
                                windowLevel) + "; latest " + AlertEvents.score(s)));
            }
            if (state.clearStreak >= rule.clearCount() && t - state.lastBreach >= rule.quietForMs()) {
                String reason = state.clearStreak + " consecutive scores < " + rule.resolveBelow()
                        + (rule.quietForMs() > 0 ? " and " + DurationText.format(t - state.lastBreach)
                                + " since the last breach" : "");
                var resolved = AlertEvents.event(rule, subject, lc, AlertState.RESOLVE, t, reason);
                closeEpisode(rule, state, t);
                return Evaluation.of(resolved);
            }
            return Evaluation.NOTHING;
        }

        if (windowLevel == Thresholds.NONE) {
            lc.conditionSince = AlertLifecycle.NEVER;
            lc.suppressed = false;
            lc.peak = 0;
            return Evaluation.NOTHING;
        }
        if (lc.conditionSince == AlertLifecycle.NEVER) {
            lc.conditionSince = t;
            lc.firstBreach = firstBreachInWindow(state);
        }
        lc.peak = Math.max(lc.peak, s);
        OpeningGate.Decision d = OpeningGate.decide(rule, lc, t);
        switch (d) {
            case PENDING:
                return Evaluation.NOTHING;
            case COOLING_DOWN:
            case CAPPED:
                return OpeningGate.suppressed(lc, d);
            default:
                break;
        }
        lc.openId = AlertEvents.id(rule, subject, lc.firstBreach);
        lc.openLevel = windowLevel;
        lc.suppressed = false;
        lc.members.clear();
        state.clearStreak = 0;
        String reason = windowText(rule, windowLevel) + "; latest " + AlertEvents.score(s)
                + (rule.minDurationMs() > 0 ? "; held " + DurationText.format(t - lc.conditionSince) : "");
        return Evaluation.of(AlertEvents.event(rule, subject, lc, AlertState.OPEN, t, reason));
    }

    /** The highest level reached by at least {@code k} of the ring's entries, or NONE. */
    static int windowLevel(SeriesRuleState state, int k) {
        for (int l = Thresholds.LEVELS; l >= 1; l--) {
            int count = 0;
            for (int i = 0; i < state.filled; i++) {
                if (state.levels[i] >= l) {
                    count++;
                }
            }
            if (count >= k) {
                return l;
            }
        }
        return Thresholds.NONE;
    }

    private static long firstBreachInWindow(SeriesRuleState state) {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < state.filled; i++) {
            if (state.levels[i] != Thresholds.NONE) {
                first = Math.min(first, state.times[i]);
            }
        }
        return first;
    }

    private static String windowText(Rule rule, int level) {
        String cmp = "score >= " + rule.thresholds().threshold(level) + " (" + AlertEvents.severityName(level) + ")";
        return rule.n() == 1 ? cmp : rule.k() + " of the last " + rule.n() + " scores " + cmp.substring(6);
    }

    private static void closeEpisode(Rule rule, SeriesRuleState state, long t) {
        AlertLifecycle lc = state.alert;
        lc.openId = null;
        lc.openLevel = Thresholds.NONE;
        lc.conditionSince = AlertLifecycle.NEVER;
        lc.firstBreach = AlertLifecycle.NEVER;
        lc.peak = 0;
        lc.suppressed = false;
        lc.coolDownUntil = rule.coolDownMs() > 0 ? t + rule.coolDownMs() : AlertLifecycle.NEVER;
        state.clearStreak = 0;
        state.filled = 0;
        state.next = 0;
    }
}
