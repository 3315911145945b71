package dev.augur.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
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

    /**
     * Per thread: the bytes being written and the buffered encoder writing them. Avro's message encoder writes each
     * value straight through a synchronised ByteArrayOutputStream (a call per double); encoding was about a quarter of
     * the combine stage's time in a profile.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final Class<T> type;
    /** {@code C3 01} and the schema's CRC-64-AVRO fingerprint, little-endian: what {@link BinaryMessageEncoder} writes. */
    private transient byte[] header;
    private transient DatumWriter<T> writer;
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

    /**
     * Single-object encoding of {@code record}; a new array. The same bytes as Avro's {@link BinaryMessageEncoder}
     * (tested), written by a buffered encoder into a per-thread buffer.
     */
    public byte[] encode(T record) {
        init();
        Scratch sc = SCRATCH.get();
        try {
            // configuring first: it flushes what an encode that failed half-way left in the encoder, then the reset
            // drops it
            sc.encoder = EncoderFactory.get().binaryEncoder(sc.out, sc.encoder);
            sc.out.reset();
            sc.encoder.writeFixed(header);
            writer.write(record, sc.encoder);
            sc.encoder.flush();
            return sc.out.toByteArray();
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
            byte[] head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                    .putLong(SchemaNormalization.parsingFingerprint64(current)).array();
            @SuppressWarnings("unchecked")
            DatumWriter<T> w = (DatumWriter<T>) model.createDatumWriter(current);
            BinaryMessageDecoder<T> dec = new BinaryMessageDecoder<>(model, current);
            for (Schema old : releasedSchemas(type)) {
                dec.addSchema(old);
            }
            this.schema = current;
            this.writer = w;
            this.header = head;
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

    /** A growable byte buffer (not synchronised) and the encoder bound to it. */
    private static final class Scratch {
        final Bytes out = new Bytes();
        BinaryEncoder encoder;
    }

    private static final class Bytes extends OutputStream {
        private byte[] buf = new byte[1024];
        private int count;

        /** Empties the buffer; one that grew past 1 MiB (a large record) is given back. */
        void reset() {
            count = 0;
            if (buf.length > 1 << 20) {
                buf = new byte[1024];
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }

        private void ensure(int n) {
            if (count + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
            }
        }
    }
}
