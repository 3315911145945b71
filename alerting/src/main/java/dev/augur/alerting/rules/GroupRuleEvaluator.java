package dev.augur.alerting.rules;

import dev.augur.schemas.records.AlertState;
import dev.augur.schemas.records.AnomalyScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The group rule transition: {@code (rule, state, member score) -> (state', incident events)}. Pure apart from the
 * state, which it modifies; time is event time only.
 *
 * <p>With {@code T} the group's time (latest member score time) and {@code W} the rule's window, a member is
 * anomalous at level {@code s} when its last breach at level {@code >= s} is after {@code T - W}. The incident
 * severity is the highest {@code s} with at least {@code minMembers} anomalous members. An incident opens (after
 * {@code minDuration}, outside the cool-down, within the cap) naming the anomalous members; it is updated when more
 * members become anomalous or the severity rises; it resolves when no member has scored at or above
 * {@code resolveBelow} for {@code quietFor}. On resolve the members' breaches are forgotten.
 */
public final class GroupRuleEvaluator {
    /** Members silent for this long (event time) and not named by an open incident are forgotten. */
    static final long FORGET_AFTER_MS = 7L * 24 * 3600_000L;

    private GroupRuleEvaluator() {
    }

    /**
     * Takes one score of a member of the group. Warming-up scores must be filtered out before.
     *
     * @param group the group id (the score's group)
     * @param state modified: the group's state for {@code rule}
     */
    public static Evaluation evaluate(Rule rule, String group, GroupRuleState state, AnomalyScore score) {
        long t = score.getTime().toEpochMilli();
        String series = score.getSeries();
        GroupRuleState.Member m = state.members.computeIfAbsent(series, s -> new GroupRuleState.Member());
        if (m.lastTime != AlertLifecycle.NEVER && t <= m.lastTime) {
            return Evaluation.DUPLICATE;
        }
        m.lastTime = t;
        long now = state.groupTime == AlertLifecycle.NEVER ? t : Math.max(state.groupTime, t);
        state.groupTime = now;
        double s = score.getScore();
        int level = rule.thresholds().levelOf(s);
        if (level != Thresholds.NONE) {
            for (int l = 1; l <= level; l++) {
                m.breachTime[l] = t;
            }
            m.breachScore = s;
        }
        if (s >= rule.resolveBelow()) {
            state.lastHot = state.lastHot == AlertLifecycle.NEVER ? t : Math.max(state.lastHot, t);
        }
        forgetSilentMembers(state, now);

        long windowStart = now - rule.groupWindowMs();
        int incidentLevel = incidentLevel(state, rule.minMembers(), windowStart);
        List<String> anomalous = anomalousMembers(state, windowStart);
        AlertLifecycle lc = state.alert;

        if (lc.isOpen()) {
            if (level != Thresholds.NONE) {
                lc.peak = Math.max(lc.peak, s);
            }
            TreeSet<String> union = new TreeSet<>(lc.members);
            union.addAll(anomalous);
            boolean grew = union.size() > lc.members.size();
            boolean escalated = incidentLevel > lc.openLevel;
            if (grew || escalated) {
                List<String> added = new ArrayList<>(union);
                added.removeAll(lc.members);
                lc.members = new ArrayList<>(union);
                lc.openLevel = Math.max(lc.openLevel, incidentLevel);
                String reason = (escalated ? "escalated to " + AlertEvents.severityName(lc.openLevel) + "; " : "")
                        + lc.members.size() + " members anomalous" + (added.isEmpty() ? "" : ", new: "
                        + String.join(", ", added));
                return Evaluation.of(AlertEvents.event(rule, group, lc, AlertState.UPDATE, t, reason));
            }
            if (now - state.lastHot >= rule.quietForMs()) {
                String reason = "no member scored >= " + rule.resolveBelow() + " for "
                        + DurationText.format(now - state.lastHot);
                var resolved = AlertEvents.event(rule, group, lc, AlertState.RESOLVE, now, reason);
                closeEpisode(rule, state, now);
                return Evaluation.of(resolved);
            }
            return Evaluation.NOTHING;
        }

        if (incidentLevel == Thresholds.NONE) {
            lc.conditionSince = AlertLifecycle.NEVER;
            lc.suppressed = false;
            lc.peak = 0;
            return Evaluation.NOTHING;
        }
        if (lc.conditionSince == AlertLifecycle.NEVER) {
            lc.conditionSince = now;
            long first = Long.MAX_VALUE;
            for (String id : anomalous) {
                first = Math.min(first, state.members.get(id).breachTime[1]);
            }
            lc.firstBreach = first;
        }
        for (String id : anomalous) {
            lc.peak = Math.max(lc.peak, state.members.get(id).breachScore);
        }
        OpeningGate.Decision d = OpeningGate.decide(rule, lc, now);
        switch (d) {
            case PENDING:
                return Evaluation.NOTHING;
            case COOLING_DOWN:
            case CAPPED:
                return OpeningGate.suppressed(lc, d);
            default:
                break;
        }
        lc.openId = AlertEvents.id(rule, group, lc.firstBreach);
        lc.openLevel = incidentLevel;
        lc.members = new ArrayList<>(anomalous);
        lc.suppressed = false;
        String reason = anomalous.size() + " members of group " + group + " anomalous within "
                + DurationText.format(rule.groupWindowMs()) + " (score >= "
                + rule.thresholds().threshold(incidentLevel) + ", " + AlertEvents.severityName(incidentLevel)
                + "): " + String.join(", ", anomalous);
        return Evaluation.of(AlertEvents.event(rule, group, lc, AlertState.OPEN, now, reason));
    }

    /** The highest level at which at least {@code minMembers} members breached after {@code windowStart}. */
    static int incidentLevel(GroupRuleState state, int minMembers, long windowStart) {
        for (int l = Thresholds.LEVELS; l >= 1; l--) {
            int count = 0;
            for (GroupRuleState.Member m : state.members.values()) {
                if (m.breachTime[l] != AlertLifecycle.NEVER && m.breachTime[l] > windowStart) {
                    count++;
                }
            }
            if (count >= minMembers) {
                return l;
            }
        }
        return Thresholds.NONE;
    }

    private static List<String> anomalousMembers(GroupRuleState state, long windowStart) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, GroupRuleState.Member> e : state.members.entrySet()) {
            long b = e.getValue().breachTime[1];
            if (b != AlertLifecycle.NEVER && b > windowStart) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    private static void forgetSilentMembers(GroupRuleState state, long now) {
        state.members.entrySet().removeIf(e -> now - e.getValue().lastTime > FORGET_AFTER_MS
                && !state.alert.members.contains(e.getKey()));
    }

    private static void closeEpisode(Rule rule, GroupRuleState state, long now) {
        AlertLifecycle lc = state.alert;
        lc.openId = null;
        lc.openLevel = Thresholds.NONE;
        lc.members = new ArrayList<>();
        lc.conditionSince = AlertLifecycle.NEVER;
        lc.firstBreach = AlertLifecycle.NEVER;
        lc.peak = 0;
        lc.suppressed = false;
        lc.coolDownUntil = rule.coolDownMs() > 0 ? now + rule.coolDownMs() : AlertLifecycle.NEVER;
        for (GroupRuleState.Member m : state.members.values()) {
            m.breachTime = GroupRuleState.Member.newBreachTimes();
        }
    }
}
