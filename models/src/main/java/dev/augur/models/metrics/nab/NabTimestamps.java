package dev.augur.models.metrics.nab;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * NAB timestamps as {@code long} microseconds since 1970-01-01T00:00 of the naive (zone-less) wall-clock time.
 *
 * <p>NAB data files write {@code YYYY-MM-DD HH:MM:SS}; the label files write {@code YYYY-MM-DD HH:MM:SS.ffffff}. NAB
 * parses both into {@code datetime} objects and compares those, so two spellings of the same instant are equal; this
 * class does the same by comparing the parsed {@code long}. A {@code 'T'} separator is accepted too.
 */
public final class NabTimestamps {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private NabTimestamps() {
    }

    /**
     * Parses {@code YYYY-MM-DD HH:MM:SS} with an optional fraction of 1 to 9 digits (truncated to microseconds).
     *
     * @throws IllegalArgumentException naming the expected form and the text found
     */
    public static long parse(CharSequence text) {
        int n = text.length();
        if (n < 19 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || (text.charAt(10) != ' ' && text.charAt(10) != 'T') || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            throw malformed(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            throw malformed(text);
        }
        long micros = 0;
        if (n > 19) {
            int digitsAfterPoint = n - 20;
            if (text.charAt(19) != '.' || digitsAfterPoint < 1 || digitsAfterPoint > 9) {
                throw malformed(text);
            }
            long scale = 100_000L;
            for (int i = 20; i < n; i++) {
                int d = text.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    throw malformed(text);
                }
                micros += d * scale;
                scale /= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid calendar date in timestamp \"" + text + "\"", e);
        }
        long seconds = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
        return seconds * MICROS_PER_SECOND + micros;
    }

    /** Writes {@code YYYY-MM-DD HH:MM:SS}, followed by {@code .ffffff} only when the fraction is not zero. */
    public static String format(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, MICROS_PER_SECOND);
        long micros = Math.floorMod(epochMicros, MICROS_PER_SECOND);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        String s = String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        return micros == 0 ? s : s + String.format(".%06d", micros);
    }

    private static int digits(CharSequence text, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static IllegalArgumentException malformed(CharSequence text) {
        return new IllegalArgumentException(
                "expected a timestamp like 2014-04-01 00:00:00 (optionally .ffffff) but found \"" + text + "\"");
    }
}
