package dev.augur.ingest.feed.csv;

import dev.augur.ingest.feed.FeedRecord;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads a CSV file of time series as {@link FeedRecord}s (series, group, event time, value), in file order; a row of
 * a wide or headerless file gives one record per selected column, in column order. No Kafka involved.
 *
 * <h2>Formats</h2>
 * <ul>
 *   <li>{@link CsvFormat#NAB}: header {@code timestamp,value}; one series whose id is the series prefix (default
 *       empty) plus the file name without extensions, e.g. {@code nyc_taxi}.</li>
 *   <li>{@link CsvFormat#WIDE}: a header row; column 0 is the timestamp, every other column (or those named in
 *       {@link CsvOptions#columns()}) is a series {@code <series prefix><column name>}; the default prefix is the
 *       file stem and a dot, e.g. {@code ETTh1.OT}.</li>
 *   <li>{@link CsvFormat#HEADERLESS}: numeric columns only; column {@code i} is named {@code c<i>} (from 0) and row
 *       {@code r} (from 0) has event time {@code start + r * step}.</li>
 *   <li>{@link CsvFormat#AUTO}: the first non-blank line decides: all cells numeric means headerless; the header
 *       {@code timestamp,value} (any case) means NAB; any other header means wide.</li>
 * </ul>
 *
 * <p>Timestamps are read as described in {@link CsvTimestamp} (no offset means UTC). Values are decimal numbers; an
 * empty cell is a missing reading and is skipped (counted in {@link #skippedCells()}); anything else that is not a
 * number, a row with the wrong number of cells or a bad timestamp raises {@link CsvFormatException} naming the line.
 * Files starting with the gzip magic bytes are decompressed. Blank lines are ignored.
 *
 * <p>Not thread-safe. Close it to release the file.
 */
public final class CsvSource implements Iterator<FeedRecord>, AutoCloseable {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final BufferedReader reader;
    private final String name;
    private final CsvOptions options;
    private final CountingInputStream counter;
    private final long totalBytes;
    private final CsvFormat format;
    private final int cellCount;
    private final int[] columnIndex;
    private final String[] seriesIds;
    private final ArrayDeque<FeedRecord> buffered = new ArrayDeque<>();
    private List<String> pendingFirstRow;
    private long lineNumber;
    private long rowIndex;
    private long skippedCells;
    private boolean eof;

    private CsvSource(BufferedReader reader, String name, CsvOptions options, CountingInputStream counter,
            long totalBytes) throws IOException {
        this.reader = reader;
        this.name = name;
        this.options = options;
        this.counter = counter;
        this.totalBytes = totalBytes;

        String first = nextNonBlankLine();
        if (first == null) {
            throw new CsvFormatException(name + ": expected a CSV file with at least one line but it is empty");
        }
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        List<String> cells = cells(first);
        boolean numeric = cells.stream().allMatch(c -> NUMBER.matcher(c).matches());
        CsvFormat f = options.format();
        if (f == CsvFormat.AUTO) {
            f = numeric ? CsvFormat.HEADERLESS : isNabHeader(cells) ? CsvFormat.NAB : CsvFormat.WIDE;
        }
        this.format = f;
        this.cellCount = cells.size();
        List<String> names = new ArrayList<>();
        switch (f) {
            case NAB -> {
                if (numeric || cells.size() != 2) {
                    throw error("a NAB header 'timestamp,value'", "'" + first + "'");
                }
                if (!options.columns().isEmpty()) {
                    throw new CsvFormatException(name + ": columns " + options.columns()
                            + " were chosen but a NAB file has one value column; choose columns only for wide or"
                            + " headerless files");
                }
                names.addAll(cells);
            }
            case WIDE -> {
                if (numeric || cells.size() < 2) {
                    throw error("a header row naming a timestamp column and at least one value column",
                            "'" + first + "'");
                }
                names.addAll(cells);
            }
            case HEADERLESS -> {
                if (!numeric) {
                    throw error("numeric cells only (a headerless file)", "'" + first + "'");
                }
                for (int i = 0; i < cells.size(); i++) {
                    names.add("c" + i);
                }
                pendingFirstRow = cells;
            }
            default -> throw new IllegalStateException("unresolved format " + f);
        }
        int firstValue = f == CsvFormat.HEADERLESS ? 0 : 1;
        List<Integer> chosen = new ArrayList<>();
        if (options.columns().isEmpty() || f == CsvFormat.NAB) {
            for (int i = firstValue; i < names.size(); i++) {
                chosen.add(i);
            }
        } else {
            for (String c : options.columns()) {
                int idx = names.indexOf(c);
                if (idx < firstValue) {
                    throw new CsvFormatException(name + ": expected column '" + c + "' among the value columns "
                            + names.subList(firstValue, names.size()) + " but it is not there");
                }
                chosen.add(idx);
            }
        }
        String stem = stem(name);
        String prefix = options.seriesPrefix() != null ? options.seriesPrefix()
                : f == CsvFormat.NAB ? "" : stem + ".";
        this.columnIndex = chosen.stream().mapToInt(Integer::intValue).toArray();
        this.seriesIds = new String[columnIndex.length];
        for (int i = 0; i < columnIndex.length; i++) {
            seriesIds[i] = prefix + (f == CsvFormat.NAB ? stem : names.get(columnIndex[i]));
        }
    }

    /**
     * Opens {@code file} (gzip-compressed or not); the file name gives the default series naming.
     *
     * @throws CsvFormatException when the first line does not fit the format
     */
    public static CsvSource open(Path file, CsvOptions options) throws IOException {
        long size = Files.size(file);
        CountingInputStream counter = new CountingInputStream(Files.newInputStream(file));
        try {
            InputStream in = new BufferedInputStream(counter, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            return new CsvSource(reader, file.getFileName().toString(), options, counter, size);
        } catch (IOException | RuntimeException e) {
            counter.close();
            throw e;
        }
    }

    /**
     * Reads from {@code reader}; {@code name} stands for the file name (for series naming and messages).
     * {@link #fractionDone()} is NaN for such a source.
     */
    public static CsvSource read(Reader reader, String name, CsvOptions options) throws IOException {
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        return new CsvSource(br, name, options, null, -1);
    }

    /** The format in use (never {@link CsvFormat#AUTO}). */
    public CsvFormat format() {
        return format;
    }

    /** The series ids this source emits, in column order. */
    public List<String> series() {
        return Collections.unmodifiableList(List.of(seriesIds));
    }

    /** Empty cells skipped so far. */
    public long skippedCells() {
        return skippedCells;
    }

    /** Share of the file read so far, by (compressed) bytes; NaN when the size is unknown. */
    public double fractionDone() {
        if (counter == null || totalBytes <= 0) {
            return Double.NaN;
        }
        return eof ? 1.0 : Math.min(1.0, (double) counter.count() / totalBytes);
    }

    @Override
    public boolean hasNext() {
        while (buffered.isEmpty() && !eof) {
            readRow();
        }
        return !buffered.isEmpty();
    }

    @Override
    public FeedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException(name + ": no more rows");
        }
        return buffered.poll();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private void readRow() {
        List<String> cells;
        if (pendingFirstRow != null) {
            cells = pendingFirstRow;
            pendingFirstRow = null;
        } else {
            String line;
            try {
                line = nextNonBlankLine();
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": reading line " + (lineNumber + 1) + " failed", e);
            }
            if (line == null) {
                eof = true;
                return;
            }
            cells = cells(line);
        }
        if (cells.size() != cellCount) {
            throw error(cellCount + " cells as in the first line", cells.size() + " cells");
        }
        long time;
        if (format == CsvFormat.HEADERLESS) {
            time = options.start().toEpochMilli() + rowIndex * options.step().toMillis();
        } else {
            try {
                time = CsvTimestamp.parseMillis(cells.get(0));
            } catch (DateTimeParseException e) {
                throw error("a timestamp like 2016-07-01 00:00:00 (UTC) or 2016-07-01T00:00:00Z in column 0",
                        "'" + cells.get(0) + "'");
            }
        }
        rowIndex++;
        for (int i = 0; i < columnIndex.length; i++) {
            String cell = cells.get(columnIndex[i]);
            if (cell.isEmpty()) {
                skippedCells++;
                continue;
            }
            if (!NUMBER.matcher(cell).matches()) {
                throw error("a decimal number or an empty cell in column " + columnIndex[i] + " ("
                        + seriesIds[i] + ")", "'" + cell + "'");
            }
            buffered.add(new FeedRecord(seriesIds[i], options.group(), time, Double.parseDouble(cell)));
        }
    }

    private String nextNonBlankLine() throws IOException {
        String line;
        do {
            line = reader.readLine();
            lineNumber++;
        } while (line != null && line.isBlank());
        return line;
    }

    private List<String> cells(String line) {
        try {
            return CsvLine.split(line);
        } catch (IllegalArgumentException e) {
            throw new CsvFormatException(name + ":" + lineNumber + ": " + e.getMessage(), e);
        }
    }

    private CsvFormatException error(String expected, String found) {
        return new CsvFormatException(name + ":" + lineNumber + ": expected " + expected + " but found " + found);
    }

    private static boolean isNabHeader(List<String> cells) {
        return cells.size() == 2 && cells.get(0).toLowerCase(Locale.ROOT).equals("timestamp")
                && cells.get(1).toLowerCase(Locale.ROOT).equals("value");
    }

    /** The file name without {@code .gz} and without its last extension: {@code exchange_rate.txt.gz -> exchange_rate}. */
    static String stem(String fileName) {
        String s = fileName;
        if (s.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            s = s.substring(0, s.length() - 3);
        }
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }
}
