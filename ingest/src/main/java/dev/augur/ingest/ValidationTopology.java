package dev.augur.ingest;

import dev.augur.ingest.validate.JsonLineValidator;
import dev.augur.ingest.validate.ValidationProcessor;
import dev.augur.schemas.kafka.AvroKafkaSerde;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The ingest validation topology:
 *
 * <pre>
 * &lt;prefix&gt;raw (key bytes or null, value = one JSON line)
 *    -&gt; validate --(series id, Observation)--&gt; &lt;prefix&gt;observations
 *                --(source key, DeadLetter)--&gt; &lt;prefix&gt;deadletter
 * </pre>
 *
 * <p>Stateless: no state stores, no repartitioning. Every input record yields exactly one output record, on one of
 * the two topics; the line contract and the error codes are described in {@link JsonLineValidator}. Output values
 * are Avro single-object encoded ({@link AvroKafkaSerde}); observation keys are the series id as UTF-8. Node names are
 * fixed ({@value #SOURCE}, {@value #VALIDATE}, {@value #OBSERVATIONS_SINK}, {@value #DEAD_LETTER_SINK}) so the
 * topology stays compatible across releases.
 *
 * <p>Validation only: resampling rules in the config are not applied here. The app runs {@link IngestTopology}, which
 * is this topology when there are no rules and adds resampling when there are.
 */
public final class ValidationTopology {
    public static final String SOURCE = "raw-source";
    public static final String VALIDATE = "validate";
    public static final String OBSERVATIONS_SINK = "observations-sink";
    public static final String DEAD_LETTER_SINK = "deadletter-sink";

    private ValidationTopology() {
    }

    /** Builds the topology for the topics and limits of {@code config}. */
    public static Topology build(IngestConfig config) {
        TopicCatalogue topics = config.topics();
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.name(Topic.RAW));
        topology.addProcessor(VALIDATE,
                () -> new ValidationProcessor(config, OBSERVATIONS_SINK, DEAD_LETTER_SINK), SOURCE);
        topology.addSink(OBSERVATIONS_SINK, topics.name(Topic.OBSERVATIONS), new StringSerializer(),
                AvroKafkaSerde.of(Observation.class).serializer(), VALIDATE);
        topology.addSink(DEAD_LETTER_SINK, topics.name(Topic.DEAD_LETTER), new ByteArraySerializer(),
                AvroKafkaSerde.of(DeadLetter.class).serializer(), VALIDATE);
        return topology;
    }
}
