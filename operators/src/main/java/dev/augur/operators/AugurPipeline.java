package dev.augur.operators;

import dev.augur.operators.config.JobConfig;
import dev.augur.operators.functions.CombineStage;
import dev.augur.operators.functions.DecodeRouter;
import dev.augur.operators.functions.OutputTags;
import dev.augur.operators.functions.SeriesStage;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.operators.io.StageRecord;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The Augur job as a function of its input: {@link #build} takes a stream of incoming observation records (with event
 * time and watermarks already assigned) and returns the output streams. Sources and sinks are wired by
 * {@link AugurJob}, or by a test. Every stateful operator has a stable uid.
 *
 * <pre>
 * input -> decode -> keyBy(series) -> SeriesStage (AR) --ARRIVAL/CANDIDATE--> keyBy(series) -> CombineStage
 *            |                 |  late -> late topic                                  |-> forecasts (ensemble)
 *            +-> dead letters  +-> dead letters, diagnostics                          +-> anomalies, diagnostics
 * </pre>
 */
public final class AugurPipeline {
    /** Stable operator uids: changing one orphans its state in savepoints. */
    public static final String UID_SOURCE = "observations-source";
    public static final String UID_DECODE = "decode";
    public static final String UID_SERIES = "series-ar";
    public static final String UID_COMBINE = "combine";

    private AugurPipeline() {
    }

    /** The pipeline's output streams. */
    public record Outputs(DataStream<Forecast> forecasts, DataStream<AnomalyScore> anomalies,
            DataStream<ModelDiagnostics> diagnostics, DataStream<Observation> late,
            DataStream<DeadLetter> deadLetters) {
    }

    public static Outputs build(DataStream<IncomingRecord> input, JobConfig config) {
        SingleOutputStreamOperator<Observation> observations = input
                .process(new DecodeRouter())
                .name("decode").uid(UID_DECODE);

        KeySelector<Observation, String> bySeries = Observation::getSeries;
        SingleOutputStreamOperator<StageRecord> ar = observations
                .keyBy(bySeries, Types.STRING)
                .process(new SeriesStage(config))
                .name("series-ar").uid(UID_SERIES);

        KeySelector<StageRecord, String> stageSeries = r -> r.series;
        SingleOutputStreamOperator<Forecast> combined = ar
                .keyBy(stageSeries, Types.STRING)
                .process(new CombineStage(config))
                .name("combine").uid(UID_COMBINE);

        DataStream<DeadLetter> deadLetters = observations.getSideOutput(OutputTags.DEAD_LETTERS)
                .union(ar.getSideOutput(OutputTags.DEAD_LETTERS));
        DataStream<ModelDiagnostics> diagnostics = ar.getSideOutput(OutputTags.DIAGNOSTICS)
                .union(combined.getSideOutput(OutputTags.DIAGNOSTICS));
        return new Outputs(combined, combined.getSideOutput(OutputTags.ANOMALIES), diagnostics,
                ar.getSideOutput(OutputTags.LATE), deadLetters);
    }
}
