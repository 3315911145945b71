package dev.augur.ingest;

import dev.augur.ingest.resample.BarProcessor;
import dev.augur.ingest.resample.BarStore;
import dev.augur.ingest.resample.ResampleRouter;
import dev.augur.ingest.validate.ValidationProcessor;
import dev.augur.schemas.kafka.AvroKafkaSerde;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The topology of the ingest app: validation ({@link ValidationTopology}) and, when the config has resampling rules,
 * resampling of tick series to bars.
 *
 * <pre>{@code
 * <prefix>raw -> validate --(rejected)-------------------------------------> <prefix>deadletter
 *                         --(accepted)--> resample-route --(no rule)-------> <prefix>observations
 *                                                        --(tick)--> <app-id>-resample-ticks-repartition
 * <app-id>-resample-ticks-repartition (key: series)
 *   -> resample-bars [store resample-bars] --(bar)-------------------------> <prefix>observations
 *                                          --(BAD_VOLUME, LATE_TICK, ...)--> <prefix>deadletter
 * }</pre>
 *
 * <p>Without rules this is exactly {@link ValidationTopology#build(IngestConfig)}: stateless, no internal topics.
 * With rules, ticks are repartitioned by series (the raw topic may be keyed by anything, and a bar must see every
 * tick of its series) into the internal topic {@code <app-id>-resample-ticks-repartition}, and bars are kept in the
 * changelogged store {@value #BAR_STORE} ({@code <app-id>-resample-bars-changelog}); Kafka Streams creates both
 * internal topics. The rules are described in {@link dev.augur.ingest.resample.ResampleRules}, the bar semantics in
 * {@link BarProcessor}. Node, store and topic names are fixed so the topology stays compatible across releases.
 */
public final class IngestTopology {
    public static final String ROUTE = "resample-route";
    /** Name of the repartition step: internal topic {@code <application-id>-resample-ticks-repartition}. */
    public static final String TICKS = "resample-ticks";
    public static final String BARS = "resample-bars";
    public static final String BAR_STORE = "resample-bars";
    public static final String BARS_SINK = "resample-observations-sink";
    public static final String BARS_DEAD_LETTER_SINK = "resample-deadletter-sink";

    private IngestTopology() {
    }

    /** Builds the topology for {@code config}: validation, plus resampling when it has rules. */
    public static Topology build(IngestConfig config) {
        if (config.resampleRules().isEmpty()) {
            return ValidationTopology.build(config);
        }
        TopicCatalogue topics = config.topics();
        String observations = topics.name(Topic.OBSERVATIONS);
        String deadLetters = topics.name(Topic.DEAD_LETTER);
        Serde<Observation> observationSerde = AvroKafkaSerde.of(Observation.class);
        Serde<DeadLetter> deadLetterSerde = AvroKafkaSerde.of(DeadLetter.class);

        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(BarStore.builder(BAR_STORE, config.resampleStore()));
        KStream<byte[], byte[]> raw = builder.stream(topics.name(Topic.RAW),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(ValidationTopology.SOURCE));
        KStream<Object, Object> validated = raw.process(
                () -> new ValidationProcessor(config, ROUTE, ValidationTopology.DEAD_LETTER_SINK),
                Named.as(ValidationTopology.VALIDATE));
        validated.to(deadLetters, produced(Serdes.ByteArray(), deadLetterSerde, ValidationTopology.DEAD_LETTER_SINK));

        KStream<Object, Object> routed = validated.process(
                () -> new ResampleRouter(config.resampleRules(), ValidationTopology.OBSERVATIONS_SINK, TICKS),
                Named.as(ROUTE));
        routed.to(observations, produced(Serdes.String(), observationSerde, ValidationTopology.OBSERVATIONS_SINK));
        KStream<String, Observation> ticks = typed(routed.filter((k, v) -> true, Named.as(TICKS)));

        KStream<Object, Object> bars = ticks
                .repartition(Repartitioned.<String, Observation>as(TICKS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(observationSerde))
                .process(() -> new BarProcessor(config.resampleRules(), config.maxIdLength(), BAR_STORE, BARS_SINK,
                        BARS_DEAD_LETTER_SINK), Named.as(BARS), BAR_STORE);
        bars.to(observations, produced(Serdes.String(), observationSerde, BARS_SINK));
        bars.to(deadLetters, produced(Serdes.String(), deadLetterSerde, BARS_DEAD_LETTER_SINK));
        return builder.build();
    }

    /** The processors forward (K, V) to named children; the DSL sees them as (Object, Object). */
    @SuppressWarnings("unchecked")
    private static <K, V> Produced<Object, Object> produced(Serde<K> keys, Serde<V> values, String name) {
        return (Produced<Object, Object>) (Produced<?, ?>) Produced.with(keys, values).withName(name);
    }

    @SuppressWarnings("unchecked")
    private static KStream<String, Observation> typed(KStream<Object, Object> stream) {
        return (KStream<String, Observation>) (KStream<?, ?>) stream;
    }
}
