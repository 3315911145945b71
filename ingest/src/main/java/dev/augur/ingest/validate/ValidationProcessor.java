package dev.augur.ingest.validate;

import dev.augur.ingest.IngestConfig;
import dev.augur.ingest.validate.ValidationResult.Accepted;
import dev.augur.ingest.validate.ValidationResult.Rejected;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each raw record: a valid line goes to the observations sink as (series id, {@link Observation}); anything
 * else goes to the dead-letter sink as (source key, {@link DeadLetter}) with the reason, the original bytes and where
 * it came from. Never throws for bad data: even a failure of the validator itself is dead-lettered as
 * {@link ErrorType#INTERNAL}, so one bad record cannot stop the application.
 *
 * <p>Both outputs keep the source record's timestamp; the dead letter's {@code time} is that timestamp too, so
 * replaying the same input gives the same output.
 */
public final class ValidationProcessor implements Processor<byte[], byte[], Object, Object> {
    /** Value of {@code DeadLetter.stage} for records rejected here. */
    public static final String STAGE = "ingest.validate";
    /** Longest original kept in a dead letter; longer inputs are cut and flagged {@code originalTruncated}. */
    public static final int MAX_ORIGINAL_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ValidationProcessor.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final JsonLineValidator validator;
    private final String observationsSink;
    private final String deadLetterSink;
    private final RejectionLog rejectionLog;
    private ProcessorContext<Object, Object> context;
    private RejectionMetrics metrics;

    /**
     * @param config the validation limits
     * @param observationsSink name of the child node receiving (String, Observation)
     * @param deadLetterSink name of the child node receiving (byte[], DeadLetter)
     */
    public ValidationProcessor(IngestConfig config, String observationsSink, String deadLetterSink) {
        this.validator = new JsonLineValidator(config);
        this.observationsSink = observationsSink;
        this.deadLetterSink = deadLetterSink;
        this.rejectionLog = new RejectionLog(LOG, LOG_INTERVAL_NANOS, System::nanoTime);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.metrics = new RejectionMetrics(context.metrics());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ValidationResult result;
        try {
            result = validator.validate(record.value());
        } catch (RuntimeException e) {
            LOG.error("validator failed on a record; dead-lettering it as INTERNAL", e);
            result = new Rejected(ErrorType.INTERNAL, "expected the validator to accept or reject the line but it"
                    + " failed with " + e);
        }
        if (result instanceof Accepted accepted) {
            Observation obs = accepted.observation();
            context.forward(record.withKey((Object) obs.getSeries()).withValue((Object) obs), observationsSink);
            metrics.recordAccepted();
        } else {
            Rejected rejected = (Rejected) result;
            DeadLetter dl = deadLetter(record, rejected);
            context.forward(record.withValue((Object) dl), deadLetterSink);
            metrics.recordRejected(rejected.errorType());
            rejectionLog.rejected(rejected.errorType(), source(dl), rejected.message());
        }
    }

    private DeadLetter deadLetter(Record<byte[], byte[]> record, Rejected rejected) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        byte[] value = record.value();
        ByteBuffer original = null;
        boolean truncated = false;
        if (value != null) {
            truncated = value.length > MAX_ORIGINAL_BYTES;
            original = ByteBuffer.wrap(truncated ? Arrays.copyOf(value, MAX_ORIGINAL_BYTES) : value);
        }
        return new DeadLetter(
                meta.map(RecordMetadata::topic).orElse(null),
                meta.map(RecordMetadata::partition).orElse(null),
                meta.map(RecordMetadata::offset).orElse(null),
                STAGE,
                rejected.errorType().name(),
                rejected.message(),
                original,
                truncated,
                Instant.ofEpochMilli(record.timestamp()));
    }

    private static String source(DeadLetter dl) {
        return dl.getSourceTopic() == null ? "record" : dl.getSourceTopic() + "-" + dl.getSourcePartition() + "@"
                + dl.getSourceOffset();
    }
}
