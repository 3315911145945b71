package dev.augur.operators.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of the Augur job, typed and described. Given on the command line as {@code --key value} or in Flink's
 * configuration; validated by {@link JobConfig#from} with the allowed range in each error.
 */
public final class AugurOptions {
    private AugurOptions() {
    }

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("bootstrap-servers")
            .stringType().noDefaultValue()
            .withDescription("Kafka bootstrap servers, host:port[,host:port...]. Required.");

    public static final ConfigOption<String> TOPIC_PREFIX = ConfigOptions.key("topic-prefix")
            .stringType().defaultValue("augur.")
            .withDescription("Prefix of every topic name, so several stacks can share a cluster.");

    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("group-id")
            .stringType().defaultValue("augur-job")
            .withDescription("Kafka consumer group of the observations source (offsets committed on checkpoints).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("transactional-id-prefix")
            .stringType().defaultValue("augur-job")
            .withDescription("Prefix of the Kafka transactional ids of the exactly-once sinks; unique per job.");

    public static final ConfigOption<Integer> HORIZON = ConfigOptions.key("forecast.horizon")
            .intType().defaultValue(12)
            .withDescription("Number of steps ahead each forecast covers, in [1, 1000].");

    public static final ConfigOption<Integer> AR_ORDER = ConfigOptions.key("ar.order")
            .intType().defaultValue(8)
            .withDescription("Order p of the online AR(p) model, in [1, 64].");

    public static final ConfigOption<Double> AR_FORGETTING = ConfigOptions.key("ar.forgetting")
            .doubleType().defaultValue(0.995)
            .withDescription("RLS forgetting factor lambda of the AR model, in (0.9, 1].");

    public static final ConfigOption<List<Double>> QUANTILE_LEVELS = ConfigOptions.key("forecast.quantile-levels")
            .doubleType().asList().defaultValues(0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)
            .withDescription("Quantile levels of each forecast step, ascending in (0,1); must include 0.05, 0.1, "
                    + "0.5, 0.9 and 0.95.");

    public static final ConfigOption<Double> ANOMALY_INTERVAL_LEVEL = ConfigOptions.key("anomaly.interval-level")
            .doubleType().defaultValue(0.9)
            .withDescription("Nominal level of the interval reported with each anomaly score, in (0,1).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint.interval")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("Checkpoint interval; output becomes visible to read_committed consumers at each "
                    + "checkpoint. In [100 ms, 1 h].");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("watermark.out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("Bounded out-of-orderness of event time for watermarks, in [0, 1 d].");

    public static final ConfigOption<Duration> IDLENESS = ConfigOptions.key("watermark.idleness")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("A source partition silent this long stops holding back the watermark, in [1 s, 1 d].");

    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism")
            .intType().defaultValue(1)
            .withDescription("Job parallelism, in [1, 1024].");

    public static final ConfigOption<String> STARTING_OFFSETS = ConfigOptions.key("starting-offsets")
            .stringType().defaultValue("committed-or-earliest")
            .withDescription("Where the source starts without a checkpoint: committed-or-earliest, earliest or "
                    + "latest.");

    public static final ConfigOption<Duration> STATE_TTL = ConfigOptions.key("state.ttl")
            .durationType().defaultValue(Duration.ofDays(7))
            .withDescription("Per-series state is dropped after this much event time without observations, in "
                    + "[1 min, 3650 d].");

    public static final ConfigOption<Integer> MAX_BUFFERED = ConfigOptions.key("buffer.max-per-series")
            .intType().defaultValue(10_000)
            .withDescription("Observations of one series that may wait for the watermark, in [1, 1000000]; more "
                    + "are dead-lettered (BUFFER_FULL).");

    public static final ConfigOption<Integer> MAX_IMPUTE_GAP = ConfigOptions.key("impute.max-gap")
            .intType().defaultValue(50)
            .withDescription("Longest gap, in missing steps, filled with the model's own forecasts, in [0, 100000].");

    public static final ConfigOption<Integer> DIAGNOSTICS_EVERY = ConfigOptions.key("diagnostics.every")
            .intType().defaultValue(100)
            .withDescription("Emit model diagnostics every this many observations per series, in [0, 1e9]; 0 = never.");

    public static final ConfigOption<Duration> COMBINE_DELAY = ConfigOptions.key("combine.delay")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("Event time the combine stage waits after t for candidates of origin t (with groups on, "
                    + "at least one group step plus group.wait), in [0, 1 d]. At 0, without the neural stage, a "
                    + "series that never had a group is acted on as its records come.");

    public static final ConfigOption<Double> CALIBRATION_GAMMA = ConfigOptions.key("calibration.gamma")
            .doubleType().defaultValue(0.05)
            .withDescription("Step size of the interval calibration multiplier (adaptive conformal inference), in "
                    + "(0, 1].");

    public static final ConfigOption<Double> CRPS_DECAY = ConfigOptions.key("ensemble.crps-decay")
            .doubleType().defaultValue(0.05)
            .withDescription("Weight of the newest score in each model's EW CRPS (ensemble weights), in (0, 1].");

    public static final ConfigOption<Integer> MAX_PENDING_TARGETS = ConfigOptions.key("combine.max-pending")
            .intType().defaultValue(512)
            .withDescription("Forecast origins, and arrivals, held per series while the watermark lags (a backfill, "
                    + "a slow upstream), in [horizon, 1000000]; beyond, the oldest are dropped and counted.");

    public static final ConfigOption<Boolean> SOURCE_BOUNDED = ConfigOptions.key("source.bounded")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the end offsets found at start-up (a replay or backfill) instead of running "
                    + "forever.");

    public static final ConfigOption<Boolean> GROUP_ENABLED = ConfigOptions.key("group.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Model series that carry a group id jointly with a VAR stage keyed by group.");

    public static final ConfigOption<Duration> GROUP_STEP = ConfigOptions.key("group.step")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("Time bucket that aligns the members of a group, in [1 ms, 1 d]. VAR candidates join a "
                    + "series' ensemble when its observation times fall on this grid.");

    public static final ConfigOption<Duration> GROUP_WAIT = ConfigOptions.key("group.wait")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("Extra event time to wait after a bucket ends (beyond the watermark's "
                    + "out-of-orderness) for missing members, in [0, 1 h].");

    public static final ConfigOption<Integer> VAR_ORDER = ConfigOptions.key("var.order")
            .intType().defaultValue(2)
            .withDescription("Lag order p of the group VAR, in [1, 32].");

    public static final ConfigOption<Double> VAR_FORGETTING = ConfigOptions.key("var.forgetting")
            .doubleType().defaultValue(0.995)
            .withDescription("RLS forgetting factor of the group VAR, in (0.9, 1].");

    public static final ConfigOption<Integer> GROUP_MAX_MEMBERS = ConfigOptions.key("group.max-members")
            .intType().defaultValue(16)
            .withDescription("Most members modelled jointly per group, in [2, 64]; later members are left to their "
                    + "own AR models.");

    public static final ConfigOption<Integer> GROUP_DISCOVERY_BUCKETS = ConfigOptions.key("group.discovery-buckets")
            .intType().defaultValue(3)
            .withDescription("Buckets observed to learn a group's members when it is not configured, in [1, 1000].");

    public static final ConfigOption<Double> GROUP_MIN_PRESENT = ConfigOptions.key("group.min-present")
            .doubleType().defaultValue(0.5)
            .withDescription("Smallest fraction of members that must be present for a bucket to be learned (the "
                    + "rest are imputed by their forecasts), in (0, 1].");

    public static final ConfigOption<String> GROUPS = ConfigOptions.key("groups")
            .stringType().defaultValue("")
            .withDescription("Configured group members, 'g1=a,b,c;g2=d,e'. Other groups are discovered from records "
                    + "unless groups.configured-only is true.");

    public static final ConfigOption<Boolean> GROUPS_CONFIGURED_ONLY = ConfigOptions.key("groups.configured-only")
            .booleanType().defaultValue(false)
            .withDescription("Dead-letter observations naming a group that is not configured (UNKNOWN_GROUP).");

    public static final ConfigOption<Boolean> NEURAL_ENABLED = ConfigOptions.key("neural.enabled")
            .booleanType().defaultValue(false)
            .withDescription("Run the neural (autoregressive-diffusion hybrid) forecaster as a candidate of the "
                    + "ensemble: an async stage that batches inference requests across series.");

    public static final ConfigOption<String> NEURAL_MODEL = ConfigOptions.key("neural.model")
            .stringType().defaultValue("bundled")
            .withDescription("ONNX model file of the neural forecaster, or 'bundled' for the default model shipped "
                    + "in the models jar. A new file plus a restart from a savepoint swaps the model and keeps all "
                    + "AR/VAR state; the model's version is stamped on its candidates and the ensemble forecasts.");

    public static final ConfigOption<Integer> NEURAL_BATCH_SIZE = ConfigOptions.key("neural.batch-size")
            .intType().defaultValue(64)
            .withDescription("Most requests per model call (one call per micro-batch), in [1, 4096] and at most the "
                    + "model's own limit.");

    public static final ConfigOption<Duration> NEURAL_FLUSH = ConfigOptions.key("neural.flush")
            .durationType().defaultValue(Duration.ofMillis(20))
            .withDescription("Longest a request waits for its micro-batch to fill before the batch runs anyway, in "
                    + "[1 ms, 10 s].");

    public static final ConfigOption<Integer> NEURAL_CAPACITY = ConfigOptions.key("neural.capacity")
            .intType().defaultValue(1024)
            .withDescription("Most inference requests in flight per subtask (backpressure beyond), in [1, 100000].");

    public static final ConfigOption<Duration> NEURAL_TIMEOUT = ConfigOptions.key("neural.timeout")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("A request not answered within this time is dropped (counted in neuralDropped), in "
                    + "[1 s, 1 h].");

    public static final ConfigOption<Integer> NEURAL_EVERY = ConfigOptions.key("neural.every")
            .intType().defaultValue(1)
            .withDescription("Ask the neural model for a forecast every n-th observation of a series, in [1, 10000].");

    public static final ConfigOption<Integer> NEURAL_SAMPLES = ConfigOptions.key("neural.samples")
            .intType().defaultValue(100)
            .withDescription("Sample paths per neural forecast (the candidate is their mean and variance), in "
                    + "[2, 10000]; inference cost is proportional.");

    public static final ConfigOption<Boolean> NEURAL_CUDA = ConfigOptions.key("neural.cuda")
            .booleanType().defaultValue(true)
            .withDescription("Try ONNX Runtime's CUDA execution provider (needs the gpu build, CUDA 12 and cuDNN 9); "
                    + "falls back to the CPU, logging which provider runs.");

    public static final ConfigOption<String> GROUP_WEIGHTS = ConfigOptions.key("group.weights")
            .stringType().defaultValue("")
            .withDescription("Spatial weights of configured groups, modelled by a space-time AR instead of a VAR: "
                    + "'g1=a~b,b~c;g2=p@0:0,q@3:4,r@6:0'. Edges a~b (undirected; every member needs one) give equal "
                    + "weights to neighbours; coordinates name@x:y[:z] (every member) give inverse-distance weights. "
                    + "Rows are normalised. The group must be listed in 'groups'.");

    public static final ConfigOption<Integer> GROUP_SPARSE_ABOVE = ConfigOptions.key("group.sparse-above")
            .intType().defaultValue(12)
            .withDescription("Groups with more members than this (and no spatial weights) are modelled by a sparse "
                    + "VAR (online lasso) instead of a full VAR, in [2, 64].");
}
