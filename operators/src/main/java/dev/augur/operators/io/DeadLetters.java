package dev.augur.operators.io;

import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/** Builds {@link DeadLetter} records for the job's stages. */
public final class DeadLetters {
    /** Originals larger than this are truncated (the flag says so). */
    public static final int MAX_ORIGINAL_BYTES = 1 << 20;
    private static final AvroCodec<Observation> OBSERVATION = AvroCodec.of(Observation.class);

    private DeadLetters() {
    }

    /** For input that could not be decoded. */
    public static DeadLetter undecodable(IncomingRecord r, String stage) {
        return build(r.topic, r.partition, r.offset, stage, r.errorType, r.errorMessage, r.original,
                r.kafkaTimestamp);
    }

    /** For a decoded observation rejected by a stage; the original is the observation re-encoded. */
    public static DeadLetter rejected(Observation o, String stage, String errorType, String message) {
        return build(null, -1, -1, stage, errorType, message, OBSERVATION.encode(o),
                o.getEventTime().toEpochMilli());
    }

    private static DeadLetter build(String topic, int partition, long offset, String stage, String errorType,
            String message, byte[] original, long time) {
        boolean truncated = original != null && original.length > MAX_ORIGINAL_BYTES;
        byte[] kept = truncated ? Arrays.copyOf(original, MAX_ORIGINAL_BYTES) : original;
        return DeadLetter.newBuilder()
                .setSourceTopic(topic == null || topic.isEmpty() ? null : topic)
                .setSourcePartition(partition < 0 ? null : partition)
                .setSourceOffset(offset < 0 ? null : offset)
                .setStage(stage)
                .setErrorType(errorType)
                .setErrorMessage(message)
                .setOriginal(kept == null ? null : ByteBuffer.wrap(kept))
                .setOriginalTruncated(truncated)
                .setTime(Instant.ofEpochMilli(time))
                .build();
    }
}
