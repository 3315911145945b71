package dev.augur.alerting.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * One validated alert rule, as read from a rules file ({@link RulesFile} documents the file format and the
 * defaults). Durations are event time in milliseconds.
 *
 * <p>A {@link RuleKind#SERIES} rule opens an alert for a series when at least {@code k} of its last {@code n}
 * scores reach a threshold, the condition has held for {@code minDurationMs}, the subject is not cooling down and
 * the cap allows it. The alert's severity is the highest one whose threshold at least {@code k} of the last
 * {@code n} scores reach. It resolves after {@code clearCount} consecutive scores below {@code resolveBelow} once
 * {@code quietForMs} has passed since the last breach (hysteresis).
 *
 * <p>A {@link RuleKind#GROUP} rule opens one incident for a group when at least {@code minMembers} of its member
 * series had a breach within the last {@code groupWindowMs}; it names the members, grows as more members breach,
 * and resolves when no member has scored at or above {@code resolveBelow} for {@code quietForMs}.
 *
 * @param name unique name, {@code [A-Za-z0-9._-]{1,100}}
 * @param description free text, may be empty
 * @param kind series or group
 * @param match glob or regex on the series id (series rules) or the group id (group rules)
 * @param thresholds breach thresholds per severity
 * @param k breaches needed among the last {@code n} scores (series rules; 1 for group rules)
 * @param n window of scores for {@code k} (series rules; 1 for group rules), 1..64
 * @param minDurationMs how long the condition must hold before an alert opens, >= 0
 * @param resolveBelow a score below this is "clear"; at most the lowest threshold
 * @param clearCount consecutive clear scores needed to resolve (series rules; 1 for group rules)
 * @param quietForMs time since the last breach (series) or last score at or above {@code resolveBelow} (group)
 *     needed to resolve, >= 0
 * @param coolDownMs after a resolve, how long no new alert opens for the same rule and subject, >= 0
 * @param capMaxAlerts at most this many alerts open per rule and subject within {@code capPerMs}; 0 = no cap
 * @param capPerMs the cap's sliding period, > 0 when {@code capMaxAlerts > 0}
 * @param minMembers group rules: anomalous members needed for an incident, >= 2; 0 for series rules
 * @param groupWindowMs group rules: how recent a member's breach must be to count, > 0; 0 for series rules
 */
public record Rule(String name, String description, RuleKind kind, SubjectPattern match, Thresholds thresholds,
        int k, int n, long minDurationMs, double resolveBelow, int clearCount, long quietForMs, long coolDownMs,
        int capMaxAlerts, long capPerMs, int minMembers, long groupWindowMs) {

    /** Largest {@code n} of a k-of-n window (the state keeps the last n levels). */
    public static final int MAX_WINDOW = 64;

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(thresholds, "thresholds");
        if (k < 1 || n < k || n > MAX_WINDOW) {
            throw new IllegalArgumentException("rule " + name + ": need 1 <= k <= n <= " + MAX_WINDOW
                    + " but k = " + k + ", n = " + n);
        }
        if (minDurationMs < 0 || quietForMs < 0 || coolDownMs < 0 || capPerMs < 0 || groupWindowMs < 0) {
            throw new IllegalArgumentException("rule " + name + ": durations must not be negative");
        }
        if (!(resolveBelow >= 0 && resolveBelow <= thresholds.lowest())) {
            throw new IllegalArgumentException("rule " + name + ": resolveBelow must be in [0, "
                    + thresholds.lowest() + "] but was " + resolveBelow);
        }
        if (clearCount < 1) {
            throw new IllegalArgumentException("rule " + name + ": clearCount must be >= 1 but was " + clearCount);
        }
        if (capMaxAlerts < 0 || (capMaxAlerts > 0 && capPerMs <= 0)) {
            throw new IllegalArgumentException("rule " + name + ": a cap needs maxAlerts >= 1 and per > 0");
        }
        if (kind == RuleKind.GROUP && (minMembers < 2 || groupWindowMs <= 0)) {
            throw new IllegalArgumentException("rule " + name + ": a group rule needs minMembers >= 2 and window > 0"
                    + " but minMembers = " + minMembers + ", window = " + groupWindowMs + " ms");
        }
    }

    /** Whether {@code maxAlerts}/{@code per} limits how often this rule opens alerts. */
    public boolean capped() {
        return capMaxAlerts > 0;
    }

    /** A short human summary, e.g. {@code series '*' k-of-n 3/5 thresholds {WARNING=0.99}}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(kind.fileName()).append(" '").append(match.text()).append("' ")
                .append(thresholds);
        if (kind == RuleKind.SERIES && n > 1) {
            sb.append(", ").append(k).append(" of ").append(n);
        }
        if (kind == RuleKind.GROUP) {
            sb.append(", ").append(minMembers).append(" members within ").append(Duration.ofMillis(groupWindowMs));
        }
        return sb.toString();
    }
}
