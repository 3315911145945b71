package dev.augur.schemas.codec;

/**
 * Thrown when bytes cannot be decoded as the expected Avro record. The message says which record type and encoding
 * were expected and what was found (length and leading bytes), so a dead-letter entry is useful on its own.
 */
public final class RecordDecodingException extends RuntimeException {
    private final String errorType;

    public RecordDecodingException(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    /** A short machine-readable reason code: BAD_HEADER, UNKNOWN_SCHEMA, TRUNCATED or CORRUPT. */
    public String errorType() {
        return errorType;
    }
}
