package dev.augur.models.eval;

import dev.augur.models.metrics.nab.NabTimestamps;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A CSV of time series, read with the JDK (plain or gzip, detected from the content). Three layouts, told apart by
 * the first line:
 * <ul>
 *   <li>{@link Format#NAB}: a header holding {@code timestamp} and {@code value} (NAB data files); one column,
 *       {@code value};
 *   <li>{@link Format#WIDE}: any other header; the first column is the time, every other column a series (ETT:
 *       {@code date,HUFL,...,OT});
 *   <li>{@link Format#HEADERLESS}: the first line is all numbers; every column is a series named {@code c0, c1, ...}
 *       and row i is at time {@code start + i * step} (the exchange rates).
 * </ul>
 * Times are {@code YYYY-MM-DD HH:MM:SS} (optionally {@code T}-separated, with a fraction), {@code YYYY-MM-DD}, or
 * {@code YYYY-MM-DD HH:MM}; they become epoch milliseconds of the naive wall-clock time. Empty, {@code NaN} or
 * {@code NA} fields are missing values (NaN). Immutable once read.
 */
public final class SeriesTable {
    /** How the file was laid out. */
    public enum Format { NAB, WIDE, HEADERLESS }

    private final Format format;
    private final String[] columns;
    private final long[] times;
    private final String[] timeText;
    private final double[][] values;

    SeriesTable(Format format, String[] columns, long[] times, String[] timeText, double[][] values) {
        this.format = format;
        this.columns = columns;
        this.times = times;
        this.timeText = timeText;
        this.values = values;
    }

    /**
     * @param stepMillis row spacing for headerless files (ignored otherwise); must be positive for them
     * @param startMillis time of the first row of a headerless file
     * @throws IllegalArgumentException naming the file and line of a malformed field, or a headerless file without a
     *     step
     */
    public static SeriesTable read(Path csv, long stepMillis, long startMillis) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), csv.toString(),
                    stepMillis, startMillis);
        }
    }

    static SeriesTable parse(BufferedReader in, String source, long stepMillis, long startMillis)
            throws IOException {
        String first = in.readLine();
        while (first != null && first.isBlank()) {
            first = in.readLine();
        }
        if (first == null) {
            throw new IllegalArgumentException(source + ": expected a header or a row of numbers but the file is empty");
        }
        String[] head = split(first);
        boolean numeric = true;
        for (String f : head) {
            numeric &= isNumber(f);
        }
        Format format;
        String[] columns;
        int timeColumn;
        int[] valueColumns;
        if (numeric) {
            if (stepMillis <= 0) {
                throw new IllegalArgumentException(source + ": a file without a header needs --step (the row "
                        + "spacing, e.g. 1d) but none was given");
            }
            format = Format.HEADERLESS;
            columns = new String[head.length];
            valueColumns = new int[head.length];
            for (int j = 0; j < head.length; j++) {
                columns[j] = "c" + j;
                valueColumns[j] = j;
            }
            timeColumn = -1;
        } else {
            List<String> h = Arrays.asList(head);
            int ts = h.indexOf("timestamp");
            int v = h.indexOf("value");
            if (ts >= 0 && v >= 0) {
                format = Format.NAB;
                columns = new String[] {"value"};
                valueColumns = new int[] {v};
                timeColumn = ts;
            } else {
                if (head.length < 2) {
                    throw new IllegalArgumentException(source + ": expected a time column and at least one series "
                            + "column but the header is '" + first + "'");
                }
                format = Format.WIDE;
                columns = Arrays.copyOfRange(head, 1, head.length);
                valueColumns = new int[columns.length];
                for (int j = 0; j < columns.length; j++) {
                    valueColumns[j] = j + 1;
                }
                timeColumn = 0;
            }
        }
        int k = columns.length;
        long[] t = new long[1024];
        String[] tt = new String[1024];
        double[][] v = new double[k][1024];
        int n = 0;
        int lineNo = numeric ? 0 : 1;
        String line = numeric ? first : in.readLine();
        while (line != null) {
            lineNo++;
            if (!line.isBlank()) {
                String[] f = split(line);
                if (f.length != head.length) {
                    throw new IllegalArgumentException(source + " line " + lineNo + ": expected " + head.length
                            + " fields but found " + f.length);
                }
                if (n == t.length) {
                    t = Arrays.copyOf(t, 2 * n);
                    tt = Arrays.copyOf(tt, 2 * n);
                    for (int j = 0; j < k; j++) {
                        v[j] = Arrays.copyOf(v[j], 2 * n);
                    }
                }
                if (timeColumn >= 0) {
                    tt[n] = f[timeColumn];
                    t[n] = parseTime(f[timeColumn], source, lineNo);
                } else {
                    t[n] = startMillis + n * stepMillis;
                    tt[n] = formatTime(t[n]);
                }
                for (int j = 0; j < k; j++) {
                    v[j][n] = parseValue(f[valueColumns[j]], columns[j], source, lineNo);
                }
                n++;
            }
            line = in.readLine();
        }
        for (int j = 0; j < k; j++) {
            v[j] = Arrays.copyOf(v[j], n);
        }
        return new SeriesTable(format, columns, Arrays.copyOf(t, n), Arrays.copyOf(tt, n), v);
    }

    public Format format() {
        return format;
    }

    public int rows() {
        return times.length;
    }

    public String[] columns() {
        return columns.clone();
    }

    /** Index of column {@code name}. @throws IllegalArgumentException listing the columns when absent */
    public int column(String name) {
        for (int j = 0; j < columns.length; j++) {
            if (columns[j].equals(name)) {
                return j;
            }
        }
        throw new IllegalArgumentException("expected a column named '" + name + "' but the columns are "
                + Arrays.toString(columns));
    }

    public long time(int row) {
        return times[row];
    }

    public long[] times() {
        return times.clone();
    }

    /** The time field as written (headerless files: the generated time, formatted). */
    public String timeText(int row) {
        return timeText[row];
    }

    public double value(int column, int row) {
        return values[column][row];
    }

    /** A copy of one column. */
    public double[] column(int j) {
        return values[j].clone();
    }

    /**
     * The most common positive spacing between consecutive rows (ms), or 0 for fewer than two rows; robust to the
     * odd gap or repeated timestamp.
     */
    public long typicalStep() {
        java.util.HashMap<Long, Integer> counts = new java.util.HashMap<>();
        long best = 0;
        int bestCount = 0;
        for (int i = 1; i < times.length; i++) {
            long d = times[i] - times[i - 1];
            if (d > 0) {
                int c = counts.merge(d, 1, Integer::sum);
                if (c > bestCount || (c == bestCount && d < best)) {
                    best = d;
                    bestCount = c;
                }
            }
        }
        return best;
    }

    static String[] split(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].trim();
            if (f[i].length() >= 2 && f[i].charAt(0) == '"' && f[i].charAt(f[i].length() - 1) == '"') {
                f[i] = f[i].substring(1, f[i].length() - 1);
            }
        }
        return f;
    }

    static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Epoch milliseconds of a naive timestamp, see the class comment. */
    public static long parseTime(String text, String source, int lineNo) {
        String s = text;
        if (s.length() == 10) {
            s = s + " 00:00:00";
        } else if (s.length() == 16) {
            s = s + ":00";
        }
        try {
            return Math.floorDiv(NabTimestamps.parse(s), 1000L);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " line " + lineNo + ": " + e.getMessage(), e);
        }
    }

    /** {@code YYYY-MM-DD HH:MM:SS} of epoch milliseconds (naive wall-clock). */
    public static String formatTime(long millis) {
        return NabTimestamps.format(millis * 1000L);
    }

    private static double parseValue(String s, String column, String source, int lineNo) {
        if (s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " line " + lineNo + " column " + column
                    + ": expected a number but found '" + s + "'");
        }
    }
}
