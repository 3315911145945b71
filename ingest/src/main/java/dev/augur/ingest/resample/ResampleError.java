package dev.augur.ingest.resample;

/** Why a tick (or a bar) was dead-lettered by resampling; the name is written to {@code DeadLetter.errorType}. */
public enum ResampleError {
    /** A tick of a vwap rule without a {@code volume} label holding a positive finite number. */
    BAD_VOLUME,
    /** A tick whose bar had already closed: it came after stream time passed the bar's end plus the grace. */
    LATE_TICK,
    /** The bar series id made from the rule's output template is longer than {@code max-id-length}. */
    ID_TOO_LONG,
    /** A bar whose value is not finite (a sum that overflowed); the bar is dead-lettered instead of emitted. */
    NON_FINITE
}
