package dev.augur.ingest.feed;

import java.util.ArrayList;
import java.util.List;

/** A {@link RecordSink} that keeps what it is sent, for tests. */
final class ListSink implements RecordSink {
    final List<FeedRecord> records = new ArrayList<>();
    int flushes;
    boolean closed;

    @Override
    public void send(FeedRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }
}
