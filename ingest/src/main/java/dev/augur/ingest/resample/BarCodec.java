package dev.augur.ingest.resample;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stored form of a {@link Bar}: a version byte, then big-endian fixed fields and length-prefixed UTF-8 strings.
 *
 * <pre>
 * version 1:
 *   byte    version (1)
 *   byte    aggregation code ({@link Aggregation#code()})
 *   long    start (ms)          long    stepMillis
 *   long    ticks               double  sum
 *   double  priceVolume         double  volume
 *   long    volumeTicks         long    lastTime (ms)
 *   double  lastValue
 *   string  outputSeries        string  group (length -1 = null)
 * string = int length in bytes, then UTF-8 bytes
 * </pre>
 *
 * <p>A later release adds a version and keeps decoding this one: bars stored by an earlier release must restore.
 * Thread-safe (stateless).
 */
public final class BarCodec {
    /** The version this release writes. */
    public static final byte VERSION = 1;
    private static final int FIXED = 2 + 9 * 8;

    private BarCodec() {
    }

    public static byte[] encode(Bar bar) {
        byte[] series = bar.outputSeries().getBytes(StandardCharsets.UTF_8);
        byte[] group = bar.group() == null ? null : bar.group().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED + 8 + series.length + (group == null ? 0 : group.length));
        b.put(VERSION).put(bar.aggregation().code());
        b.putLong(bar.start()).putLong(bar.stepMillis());
        b.putLong(bar.ticks()).putDouble(bar.sum());
        b.putDouble(bar.priceVolume()).putDouble(bar.volume());
        b.putLong(bar.volumeTicks()).putLong(bar.lastTime());
        b.putDouble(bar.lastValue());
        b.putInt(series.length).put(series);
        if (group == null) {
            b.putInt(-1);
        } else {
            b.putInt(group.length).put(group);
        }
        return b.array();
    }

    /**
     * @throws IllegalArgumentException for bytes not written by this codec (unknown version, truncated)
     */
    public static Bar decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            byte version = b.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("expected bar state version " + VERSION + " but found " + version);
            }
            Aggregation aggregation = Aggregation.ofCode(b.get());
            long start = b.getLong();
            long step = b.getLong();
            long ticks = b.getLong();
            double sum = b.getDouble();
            double priceVolume = b.getDouble();
            double volume = b.getDouble();
            long volumeTicks = b.getLong();
            long lastTime = b.getLong();
            double lastValue = b.getDouble();
            String series = string(b);
            String group = string(b);
            if (series == null || b.hasRemaining()) {
                throw new IllegalArgumentException("malformed bar state of " + bytes.length + " bytes");
            }
            return new Bar(aggregation, start, step, series, ticks, sum, priceVolume, volume, volumeTicks, lastTime,
                    lastValue, group);
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated bar state of " + bytes.length + " bytes", e);
        }
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("bad string length " + n + " in bar state");
        }
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
