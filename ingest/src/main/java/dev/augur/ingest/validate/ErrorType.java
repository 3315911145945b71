package dev.augur.ingest.validate;

/**
 * Why a raw line was dead-lettered; the name is written to {@code DeadLetter.errorType}.
 */
public enum ErrorType {
    /** Not UTF-8, not JSON, not a single JSON object, a field given twice, or a null value. */
    UNPARSEABLE,
    /** {@code series}, {@code time} or {@code value} absent or null. */
    MISSING_FIELD,
    /** A field of the wrong JSON type, e.g. {@code value} a string or {@code labels} not an object of strings. */
    BAD_TYPE,
    /** {@code time} not an ISO-8601 instant or whole epoch milliseconds, or outside the configured range. */
    BAD_TIMESTAMP,
    /** {@code value} NaN or infinite, or a number too large for a double. */
    NON_FINITE,
    /** {@code series} or {@code group} longer than the configured maximum. */
    ID_TOO_LONG,
    /** {@code series} or {@code group} empty or containing control characters. */
    BAD_ID,
    /** The raw value is longer than the configured maximum line size. */
    TOO_LARGE,
    /**
     * The validator itself failed on this input (a bug, not bad data); the record is kept so it can be replayed
     * after a fix.
     */
    INTERNAL
}
