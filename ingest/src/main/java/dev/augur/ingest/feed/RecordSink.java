package dev.augur.ingest.feed;

/** Where a feed sends its records: Kafka ({@link KafkaRecordSink}) or, in tests, a list. */
public interface RecordSink extends AutoCloseable {
    /**
     * Sends one record; may return before it is acknowledged.
     *
     * @throws RuntimeException when an earlier send failed, so a feed stops at the first lost record
     */
    void send(FeedRecord record);

    /** Blocks until every record sent so far is acknowledged; throws if any failed. */
    void flush();

    /** Flushes and releases resources. */
    @Override
    void close();
}
