package dev.augur.models.stream;

import dev.augur.models.var.VarState;

/**
 * Per-group keyed state of the VAR stage: the members (fixed once known, sorted), the VAR state, and bookkeeping.
 * A versioned Flink POJO.
 */
public class GroupState {
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    /** Members in matrix order; null while being discovered. */
    public String[] members;
    /** Series seen while discovering (sorted, distinct). */
    public String[] discovered = new String[0];
    public int discoveryBuckets;
    public VarState var;
    /** Start of the last bucket learned; meaningless while {@code buckets == 0}. */
    public long lastBucket;
    public long buckets;
    public long imputedValues;
    public long skippedBuckets;
    public long expiresAt;

    public GroupState() {
    }

    public GroupState migrate() {
        if (version != CURRENT_VERSION) {
            throw new IllegalStateException("expected GroupState version <= " + CURRENT_VERSION + " but found "
                    + version);
        }
        return this;
    }
}
