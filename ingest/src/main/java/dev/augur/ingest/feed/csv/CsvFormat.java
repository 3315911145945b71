package dev.augur.ingest.feed.csv;

/** Layouts {@link CsvSource} reads. */
public enum CsvFormat {
    /** Detect among the three below from the first line (see {@link CsvSource}). */
    AUTO,
    /** NAB: header {@code timestamp,value}, timestamps like {@code 2014-04-01 00:00:00} (UTC); one series. */
    NAB,
    /** Header row; the first column is the timestamp, every other column (or a chosen subset) is a series. */
    WIDE,
    /** No header, only numeric columns; times come from a start instant and a step. */
    HEADERLESS
}
