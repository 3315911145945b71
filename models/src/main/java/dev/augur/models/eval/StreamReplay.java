package dev.augur.models.eval;

import dev.augur.models.scoring.GroupResidualScorer;
import dev.augur.models.stream.BucketValues;
import dev.augur.models.stream.CombineState;
import dev.augur.models.stream.EnsembleProcessor;
import dev.augur.models.stream.GroupProcessor;
import dev.augur.models.stream.GroupState;
import dev.augur.models.stream.SeriesProcessor;
import dev.augur.models.stream.SeriesState;
import dev.augur.models.stream.StageRecord;
import dev.augur.models.var.RlsVar;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Replays in-order observations of one series, or of the members of one group, through the processors the Flink job
 * runs ({@link SeriesProcessor}, {@link GroupProcessor}, {@link EnsembleProcessor}), in the order the job applies them,
 * so the forecasts and scores equal the job's for the same input:
 * <ol>
 *   <li>each observation: {@link SeriesProcessor#apply} (ARRIVAL, learn, CANDIDATE); the candidate goes to the combine
 *       at once ({@link EnsembleProcessor#addCandidate}), the arrival is held;
 *   <li>groups only: when a row of a later time bucket arrives (or at {@link #finish}), the open bucket is closed
 *       ({@link GroupProcessor#bucket}) and the VAR candidates go to the combines;
 *   <li>the combine acts on time t once all candidates of origin t are in (at once without a group; after the bucket
 *       holding t is closed with one, as the job's {@code combine.delay >= group.step}): {@code score} the arrival at
 *       t if any, {@code retire(t)}, {@code ensemble(t)}.
 * </ol>
 * Observations at or before a member's last applied time are not applied (the job drops duplicates and sends late
 * records aside) and counted in {@link #skipped()}. If {@link SeriesProcessor#apply} throws (the job's operator would
 * fail), the member's AR state is restarted and the event counted in {@link #restarts()}. Not thread-safe.
 */
public final class StreamReplay {
    /** What the replay produced; every method is optional. {@code member} indexes {@link #members()}. */
    public interface Listener {
        /** The anomaly score of an arrival (a reused object: copy what you keep). */
        default void arrival(int member, long time, double value, EnsembleProcessor.ArrivalScore score) {
        }

        /** A model's candidate forecast (AR, or VAR for groups) as sent to the combine. */
        default void candidate(int member, StageRecord r) {
        }

        /** The calibrated ensemble forecast of one origin (a fresh object). */
        default void ensemble(int member, EnsembleProcessor.Ensemble e) {
        }

        /** The group score (1 - tail probability of the joint residual) of one bucket, with member shares. */
        default void groupScore(long bucket, double score, double[] shares) {
        }
    }

    private static final Listener NONE = new Listener() {
    };

    private final String[] members;
    private final String group;
    private final long groupStep;
    private final SeriesProcessor ar;
    private final EnsembleProcessor combine;
    private final GroupProcessor var;
    private final SeriesState[] series;
    private final CombineState[] combines;
    private final GroupState groupState;
    private final TreeSet<Long>[] due;
    private final Map<Long, Double>[] values;
    private final Map<String, Integer> index = new HashMap<>();
    private Listener listener = NONE;
    private BucketValues openBucket;
    private long openBucketStart;
    private long skipped;
    private long restarts;
    private String firstRestart;

    /**
     * @param members series names (distinct); with a group, the VAR's members
     * @param group group id, or null to model each member on its own (AR and ensemble only)
     * @param groupStep the group's bucket length (ms); ignored without a group
     */
    @SuppressWarnings("unchecked")
    public StreamReplay(EvalSettings s, String[] members, String group, long groupStep) {
        if (group != null && (members.length < 2 || groupStep <= 0)) {
            throw new IllegalArgumentException("a group needs at least 2 members and a positive step but found "
                    + members.length + " members and step " + groupStep + " ms");
        }
        this.members = members.clone();
        this.group = group;
        this.groupStep = groupStep;
        this.ar = new SeriesProcessor(s.arOrder(), s.arForgetting(), s.horizon(), s.maxImputeGap(), 0);
        this.combine = new EnsembleProcessor(s.horizon(), s.levels(), s.anomalyLevel(), s.gamma(), s.crpsDecay(),
                s.maxPending());
        this.var = group == null ? null : new GroupProcessor(s.horizon(), s.varOrder(), s.varForgetting(),
                Math.max(16, members.length), 1, 0.5, s.maxImputeGap(), 0, s.anomalyLevel());
        int k = members.length;
        series = new SeriesState[k];
        combines = new CombineState[k];
        due = new TreeSet[k];
        values = new Map[k];
        for (int i = 0; i < k; i++) {
            if (index.put(members[i], i) != null) {
                throw new IllegalArgumentException("member names must be distinct but '" + members[i]
                        + "' repeats");
            }
            series[i] = ar.newState();
            series[i].group = group;
            combines[i] = combine.newState();
            combines[i].group = group;
            due[i] = new TreeSet<>();
            values[i] = new HashMap<>();
        }
        groupState = var == null ? null : var.newState(members);
    }

    public void setListener(Listener l) {
        this.listener = l == null ? NONE : l;
    }

    public String[] members() {
        return members.clone();
    }

    /** Observations not applied because they were not after their member's last one. */
    public long skipped() {
        return skipped;
    }

    /**
     * Times a member's AR state was restarted because {@link SeriesProcessor#apply} threw (the job's operator would
     * fail on that record; seen when imputing a gap with a diverged AR gives a non-finite value).
     */
    public long restarts() {
        return restarts;
    }

    /** The member, time and message of the first restart, or null. */
    public String firstRestart() {
        return firstRestart;
    }

    public EnsembleProcessor ensembleProcessor() {
        return combine;
    }

    public CombineState combineState(int member) {
        return combines[member];
    }

    /** The VAR model and state (groups only; the state is null before the first bucket). */
    public RlsVar varModel() {
        return var == null ? null : var.model(members.length);
    }

    public GroupState groupState() {
        return groupState;
    }

    /**
     * Applies one row: the members' values at event time t (NaN where a member has none), after every earlier row.
     *
     * @param values one per member; not modified
     */
    public void row(long t, double[] values) {
        if (values.length != members.length) {
            throw new IllegalArgumentException("expected " + members.length + " values but found " + values.length);
        }
        try {
            if (var != null && openBucket != null && Math.floorDiv(t, groupStep) * groupStep > openBucketStart) {
                closeBucket();
            }
            for (int i = 0; i < members.length; i++) {
                double y = values[i];
                if (!Double.isFinite(y)) {
                    continue;
                }
                SeriesState s = series[i];
                if (s.observations > 0 && t <= s.lastEventTime) {
                    skipped++;
                    continue;
                }
                try {
                    apply(i, t, y);
                } catch (IllegalArgumentException e) {
                    // the job's operator would fail here; the replay restarts this member's AR state and goes on
                    restarts++;
                    if (firstRestart == null) {
                        firstRestart = members[i] + " at " + SeriesTable.formatTime(t) + ": " + e.getMessage();
                    }
                    series[i] = ar.newState();
                    series[i].group = group;
                    continue;
                }
                if (var != null) {
                    long b = Math.floorDiv(t, groupStep) * groupStep;
                    if (openBucket == null) {
                        openBucket = new BucketValues();
                        openBucketStart = b;
                    }
                    openBucket.put(members[i], y);
                }
            }
            if (var == null) {
                for (int i = 0; i < members.length; i++) {
                    actUpTo(i, t);
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("replay failed at time " + t, e);
        }
    }

    /** Closes the open group bucket and acts on every time still due. Call once after the last row. */
    public void finish() {
        try {
            if (openBucket != null) {
                closeBucket();
            }
            for (int i = 0; i < members.length; i++) {
                actUpTo(i, Long.MAX_VALUE);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("replay failed at the end", e);
        }
    }

    private void apply(int i, long t, double y) throws Exception {
        final int member = i;
        ar.apply(series[i], members[i], t, y, new SeriesProcessor.Output() {
            @Override
            public void arrival(StageRecord r) {
                if (!combine.addArrival(combines[member], r)) {
                    throw new IllegalStateException("more than the allowed pending arrivals for " + members[member]);
                }
                due[member].add(r.time);
                values[member].put(r.time, r.value);
            }

            @Override
            public void candidate(StageRecord r) {
                toCombine(member, r);
            }

            @Override
            public void diagnosticsDue(SeriesState s, long time) {
            }
        });
    }

    private void toCombine(int member, StageRecord r) {
        combine.addCandidate(combines[member], r);
        due[member].add(r.time);
        listener.candidate(member, r);
    }

    private void closeBucket() throws Exception {
        BucketValues v = openBucket;
        long b = openBucketStart;
        openBucket = null;
        var.bucket(groupState, group, b, groupStep, v, new GroupProcessor.Output() {
            @Override
            public void groupScore(long bucket, GroupResidualScorer scorer, int k, double upper, String[] m) {
                double[] shares = new double[members.length];
                for (int j = 0; j < k; j++) {
                    shares[index.get(m[j])] = scorer.share(j);
                }
                listener.groupScore(bucket, 1 - scorer.tailProbability(), shares);
            }

            @Override
            public void candidate(StageRecord r) {
                toCombine(index.get(r.series), r);
            }

            @Override
            public void diagnosticsDue(GroupState s, long bucket, RlsVar model) {
            }
        });
        for (int i = 0; i < members.length; i++) {
            actUpTo(i, b + groupStep - 1);
        }
    }

    private double lastValue(int i, long t) {
        Double v = values[i].remove(t);
        return v == null ? Double.NaN : v;
    }

    /** The combine's timer for every due time <= until, in time order. */
    private void actUpTo(int i, long until) throws Exception {
        TreeSet<Long> times = due[i];
        while (!times.isEmpty() && times.first() <= until) {
            long t = times.pollFirst();
            CombineState s = combines[i];
            EnsembleProcessor.ArrivalScore a = combine.score(s, t);
            if (a != null) {
                listener.arrival(i, t, lastValue(i, t), a);
            }
            combine.retire(s, t);
            EnsembleProcessor.Ensemble e = combine.ensemble(s, t);
            if (e != null) {
                listener.ensemble(i, e);
            }
        }
    }
}
