package dev.augur.ingest.feed.csv;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Parses the timestamps found in CSV files: {@code 2016-07-01 00:00:00} (NAB, ETT; read as UTC),
 * {@code 2016-07-01T00:00:00}, fractions of a second, an optional offset ({@code Z}, {@code +01:00}), or a bare date
 * {@code 2016-07-01} (midnight UTC).
 */
final class CsvTimestamp {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalEnd()
            .toFormatter();

    private CsvTimestamp() {
    }

    /**
     * @return UTC epoch milliseconds
     * @throws DateTimeParseException when {@code text} is none of the accepted forms
     */
    static long parseMillis(String text) {
        TemporalAccessor t = FORMAT.parseBest(text, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        if (t instanceof OffsetDateTime odt) {
            return odt.toInstant().toEpochMilli();
        }
        if (t instanceof LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return ((LocalDate) t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
