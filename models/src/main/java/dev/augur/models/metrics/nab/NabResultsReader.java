package dev.augur.models.metrics.nab;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads detector outputs in the two layouts NAB results come in. Files may be plain or gzip (detected from the
 * content, not the name); fields are comma-separated without quoting, as NAB writes them.
 *
 * <ul>
 *   <li><b>NAB results layout</b>, one file per data file:
 *       {@code <detectorDir>/<category>/<detector>_<name>.csv} scoring {@code <category>/<name>.csv}, with a header
 *       holding at least {@code timestamp} and {@code anomaly_score} (NAB writes {@code timestamp,value,
 *       anomaly_score,label} and some detectors add columns, which are ignored; {@code label} is kept if present).
 *   <li><b>Row-score layout</b>, the whole corpus in one table:
 *       {@code file,timestamp,anomaly_score[,label]} with {@code file} the data file path, rows of a file contiguous
 *       and in row order.
 * </ul>
 */
public final class NabResultsReader {
    private static final int BUFFER = 1 << 16;

    private NabResultsReader() {
    }

    /**
     * Reads every {@code <category>/<detector>_<name>.csv} below a detector's results directory, as NAB's corpus does,
     * skipping NAB's {@code *_scores.csv} summary tables and files directly in {@code detectorDir}.
     *
     * @return data file path (e.g. {@code realKnownCause/nyc_taxi.csv}) to output, sorted by path
     * @throws IllegalArgumentException if a results file's name does not start with {@code <detector>_}, or a file
     *     is malformed
     */
    public static Map<String, NabSeries> readDetectorDirectory(Path detectorDir, String detector) throws IOException {
        if (!Files.isDirectory(detectorDir)) {
            throw new IllegalArgumentException("expected a detector results directory but " + detectorDir
                    + " is not a directory");
        }
        List<Path> csvs;
        try (Stream<Path> walk = Files.walk(detectorDir)) {
            csvs = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .filter(p -> !p.getFileName().toString().contains("_scores.csv"))
                    .filter(p -> !p.getParent().equals(detectorDir))
                    .sorted()
                    .toList();
        }
        Map<String, NabSeries> out = new LinkedHashMap<>();
        String prefix = detector + "_";
        for (Path csv : csvs) {
            String name = csv.getFileName().toString();
            if (!name.startsWith(prefix)) {
                throw new IllegalArgumentException("expected results files named " + prefix + "<name>.csv but found "
                        + csv);
            }
            Path category = detectorDir.relativize(csv.getParent());
            String dataFile = category.toString().replace('\\', '/') + "/" + name.substring(prefix.length());
            out.put(dataFile, readResultsFile(csv, dataFile));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected <category>/" + prefix + "<name>.csv files below "
                    + detectorDir + " but found none");
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Reads one results file of the NAB layout.
     *
     * @param csv the file, plain or gzip
     * @param dataFile the data file it scores, e.g. {@code realKnownCause/nyc_taxi.csv}
     */
    public static NabSeries readResultsFile(Path csv, String dataFile) throws IOException {
        try (BufferedReader in = open(csv)) {
            String source = csv.toString();
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(source + ": expected a header line but the file is empty");
            }
            List<String> columns = splitHeader(header);
            int ts = requireColumn(columns, "timestamp", source);
            int score = requireColumn(columns, "anomaly_score", source);
            int label = columns.indexOf("label");
            Columns c = new Columns(label >= 0);
            String line;
            int lineNo = 1;
            String[] fields = new String[columns.size()];
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                split(line, fields, source, lineNo);
                c.add(fields[ts], fields[score], label >= 0 ? fields[label] : null, source, lineNo);
            }
            return c.toSeries(dataFile);
        }
    }

    /**
     * Reads a row-score table ({@code file,timestamp,anomaly_score[,label]}) holding a whole corpus.
     *
     * @return data file path to output, in table order
     * @throws IllegalArgumentException if a column is missing, a field is malformed (naming the line) or a file's
     *     rows are split into several blocks
     */
    public static Map<String, NabSeries> readRowScores(Path table) throws IOException {
        try (BufferedReader in = open(table)) {
            String source = table.toString();
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(source + ": expected a header line but the file is empty");
            }
            List<String> columns = splitHeader(header);
            int file = requireColumn(columns, "file", source);
            int ts = requireColumn(columns, "timestamp", source);
            int score = requireColumn(columns, "anomaly_score", source);
            int label = columns.indexOf("label");
            Map<String, NabSeries> out = new LinkedHashMap<>();
            String current = null;
            Columns c = null;
            String[] fields = new String[columns.size()];
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                split(line, fields, source, lineNo);
                if (!fields[file].equals(current)) {
                    if (c != null) {
                        out.put(current, c.toSeries(current));
                    }
                    current = fields[file];
                    if (out.containsKey(current)) {
                        throw new IllegalArgumentException(source + " line " + lineNo + ": expected the rows of "
                                + current + " to be contiguous but they resume after other files");
                    }
                    c = new Columns(label >= 0);
                }
                c.add(fields[ts], fields[score], label >= 0 ? fields[label] : null, source, lineNo);
            }
            if (c != null) {
                out.put(current, c.toSeries(current));
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(source + ": expected data rows after the header but found none");
            }
            return Collections.unmodifiableMap(out);
        }
    }

    static BufferedReader open(Path path) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, BUFFER) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
    }

    static List<String> splitHeader(String header) {
        String h = header.startsWith("\uFEFF") ? header.substring(1) : header;
        List<String> columns = new ArrayList<>();
        for (String c : h.split(",", -1)) {
            columns.add(c.trim());
        }
        return columns;
    }

    static int requireColumn(List<String> columns, String name, String source) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(source + ": expected a '" + name + "' column but the header has "
                    + columns);
        }
        return i;
    }

    static void split(String line, String[] fields, String source, int lineNo) {
        int from = 0;
        int last = fields.length - 1;
        for (int f = 0; f <= last; f++) {
            int comma = line.indexOf(',', from);
            if ((f < last && comma < 0) || (f == last && comma >= 0)) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": expected " + fields.length
                        + " fields but found " + line.split(",", -1).length + ": " + line);
            }
            fields[f] = f < last ? line.substring(from, comma) : line.substring(from);
            from = comma + 1;
        }
    }

    static double parseNumber(String field, String column, String source, int lineNo) {
        try {
            return Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " line " + lineNo + ": expected a number in column '"
                    + column + "' but found \"" + field + "\"");
        }
    }

    static long parseTimestamp(String field, String source, int lineNo) {
        try {
            return NabTimestamps.parse(field);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " line " + lineNo + ": " + e.getMessage());
        }
    }

    /** Growable primitive columns of one file. */
    private static final class Columns {
        private long[] timestamps = new long[4096];
        private double[] scores = new double[4096];
        private byte[] labels;
        private int size;

        Columns(boolean withLabels) {
            labels = withLabels ? new byte[4096] : null;
        }

        void add(String timestamp, String score, String label, String source, int lineNo) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                scores = Arrays.copyOf(scores, size * 2);
                if (labels != null) {
                    labels = Arrays.copyOf(labels, size * 2);
                }
            }
            timestamps[size] = parseTimestamp(timestamp, source, lineNo);
            double a = parseNumber(score, "anomaly_score", source, lineNo);
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException(source + " line " + lineNo
                        + ": expected a finite anomaly_score but found \"" + score + "\"");
            }
            scores[size] = a;
            if (labels != null) {
                double l = parseNumber(label, "label", source, lineNo);
                if (l != 0.0 && l != 1.0) {
                    throw new IllegalArgumentException(source + " line " + lineNo
                            + ": expected label 0 or 1 but found \"" + label + "\"");
                }
                labels[size] = (byte) l;
            }
            size++;
        }

        NabSeries toSeries(String file) {
            return NabSeries.create(file, Arrays.copyOf(timestamps, size), Arrays.copyOf(scores, size),
                    labels == null ? null : Arrays.copyOf(labels, size));
        }
    }
}
