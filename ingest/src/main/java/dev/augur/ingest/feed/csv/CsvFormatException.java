package dev.augur.ingest.feed.csv;

/** A CSV file does not have the expected layout; the message gives the file, line, what was expected and found. */
public final class CsvFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CsvFormatException(String message) {
        super(message);
    }

    public CsvFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
