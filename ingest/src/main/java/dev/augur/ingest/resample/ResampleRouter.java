package dev.augur.ingest.resample;

import dev.augur.schemas.records.Observation;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sends each validated observation either on to the observations sink, unchanged (its series matches no rule), or
 * to the ticks child that repartitions it by series for {@link BarProcessor}, with its raw position added as a
 * header ({@link RawPosition}). Stateless; checks nothing else, so every tick problem is decided in one place,
 * {@link BarProcessor}.
 */
public final class ResampleRouter implements Processor<Object, Object, Object, Object> {
    private final RuleMatcher rules;
    private final String observationsChild;
    private final String ticksChild;
    private ProcessorContext<Object, Object> context;

    /**
     * @param observationsChild child receiving (series, Observation) that are not resampled
     * @param ticksChild child receiving (series, Observation) ticks to resample
     */
    public ResampleRouter(ResampleRules rules, String observationsChild, String ticksChild) {
        this.rules = new RuleMatcher(rules);
        this.observationsChild = observationsChild;
        this.ticksChild = ticksChild;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<Object, Object> record) {
        Observation obs = (Observation) record.value();
        if (rules.ruleFor(obs.getSeries()) == null) {
            context.forward(record, observationsChild);
            return;
        }
        RecordMetadata meta = context.recordMetadata().orElse(null);
        Record<Object, Object> tick = meta == null ? record
                : record.withHeaders(new RawPosition(meta.topic(), meta.partition(), meta.offset())
                        .addTo(record.headers()));
        context.forward(tick, ticksChild);
    }
}
