package dev.augur.ingest.feed.synthetic;

import java.util.Locale;

/**
 * Kinds of injected, labelled faults. The effect holds on the records with event time in {@code [start, end)}; the
 * signal is back to normal from {@code end} on (except {@link #JUMP}, a permanent move of a price).
 */
public enum FaultKind {
    /** Sensor: 1-3 steps offset by &plusmn;6-10 noise standard deviations. */
    SPIKE,
    /** Sensor: 30-120 steps offset by a constant &plusmn;4-8 noise standard deviations. */
    LEVEL_SHIFT,
    /** Sensor: 60-240 steps with an offset growing linearly to &plusmn;5-10 noise standard deviations. */
    DRIFT,
    /** Sensor: 20-90 steps that repeat the last value before the fault. */
    STUCK,
    /** Market: a jump of the log price by &plusmn;6-12 per-step volatilities, labelled on the one step it occurs. */
    JUMP;

    /** The label value, e.g. {@code level_shift}: used as {@code fault=<label>} on records and in the labels file. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
