package dev.augur.models.stream;

/**
 * What the model stages send to the combine stage, keyed by series: either an ARRIVAL (an observation to score and to
 * evaluate pending candidates against) or a CANDIDATE forecast from one model (per-step mean, variance and shared
 * Student-t degrees of freedom). A Flink POJO; its Flink timestamp is {@link #time}.
 */
public class StageRecord {
    public static final byte ARRIVAL = 0;
    public static final byte CANDIDATE = 1;
    /** An inference request for the neural stage: the AR candidate (as conditioning) plus the context window. */
    public static final byte REQUEST = 2;

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
}
