package dev.augur.models.stream;

import dev.augur.models.star.StarState;
import dev.augur.models.var.VarState;
import dev.augur.models.var.sparse.SparseVarState;

/**
 * Per-group keyed state of the VAR stage: the members (fixed once known, sorted), the VAR state, and bookkeeping.
 * A versioned Flink POJO.
 */
public class GroupState {
    public static final int CURRENT_VERSION = 2;

    public int version = CURRENT_VERSION;
    /** Members in matrix order; null while being discovered. */
    public String[] members;
    /** Series seen while discovering (sorted, distinct). */
    public String[] discovered = new String[0];
    public int discoveryBuckets;
    /** State of the group's joint model: exactly one of var, star (space-time AR), sparse (sparse VAR) is used. */
    public VarState var;
    /** Since version 2: the space-time AR state of a group with spatial weights. */
    public StarState star;
    /** Since version 2: the sparse VAR state of a large group. */
    public SparseVarState sparse;
    /** Start of the last bucket learned; meaningless while {@code buckets == 0}. */
    public long lastBucket;
    public long buckets;
    public long imputedValues;
    public long skippedBuckets;
    public long expiresAt;
    /** Since version 2: event time of the key's pending expiry timer, 0 for none (one timer per key, re-armed). */
    public long ttlTimer;

    public GroupState() {
    }

    public GroupState migrate() {
        if (version == 1) {
            // version 2 added the space-time AR and sparse VAR states; a version 1 group was a VAR
            version = 2;
        }
        if (version != CURRENT_VERSION) {
            throw new IllegalStateException("expected GroupState version <= " + CURRENT_VERSION + " but found "
                    + version);
        }
        return this;
    }
}
