package dev.augur.ingest.resample;

import java.util.Map;

/**
 * The {@code volume} label of a tick: a decimal number, finite and greater than zero (for example {@code 1200} or
 * {@code 0.5}). Market feeds send it as a string label because labels are strings.
 */
public final class Volume {
    /** Label name. */
    public static final String LABEL = "volume";

    private Volume() {
    }

    /**
     * The volume of a tick with {@code labels}.
     *
     * @return the volume, or {@link Double#NaN} when the label is absent or not a positive finite number
     */
    public static double of(Map<String, String> labels) {
        String text = labels == null ? null : labels.get(LABEL);
        if (text == null) {
            return Double.NaN;
        }
        return parse(text);
    }

    /** {@code text} as a positive finite number, or {@link Double#NaN}. */
    static double parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || !isDecimal(t)) {
            return Double.NaN;
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return Double.isFinite(v) && v > 0 ? v : Double.NaN;
    }

    /** Plain decimal syntax only, so {@code NaN}, {@code Infinity}, hex floats and {@code 1d} are refused. */
    private static boolean isDecimal(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /**
     * A volume as label text: an integer without a decimal point when it is a whole number below 2^53, otherwise
     * {@link Double#toString(double)}; deterministic.
     */
    public static String format(double volume) {
        if (volume == Math.rint(volume) && Math.abs(volume) < 0x1p53) {
            return Long.toString((long) volume);
        }
        return Double.toString(volume);
    }
}
