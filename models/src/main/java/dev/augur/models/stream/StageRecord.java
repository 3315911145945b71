package dev.augur.models.stream;

/**
 * What the model stages send to the combine stage, keyed by series: an ARRIVAL (an observation to score and to
 * evaluate pending candidates against), a CANDIDATE forecast from one model (per-step mean, variance and shared
 * Student-t degrees of freedom), or both in one record (ARRIVAL_AND_CANDIDATE). A Flink POJO; its Flink timestamp is
 * {@link #time}.
 */
public class StageRecord {
    public static final byte ARRIVAL = 0;
    public static final byte CANDIDATE = 1;
    /** An inference request for the neural stage: the AR candidate (as conditioning) plus the context window. */
    public static final byte REQUEST = 2;
    /**
     * An ARRIVAL and the CANDIDATE its series' model made from the same origin right after learning it, in one record
     * (the AR stage's usual output: half the records to ship and to apply): {@link #value} and {@link #warmingUp} are
     * the arrival's, {@link #candidateWarmingUp} the candidate's, the other fields the candidate's.
     */
    public static final byte ARRIVAL_AND_CANDIDATE = 3;

    public byte kind;
    public String series;
    /** Group of the series, or null. */
    public String group;
    /** ARRIVAL: event time of the observation; CANDIDATE: origin time (last observation used). */
    public long time;
    /** ARRIVAL: the observed value. */
    public double value;
    /** CANDIDATE: model name and version. */
    public String model;
    public String modelVersion;
    /** CANDIDATE: spacing of horizon steps (ms). */
    public long stepMillis;
    /** CANDIDATE: per-step predictive means and variances, length H. */
    public double[] means;
    public double[] variances;
    /** CANDIDATE: Student-t degrees of freedom (+infinity for Normal). */
    public double dof;
    /** True while the model (CANDIDATE) or series (ARRIVAL) is warming up. */
    public boolean warmingUp;
    /** ARRIVAL_AND_CANDIDATE: the candidate's {@link #warmingUp}. */
    public boolean candidateWarmingUp;
    /** CANDIDATE: number of imputed points in the model's recent inputs (gaps filled by its own forecast). */
    public int imputed;
    /**
     * REQUEST: the last C observed (or imputed) values, oldest first, ending at {@link #time}; {@link #means} and
     * {@link #variances} then hold the AR forecast of the model's horizon from the same origin. Null otherwise.
     */
    public double[] context;

    public StageRecord() {
    }

    public static StageRecord arrival(String series, String group, long time, double value, boolean warmingUp) {
        StageRecord r = new StageRecord();
        r.kind = ARRIVAL;
        r.series = series;
        r.group = group;
        r.time = time;
        r.value = value;
        r.warmingUp = warmingUp;
        return r;
    }

    public static StageRecord candidate(String series, String group, long origin, String model, String version,
            long stepMillis, double[] means, double[] variances, double dof, boolean warmingUp, int imputed) {
        StageRecord r = new StageRecord();
        r.kind = CANDIDATE;
        r.series = series;
        r.group = group;
        r.time = origin;
        r.model = model;
        r.modelVersion = version;
        r.stepMillis = stepMillis;
        r.means = means;
        r.variances = variances;
        r.dof = dof;
        r.warmingUp = warmingUp;
        r.imputed = imputed;
        return r;
    }

    /** A neural inference request: the AR forecast of origin t (means, variances, length H) and the context window. */
    public static StageRecord request(String series, String group, long origin, long stepMillis, double[] context,
            double[] arMeans, double[] arVariances, int imputed) {
        StageRecord r = candidate(series, group, origin, null, null, stepMillis, arMeans, arVariances,
                Double.POSITIVE_INFINITY, false, imputed);
        r.kind = REQUEST;
        r.context = context;
        return r;
    }

    /**
     * One record holding arrival a and candidate c of the same series and time (c's arrays are shared, not copied).
     *
     * @throws IllegalArgumentException when a is not an ARRIVAL, c not a CANDIDATE, or their series or times differ
     */
    public static StageRecord arrivalAndCandidate(StageRecord a, StageRecord c) {
        if (a.kind != ARRIVAL || c.kind != CANDIDATE || a.time != c.time || !a.series.equals(c.series)) {
            throw new IllegalArgumentException("expected an ARRIVAL and a CANDIDATE of one series and time but found "
                    + a.kind + " " + a.series + "@" + a.time + " and " + c.kind + " " + c.series + "@" + c.time);
        }
        StageRecord r = candidate(c.series, c.group, c.time, c.model, c.modelVersion, c.stepMillis, c.means,
                c.variances, c.dof, a.warmingUp, c.imputed);
        r.kind = ARRIVAL_AND_CANDIDATE;
        r.value = a.value;
        r.candidateWarmingUp = c.warmingUp;
        return r;
    }

    /** True for an ARRIVAL, alone or with its candidate. */
    public boolean isArrival() {
        return kind == ARRIVAL || kind == ARRIVAL_AND_CANDIDATE;
    }

    /** True for a CANDIDATE, alone or with its arrival. */
    public boolean isCandidate() {
        return kind == CANDIDATE || kind == ARRIVAL_AND_CANDIDATE;
    }
}
