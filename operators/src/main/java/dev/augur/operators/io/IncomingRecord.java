package dev.augur.operators.io;

import dev.augur.schemas.records.Observation;

/**
 * What the observations source emits: either a decoded {@link Observation} or, when the bytes could not be decoded, the
 * reason and the original bytes, so the job can dead-letter them instead of failing. Kafka coordinates travel with it.
 * A Flink POJO.
 */
public class IncomingRecord {
    /** The decoded observation; null when decoding failed. */
    public Observation observation;
    /** Reason code when decoding failed (e.g. BAD_HEADER); null when decoded. */
    public String errorType;
    /** Human-readable reason when decoding failed. */
    public String errorMessage;
    /** The original value bytes when decoding failed; null otherwise. */
    public byte[] original;
    public String topic;
    public int partition;
    public long offset;
    /** Kafka record timestamp (ms). */
    public long kafkaTimestamp;

    public IncomingRecord() {
    }

    public static IncomingRecord of(Observation o) {
        IncomingRecord r = new IncomingRecord();
        r.observation = o;
        r.topic = "";
        r.partition = -1;
        r.offset = -1;
        r.kafkaTimestamp = o.getEventTime().toEpochMilli();
        return r;
    }

    public boolean decoded() {
        return observation != null;
    }

    /**
     * Event time for watermarks: the observation's. Undecodable input has no event time; it gets
     * {@link Long#MIN_VALUE} so it never moves the watermark (its Kafka timestamp, often wall-clock time, would make
     * every real observation late).
     */
    public long eventTimeMillis() {
        return observation != null ? observation.getEventTime().toEpochMilli() : Long.MIN_VALUE;
    }
}
