package dev.augur.operators;

import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.operators.io.KeyedAvroSerializer;
import dev.augur.operators.io.ObservationDeserializer;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the Flink job: parses and validates the configuration, wires the Kafka source and the exactly-once
 * Kafka sinks around {@link AugurPipeline}, and runs. Runs in a local MiniCluster when started as a plain Java
 * program, or on a cluster via {@code flink run} with the job jar.
 *
 * <p>Arguments: {@code --key value} pairs: the keys of {@link dev.augur.operators.config.AugurOptions}, any Flink
 * configuration key (e.g. {@code --state.backend.type rocksdb}), and {@code --kafka.<client setting>} for Kafka
 * security and tuning.
 */
public final class AugurJob {
    private static final Logger LOG = LoggerFactory.getLogger(AugurJob.class);
    /** Kafka's default transaction.max.timeout.ms is 15 min; Flink's sink default (1 h) would be refused. */
    static final String TRANSACTION_TIMEOUT_MS = "600000";

    private AugurJob() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = JobConfig.parseArgs(args);
        JobConfig config = JobConfig.from(conf);
        StreamExecutionEnvironment env = environment(conf, config);
        wire(env, config);
        LOG.info("Starting Augur job: bootstrap={} prefix={} horizon={} ar.order={}", config.bootstrapServers(),
                config.topicPrefix(), config.horizon(), config.arOrder());
        env.execute("augur");
    }

    /** The execution environment with Augur's defaults applied under the user's Flink settings. */
    public static StreamExecutionEnvironment environment(Configuration flinkConf, JobConfig config) {
        Configuration c = new Configuration();
        c.setString("pipeline.generic-types", "false");
        c.setString("restart-strategy.type", "fixed-delay");
        c.setString("restart-strategy.fixed-delay.attempts", "10");
        c.setString("restart-strategy.fixed-delay.delay", "2 s");
        // with RocksDB, keep the timers on the heap: each key holds only O(1) timers (one expiry timer, plus one per
        // buffered observation or origin in flight), and RocksDB-held timers cost a read and a write per firing
        c.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
        // with RocksDB, checkpoint only the SST files written since the last checkpoint: a full snapshot rewrites the
        // whole state (about 15 KB per series) at every checkpoint interval (ignored by the heap backend)
        c.setString("execution.checkpointing.incremental", "true");
        // with RocksDB, bloom filters let a point read skip the files that do not hold its key: the stages read
        // every key's state at each event (the combine stage one entry per forecast origin in flight)
        c.setString("state.backend.rocksdb.use-bloom-filter", "true");
        // chained operators hand records over without an Avro deep copy. Safe here: every function emits a new
        // object per record and never changes a record after emitting it, so the functions that keep records they
        // were handed (the combine inbox, the neural stage's batches) hold values nobody else mutates
        c.setString("pipeline.object-reuse", "true");
        // checkpoint files are written through a buffer of this size (Flink's default 4 KB made a heap snapshot of
        // 100k series, about 1 GB, a quarter of a million write calls every checkpoint)
        c.setString("execution.checkpointing.write-buffer-size", "262144");
        // every output waits for the watermark (reordering, then the combine stage's timers): emit it every 50 ms
        // rather than Flink's 200 ms, so event-time processing adds less latency; a periodic watermark per source
        // split is cheap next to the records in between
        c.setString("pipeline.auto-watermark-interval", "50 ms");
        c.addAll(flinkConf);
        if (!c.containsKey("execution.checkpointing.dir")) {
            // the JobManager's in-memory checkpoint storage caps state at 5 MB; a local directory is the sane default
            // for a single machine, a cluster sets a durable shared one (s3://, hdfs://)
            String dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "augur-checkpoints").toUri()
                    .toString();
            c.setString("execution.checkpointing.dir", dir);
            LOG.warn("execution.checkpointing.dir is not set; checkpoints go to {} (set a durable shared directory "
                    + "on a cluster)", dir);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(config.parallelism());
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    /** Adds the Kafka source, the pipeline and the Kafka sinks to {@code env}. */
    public static AugurPipeline.Outputs wire(StreamExecutionEnvironment env, JobConfig config) {
        AugurPipeline.Outputs out = AugurPipeline.build(kafkaInput(env, config), config);
        sinkToKafka(out, config);
        return out;
    }

    /** The observations topic as a stream with event time and watermarks. */
    public static DataStream<IncomingRecord> kafkaInput(StreamExecutionEnvironment env, JobConfig config) {
        TopicCatalogue topics = TopicCatalogue.withPrefix(config.topicPrefix());
        return env.fromSource(source(config, topics), watermarks(config), "observations")
                .uid(AugurPipeline.UID_SOURCE);
    }

    /** Writes every output stream to its topic with an exactly-once Kafka sink. */
    public static void sinkToKafka(AugurPipeline.Outputs out, JobConfig config) {
        TopicCatalogue topics = TopicCatalogue.withPrefix(config.topicPrefix());
        out.forecasts().sinkTo(sink(config, topics.name(Topic.FORECASTS), Forecast.class, Forecast::getSeries,
                "forecasts")).name("forecasts-sink").uid("forecasts-sink");
        // one sink per part, chained to the operator that makes it; the primary part keeps the uid and transactional
        // id prefix of earlier builds' single anomalies sink, so their savepoints restore
        out.anomalyParts().forEach((part, scores) -> {
            String suffix = part.equals(AugurPipeline.Outputs.PRIMARY) ? "" : "-" + part;
            scores.sinkTo(sink(config, topics.name(Topic.ANOMALIES), AnomalyScore.class, AnomalyScore::getSeries,
                    "anomalies" + suffix)).name("anomalies-sink" + suffix).uid("anomalies-sink" + suffix);
        });
        out.diagnostics().sinkTo(sink(config, topics.name(Topic.DIAGNOSTICS), ModelDiagnostics.class,
                d -> d.getSubject() + "/" + d.getModel(), "diagnostics")).name("diagnostics-sink")
                .uid("diagnostics-sink");
        out.late().sinkTo(sink(config, topics.name(Topic.LATE), Observation.class, Observation::getSeries,
                "late")).name("late-sink").uid("late-sink");
        out.deadLetters().sinkTo(sink(config, topics.name(Topic.DEAD_LETTER), DeadLetter.class, d -> null,
                "deadletters")).name("deadletters-sink").uid("deadletters-sink");
    }

    public static WatermarkStrategy<IncomingRecord> watermarks(JobConfig config) {
        return WatermarkStrategy.<IncomingRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((r, ts) -> r.eventTimeMillis())
                .withIdleness(config.idleness());
    }

    static KafkaSource<IncomingRecord> source(JobConfig config, TopicCatalogue topics) {
        OffsetsInitializer start = switch (config.startingOffsets()) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
        var builder = KafkaSource.<IncomingRecord>builder();
        if (config.sourceBounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topics.name(Topic.OBSERVATIONS))
                .setGroupId(config.groupId())
                .setStartingOffsets(start)
                .setDeserializer(new ObservationDeserializer())
                .setProperties(config.kafkaProperties())
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    static <T extends SpecificRecordBase> KafkaSink<T> sink(JobConfig config, String topic, Class<T> type,
            KeySelector<T, String> key, String name) {
        Properties producer = config.kafkaProperties();
        producer.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new KeyedAvroSerializer<>(topic, type, key))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                .build();
    }
}
