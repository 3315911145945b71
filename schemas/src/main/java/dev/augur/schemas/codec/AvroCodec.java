package dev.augur.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Encodes and decodes one record type with Avro single-object encoding: {@code C3 01}, the 8-byte little-endian
 * CRC-64-AVRO fingerprint of the writer schema, then the Avro binary body. A reader therefore knows which schema wrote
 * a record without a registry. The decoder knows the current schema and every released schema of the type (resources
 * under {@code dev/augur/schemas/released/}), so records written by an earlier release still decode.
 *
 * <p>Thread-safe; serializable so Flink can ship it inside functions (the Avro objects are rebuilt lazily).
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecordBase> implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Released schema versions bundled as resources; add a version here when releasing a schema change. */
    static final String[] RELEASED_VERSIONS = {"v1"};

    private final Class<T> type;
    private transient volatile BinaryMessageEncoder<T> encoder;
    private transient volatile BinaryMessageDecoder<T> decoder;
    private transient Schema schema;

    private AvroCodec(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    public static <T extends SpecificRecordBase> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type);
    }

    public Class<T> type() {
        return type;
    }

    /** The current (writer) schema of the record type. */
    public Schema schema() {
        init();
        return schema;
    }

    /** Single-object encoding of {@code record}; a new array. */
    public byte[] encode(T record) {
        init();
        try {
            ByteBuffer buf = encoder.encode(record);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + type.getSimpleName() + ": " + e.getMessage() + " (record: " + record + ")", e);
        }
    }

    /**
     * Decodes single-object-encoded bytes.
     *
     * @throws RecordDecodingException with a reason code and a message naming the expected type and what was found
     */
    public T decode(byte[] bytes) {
        init();
        if (bytes == null) {
            throw new RecordDecodingException("CORRUPT", "expected a single-object-encoded " + type.getSimpleName()
                    + " but found a null value", null);
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new RecordDecodingException("BAD_HEADER", "expected Avro single-object encoding of "
                    + type.getSimpleName() + " (bytes starting C3 01 + 8-byte schema fingerprint) but found "
                    + describe(bytes), e);
        } catch (MissingSchemaException e) {
            throw new RecordDecodingException("UNKNOWN_SCHEMA", "expected a " + type.getSimpleName()
                    + " written with a known schema (current fingerprint " + fingerprintHex(schema)
                    + ") but found " + describe(bytes) + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            String kind = (e instanceof java.io.EOFException || e.getCause() instanceof java.io.EOFException
                    || e instanceof ArrayIndexOutOfBoundsException) ? "TRUNCATED" : "CORRUPT";
            throw new RecordDecodingException(kind, "expected a complete " + type.getSimpleName()
                    + " body after the header but decoding failed (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); found " + describe(bytes), e);
        }
    }

    private void init() {
        if (decoder != null) {
            return;
        }
        synchronized (this) {
            if (decoder != null) {
                return;
            }
            SpecificData model = SpecificData.getForClass(type);
            Schema current = model.getSchema(type);
            BinaryMessageEncoder<T> enc = new BinaryMessageEncoder<>(model, current);
            BinaryMessageDecoder<T> dec = new BinaryMessageDecoder<>(model, current);
            for (Schema old : releasedSchemas(type)) {
                dec.addSchema(old);
            }
            this.schema = current;
            this.encoder = enc;
            this.decoder = dec;
        }
    }

    /** Every released schema of {@code type} found on the classpath, oldest first. */
    public static List<Schema> releasedSchemas(Class<?> type) {
        List<Schema> out = new ArrayList<>();
        for (String v : RELEASED_VERSIONS) {
            String path = "/dev/augur/schemas/released/" + v + "/" + type.getSimpleName() + ".avsc";
            try (InputStream in = AvroCodec.class.getResourceAsStream(path)) {
                if (in != null) {
                    out.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read released schema " + path, e);
            }
        }
        return out;
    }

    static String fingerprintHex(Schema s) {
        return Long.toHexString(SchemaNormalization.parsingFingerprint64(s));
    }

    private static String describe(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        sb.append(bytes.length).append(" bytes");
        int n = Math.min(bytes.length, 12);
        if (n > 0) {
            sb.append(" starting");
            for (int i = 0; i < n; i++) {
                sb.append(String.format(" %02X", bytes[i] & 0xFF));
            }
        }
        return sb.toString();
    }
}
