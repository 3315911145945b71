package dev.augur.operators.functions;

import dev.augur.operators.io.DeadLetters;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.schemas.records.Observation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Passes decoded observations on and sends undecodable input to the dead-letter side output. Stateless. */
public final class DecodeRouter extends ProcessFunction<IncomingRecord, Observation> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "job.decode";
    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(IncomingRecord r, Context ctx, Collector<Observation> out) {
        if (r.decoded()) {
            out.collect(r.observation);
        } else {
            deadLetters.inc();
            ctx.output(OutputTags.DEAD_LETTERS, DeadLetters.undecodable(r, STAGE));
        }
    }
}
