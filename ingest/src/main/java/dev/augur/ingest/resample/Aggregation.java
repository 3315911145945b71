package dev.augur.ingest.resample;

import java.util.Locale;

/**
 * How the ticks of one bar become the bar's value. For the ticks {@code i = 1..n} of a bar, with values {@code x_i},
 * event times {@code t_i} and volumes {@code v_i}:
 *
 * <ul>
 *   <li>{@link #LAST}: {@code x_k} with {@code k = argmax t_i}; of ticks with the same event time, the one processed
 *       last (the later offset) wins.</li>
 *   <li>{@link #MEAN}: {@code (1/n) sum x_i}.</li>
 *   <li>{@link #SUM}: {@code sum x_i}.</li>
 *   <li>{@link #VWAP}: volume-weighted average price {@code sum x_i v_i / sum v_i}; every tick must carry a positive
 *       finite {@code volume} label.</li>
 * </ul>
 *
 * <p>Each constant has a fixed {@link #code()} written into stored bar state; never renumber.
 */
public enum Aggregation {
    LAST(1),
    MEAN(2),
    SUM(3),
    VWAP(4);

    private final byte code;

    Aggregation(int code) {
        this.code = (byte) code;
    }

    /** Stable one-byte code used in stored state. */
    public byte code() {
        return code;
    }

    /** The name used in rule files: {@code last}, {@code mean}, {@code sum}, {@code vwap}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether every tick must have a valid {@code volume} label. */
    public boolean needsVolume() {
        return this == VWAP;
    }

    /**
     * @throws IllegalArgumentException for an unknown code (state written by a newer release)
     */
    public static Aggregation ofCode(byte code) {
        for (Aggregation a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown aggregation code " + code);
    }

    /** The constant labelled {@code label} (exact, lower case), or null. */
    public static Aggregation ofLabel(String label) {
        for (Aggregation a : values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        return null;
    }

    /** {@code last, mean, sum, vwap}. */
    public static String labels() {
        StringBuilder sb = new StringBuilder();
        for (Aggregation a : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(a.label());
        }
        return sb.toString();
    }
}
