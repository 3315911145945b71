package dev.augur.alerting.rules;

/**
 * Plain data: the state of one series rule for one series. Serialised as JSON in a changelogged persistent store;
 * {@link #version} says which layout wrote it. Only {@link SeriesRuleEvaluator} changes it.
 */
public final class SeriesRuleState {
    /** The layout this release writes and reads. */
    public static final int VERSION = 1;

    public int version = VERSION;
    /** Event time of the last score taken; later scores must be newer (duplicates and replays are ignored). */
    public long lastTime = AlertLifecycle.NEVER;
    /** Ring of the breach levels of the last n scores (see {@link Thresholds}); length n of the rule. */
    public byte[] levels = new byte[0];
    /** Ring of the event times of the same scores. */
    public long[] times = new long[0];
    /** Next ring slot to write. */
    public int next;
    /** Number of ring slots filled, at most n. */
    public int filled;
    /** Consecutive scores below the resolve threshold while an alert is open. */
    public int clearStreak;
    /** Event time of the last breach. */
    public long lastBreach = AlertLifecycle.NEVER;
    /** Lifecycle of this series' alert for the rule. */
    public AlertLifecycle alert = new AlertLifecycle();
}
