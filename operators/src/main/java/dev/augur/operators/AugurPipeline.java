package dev.augur.operators;

import dev.augur.operators.config.JobConfig;
import dev.augur.operators.functions.ArForecastFunction;
import dev.augur.operators.functions.DecodeRouter;
import dev.augur.operators.functions.OutputTags;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The Augur job as a function of its input: {@link #build} takes a stream of incoming observation records (with event
 * time and watermarks already assigned) and returns the output streams. Sources and sinks are wired by
 * {@link AugurJob}, or by a test. Every stateful operator has a stable uid.
 */
public final class AugurPipeline {
    /** Stable operator uids: changing one orphans its state in savepoints. */
    public static final String UID_SOURCE = "observations-source";
    public static final String UID_DECODE = "decode";
    public static final String UID_AR = "ar-forecast";

    private AugurPipeline() {
    }

    /** The pipeline's output streams. */
    public record Outputs(DataStream<Forecast> forecasts, DataStream<AnomalyScore> anomalies,
            DataStream<DeadLetter> deadLetters) {
    }

    public static Outputs build(DataStream<IncomingRecord> input, JobConfig config) {
        SingleOutputStreamOperator<Observation> observations = input
                .process(new DecodeRouter())
                .name("decode").uid(UID_DECODE);

        KeySelector<Observation, String> bySeries = Observation::getSeries;
        SingleOutputStreamOperator<Forecast> forecasts = observations
                .keyBy(bySeries, Types.STRING)
                .process(new ArForecastFunction(config))
                .name("ar-forecast").uid(UID_AR);

        DataStream<DeadLetter> deadLetters = observations.getSideOutput(OutputTags.DEAD_LETTERS)
                .union(forecasts.getSideOutput(OutputTags.DEAD_LETTERS));
        return new Outputs(forecasts, forecasts.getSideOutput(OutputTags.ANOMALIES), deadLetters);
    }
}
