package dev.augur.ingest.resample;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Where a tick was read from {@code <prefix>raw}: carried through the repartition topic in the header
 * {@value #HEADER} (int partition, long offset, topic UTF-8), so a tick dead-lettered after the repartition names
 * the raw record, not the internal topic.
 *
 * @param topic raw topic
 * @param partition raw partition
 * @param offset raw offset
 */
public record RawPosition(String topic, int partition, long offset) {
    public static final String HEADER = "augur.raw-position";

    /** A copy of {@code headers} with this position added (replacing an earlier one). */
    public Headers addTo(Headers headers) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        RecordHeaders copy = new RecordHeaders(headers.toArray());
        copy.remove(HEADER);
        copy.add(HEADER, ByteBuffer.allocate(12 + t.length).putInt(partition).putLong(offset).put(t).array());
        return copy;
    }

    /** The position in {@code headers}, or null when there is none or it is malformed. */
    public static RawPosition of(Headers headers) {
        Header h = headers.lastHeader(HEADER);
        if (h == null || h.value() == null || h.value().length < 12) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(h.value());
        int partition = b.getInt();
        long offset = b.getLong();
        return new RawPosition(new String(h.value(), 12, h.value().length - 12, StandardCharsets.UTF_8), partition,
                offset);
    }

    /** A copy of {@code headers} without the position header. */
    public static Headers removeFrom(Headers headers) {
        RecordHeaders copy = new RecordHeaders(headers.toArray());
        copy.remove(HEADER);
        return copy;
    }
}
