package dev.augur.operators;

import dev.augur.models.stream.StageRecord;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.functions.CombineStage;
import dev.augur.operators.functions.DecodeRouter;
import dev.augur.operators.functions.GroupStage;
import dev.augur.operators.functions.NeuralStage;
import dev.augur.operators.functions.OutputTags;
import dev.augur.operators.functions.SeriesStage;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.operators.neural.NeuralModels;
import dev.augur.operators.state.StageRecordTypeInfo;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The Augur job as a function of its input: {@link #build} takes a stream of incoming observation records (with event
 * time and watermarks already assigned) and returns the output streams. Sources and sinks are wired by
 * {@link AugurJob}, or by a test. Every stateful operator has a stable uid.
 *
 * <pre>
 * input -> decode -> keyBy(series) -> SeriesStage (AR) --ARRIVAL/CANDIDATE--+-> keyBy(series) -> CombineStage
 *            |    |             late, dead letters, diagnostics                   |     forecasts (ensemble),
 *            |    |             +-REQUEST-> NeuralStage (async, micro-batched) --+     anomalies, diagnostics
 *            |    +-> keyBy(group) -> GroupStage (VAR) ------CANDIDATE------------+
 *            |                        group anomaly scores, diagnostics (IRF, FEVD, Granger)
 *            +-> dead letters
 * </pre>
 */
public final class AugurPipeline {
    /** Stable operator uids: changing one orphans its state in savepoints. */
    public static final String UID_SOURCE = "observations-source";
    public static final String UID_DECODE = "decode";
    public static final String UID_SERIES = "series-ar";
    public static final String UID_GROUP = "group-var";
    public static final String UID_COMBINE = "combine";
    public static final String UID_NEURAL = "neural";
    /** The name of the group stage's part of an output written by sinks per part. */
    public static final String PART_GROUP = "group";

    private AugurPipeline() {
    }

    /**
     * The pipeline's output streams. Anomaly scores come in parts, one per operator that makes them (the combine stage,
     * and the group stage when groups are on), each written by a sink of its own chained to its operator: a union
     * before one sink would cut the chain and send every score through the network to a separate sink task (one score
     * per arrival, the job's second-largest output). The other outputs are one stream each: diagnostics, late records
     * and dead letters are few, and every sink adds a transactional Kafka producer per subtask.
     *
     * @param anomalyParts the anomaly score streams by part name; the part named {@link #PRIMARY} keeps the sink
     *        (uid, transactional id prefix) of builds that had one anomalies sink
     */
    public record Outputs(DataStream<Forecast> forecasts, Map<String, DataStream<AnomalyScore>> anomalyParts,
            DataStream<ModelDiagnostics> diagnostics, DataStream<Observation> late,
            DataStream<DeadLetter> deadLetters) {
        /** The name of the part whose sink keeps the uid of the single sink of earlier builds. */
        public static final String PRIMARY = "";

        public Outputs {
            if (!anomalyParts.containsKey(PRIMARY)) {
                throw new IllegalArgumentException("expected an anomaly part named \"\" (the primary one) but found "
                        + anomalyParts.keySet());
            }
            anomalyParts = Collections.unmodifiableMap(new LinkedHashMap<>(anomalyParts));
        }

        /** Outputs with one anomaly stream. */
        public Outputs(DataStream<Forecast> forecasts, DataStream<AnomalyScore> anomalies,
                DataStream<ModelDiagnostics> diagnostics, DataStream<Observation> late,
                DataStream<DeadLetter> deadLetters) {
            this(forecasts, Map.of(PRIMARY, anomalies), diagnostics, late, deadLetters);
        }

        /** Every anomaly score, all parts as one stream (for tests and consumers in the same job). */
        public DataStream<AnomalyScore> anomalies() {
            DataStream<AnomalyScore> all = anomalyParts.get(PRIMARY);
            for (Map.Entry<String, DataStream<AnomalyScore>> e : anomalyParts.entrySet()) {
                if (!e.getKey().equals(PRIMARY)) {
                    all = all.union(e.getValue());
                }
            }
            return all;
        }
    }

    public static Outputs build(DataStream<IncomingRecord> input, JobConfig config) {
        SingleOutputStreamOperator<Observation> observations = input
                .process(new DecodeRouter())
                .name("decode").uid(UID_DECODE);

        KeySelector<Observation, String> bySeries = Observation::getSeries;
        NeuralModels.Description neural = config.neuralEnabled()
                ? NeuralModels.describe(config.neuralModel(), config.horizon()) : null;
        SingleOutputStreamOperator<StageRecord> ar = observations
                .keyBy(bySeries, Types.STRING)
                .process(neural == null ? new SeriesStage(config)
                        : new SeriesStage(config, neural.context(), neural.horizon()))
                .returns(StageRecordTypeInfo.INSTANCE)
                .name("series-ar").uid(UID_SERIES);

        DataStream<StageRecord> candidates = ar;
        if (neural != null) {
            // ordered: output keeps the request order (deterministic); capacity bounds the requests in flight
            DataStream<StageRecord> nn = AsyncDataStream.orderedWait(ar.getSideOutput(OutputTags.NEURAL_REQUESTS),
                    new NeuralStage(config), config.neuralTimeout().toMillis(), TimeUnit.MILLISECONDS,
                    config.neuralCapacity())
                    .returns(StageRecordTypeInfo.INSTANCE)
                    .name("neural").uid(UID_NEURAL);
            candidates = candidates.union(nn);
        }
        SingleOutputStreamOperator<StageRecord> var = null;
        if (config.groupEnabled()) {
            KeySelector<Observation, String> byGroup = Observation::getGroup;
            var = observations
                    .filter(o -> o.getGroup() != null).name("grouped")
                    .keyBy(byGroup, Types.STRING)
                    .process(new GroupStage(config))
                    .returns(StageRecordTypeInfo.INSTANCE)
                    .name("group-var").uid(UID_GROUP);
            candidates = candidates.union(var);
        }

        KeySelector<StageRecord, String> stageSeries = r -> r.series;
        SingleOutputStreamOperator<Forecast> combined = candidates
                .keyBy(stageSeries, Types.STRING)
                .process(new CombineStage(config))
                .name("combine").uid(UID_COMBINE);

        DataStream<DeadLetter> deadLetters = observations.getSideOutput(OutputTags.DEAD_LETTERS)
                .union(ar.getSideOutput(OutputTags.DEAD_LETTERS));
        DataStream<ModelDiagnostics> diagnostics = ar.getSideOutput(OutputTags.DIAGNOSTICS)
                .union(combined.getSideOutput(OutputTags.DIAGNOSTICS));
        Map<String, DataStream<AnomalyScore>> anomalies = new LinkedHashMap<>();
        anomalies.put(Outputs.PRIMARY, combined.getSideOutput(OutputTags.ANOMALIES));
        if (var != null) {
            deadLetters = deadLetters.union(var.getSideOutput(OutputTags.DEAD_LETTERS));
            diagnostics = diagnostics.union(var.getSideOutput(OutputTags.DIAGNOSTICS));
            anomalies.put(PART_GROUP, var.getSideOutput(OutputTags.ANOMALIES));
        }
        return new Outputs(combined, anomalies, diagnostics, ar.getSideOutput(OutputTags.LATE), deadLetters);
    }
}
