package dev.augur.ingest.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link FeedRecord} as one line of the JSON line contract that ingest validates
 * ({@code dev.augur.ingest.validate.JsonLineValidator}):
 * {@code {"series":"s1","group":"g1","time":"2024-01-01T00:00:00Z","value":1.5,"labels":{"k":"v"}}}. The time is an
 * ISO-8601 UTC instant; {@code group} and {@code labels} are left out when absent; labels are sorted by key so the
 * bytes are deterministic. No trailing newline.
 */
public final class JsonLineEncoder {
    private static final JsonFactory JSON = new JsonFactory();

    /** UTF-8 bytes of the line. */
    public byte[] encode(FeedRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 32 * r.labels().size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("series", r.series());
            if (r.group() != null) {
                g.writeStringField("group", r.group());
            }
            g.writeStringField("time", Instant.ofEpochMilli(r.eventTimeMillis()).toString());
            g.writeNumberField("value", r.value());
            if (!r.labels().isEmpty()) {
                g.writeObjectFieldStart("labels");
                for (Map.Entry<String, String> e : new TreeMap<>(r.labels()).entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return out.toByteArray();
    }
}
