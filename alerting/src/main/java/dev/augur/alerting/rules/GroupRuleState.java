package dev.augur.alerting.rules;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * Plain data: the state of one group rule for one group. Serialised as JSON in a changelogged persistent store;
 * {@link #version} says which layout wrote it. Only {@link GroupRuleEvaluator} changes it.
 */
public final class GroupRuleState {
    /** The layout this release writes and reads. */
    public static final int VERSION = 1;

    public int version = VERSION;
    /** The group's event time: the latest score time of any member. */
    public long groupTime = AlertLifecycle.NEVER;
    /** Event time of the last score of any member at or above the resolve threshold. */
    public long lastHot = AlertLifecycle.NEVER;
    /** Per member series, sorted by id so that member lists come out in a stable order. */
    public TreeMap<String, Member> members = new TreeMap<>();
    /** Lifecycle of the group's incident for the rule. */
    public AlertLifecycle alert = new AlertLifecycle();

    /** Plain data: one member's recent breaches. */
    public static final class Member {
        /** Event time of the member's last score; later scores must be newer. */
        public long lastTime = AlertLifecycle.NEVER;
        /** By level (index 1..3): event time of the member's last breach at that level or higher. */
        public long[] breachTime = newBreachTimes();
        /** Score of the member's last breach. */
        public double breachScore;

        static long[] newBreachTimes() {
            long[] b = new long[Thresholds.LEVELS + 1];
            Arrays.fill(b, AlertLifecycle.NEVER);
            return b;
        }
    }
}
