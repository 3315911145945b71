package dev.augur.ingest.feed.csv;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How to read a CSV file.
 *
 * @param format the layout, or {@link CsvFormat#AUTO}
 * @param seriesPrefix prepended to every series id; null for the default: {@code ""} for NAB files (whose series id
 *     is then the file name without extensions), {@code "<file stem>."} for wide and headerless files
 * @param columns the value columns to read (header names; {@code c0, c1, ...} for headerless files); empty for all
 * @param group group id given to every series, or null for none
 * @param start event time of the first row of a headerless file
 * @param step event-time spacing of the rows of a headerless file, positive
 */
public record CsvOptions(CsvFormat format, String seriesPrefix, List<String> columns, String group, Instant start,
        Duration step) {
    /** Default start of headerless files. */
    public static final Instant DEFAULT_START = Instant.parse("2020-01-01T00:00:00Z");
    /** Default step of headerless files. */
    public static final Duration DEFAULT_STEP = Duration.ofHours(1);

    public CsvOptions {
        Objects.requireNonNull(format, "format");
        columns = columns == null ? List.of() : List.copyOf(columns);
        start = start == null ? DEFAULT_START : start;
        step = step == null ? DEFAULT_STEP : step;
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive but was " + step);
        }
    }

    /** Auto-detected format, default naming, all columns, no group. */
    public static CsvOptions defaults() {
        return new CsvOptions(CsvFormat.AUTO, null, List.of(), null, DEFAULT_START, DEFAULT_STEP);
    }

    public CsvOptions withFormat(CsvFormat f) {
        return new CsvOptions(f, seriesPrefix, columns, group, start, step);
    }

    public CsvOptions withSeriesPrefix(String p) {
        return new CsvOptions(format, p, columns, group, start, step);
    }

    public CsvOptions withColumns(List<String> c) {
        return new CsvOptions(format, seriesPrefix, c, group, start, step);
    }

    public CsvOptions withGroup(String g) {
        return new CsvOptions(format, seriesPrefix, columns, g, start, step);
    }

    public CsvOptions withTimes(Instant s, Duration d) {
        return new CsvOptions(format, seriesPrefix, columns, group, s, d);
    }
}
