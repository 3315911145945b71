package dev.augur.alerting.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain data: where one (rule, subject) stands in the alert lifecycle, shared by series and group rule state. Public
 * fields so that the state is plain data the project owns (serialised as JSON, see the processors); only the
 * evaluators change it.
 *
 * <p>Lifecycle: IDLE &rarr; (condition holds) PENDING &rarr; (held for {@code minDuration}, not cooling down, cap
 * allows) OPEN &rarr; (hysteresis satisfied) RESOLVED, cooling down until {@link #coolDownUntil} &rarr; IDLE.
 */
public final class AlertLifecycle {
    /** Marks an event time that has not happened. */
    public static final long NEVER = Long.MIN_VALUE;

    /** Event time since which the open condition has held without a break; {@link #NEVER} when it does not hold. */
    public long conditionSince = NEVER;
    /** Event time of the first breach of the current episode: the alert's start time. */
    public long firstBreach = NEVER;
    /** Highest score of the current episode (pending or open). */
    public double peak;
    /** Whether a suppression (cool-down or cap) was already counted for the current episode. */
    public boolean suppressed;
    /** No alert opens before this event time (set when an alert resolves and the rule has a cool-down). */
    public long coolDownUntil = NEVER;
    /** Event times of the alerts opened within the rule's cap period, ascending (empty for uncapped rules). */
    public long[] openTimes = new long[0];
    /** Id of the open alert; null when none is open. */
    public String openId;
    /** Severity level of the open alert (see {@link Thresholds}). */
    public int openLevel;
    /** Members named by an open group incident, sorted; empty for series alerts. */
    public List<String> members = new ArrayList<>();

    /** Whether an alert is open. */
    public boolean isOpen() {
        return openId != null;
    }

    /** The lifecycle phase at event time {@code now}, for the status endpoint. */
    public Phase phase(long now) {
        if (openId != null) {
            return Phase.OPEN;
        }
        if (conditionSince != NEVER) {
            return suppressed ? Phase.SUPPRESSED : Phase.PENDING;
        }
        if (coolDownUntil != NEVER && now < coolDownUntil) {
            return Phase.COOLING_DOWN;
        }
        return Phase.IDLE;
    }

    /** Where a subject stands for one rule. */
    public enum Phase {
        /** Nothing going on. */
        IDLE,
        /** The condition holds but has not held for the rule's minimum duration yet. */
        PENDING,
        /** The condition holds but cool-down or the cap keeps the alert from opening. */
        SUPPRESSED,
        /** An alert is open. */
        OPEN,
        /** An alert resolved recently; a new one may not open before the cool-down ends. */
        COOLING_DOWN
    }
}
