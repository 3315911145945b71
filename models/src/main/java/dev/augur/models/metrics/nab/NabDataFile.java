package dev.augur.models.metrics.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One NAB data file, {@code <dataDir>/<category>/<name>.csv} with columns {@code timestamp,value}: what a detector
 * reads, and the rows its output must match ({@link NabSeries#requireSameRows}). Immutable.
 */
public final class NabDataFile {
    private final String file;
    private final long[] timestamps;
    private final double[] values;

    private NabDataFile(String file, long[] timestamps, double[] values) {
        this.file = file;
        this.timestamps = timestamps;
        this.values = values;
    }

    /**
     * @param dataDir NAB's {@code data} directory
     * @param file the path below it, e.g. {@code realKnownCause/nyc_taxi.csv}
     * @throws IllegalArgumentException if a column is missing or a field is malformed, naming the line
     */
    public static NabDataFile read(Path dataDir, String file) throws IOException {
        Path csv = dataDir.resolve(file);
        String source = csv.toString();
        try (BufferedReader in = NabResultsReader.open(csv)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(source + ": expected a header line but the file is empty");
            }
            List<String> columns = NabResultsReader.splitHeader(header);
            int ts = NabResultsReader.requireColumn(columns, "timestamp", source);
            int value = NabResultsReader.requireColumn(columns, "value", source);
            String[] fields = new String[columns.size()];
            long[] t = new long[4096];
            double[] v = new double[4096];
            int n = 0;
            int lineNo = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                NabResultsReader.split(line, fields, source, lineNo);
                if (n == t.length) {
                    t = Arrays.copyOf(t, 2 * n);
                    v = Arrays.copyOf(v, 2 * n);
                }
                t[n] = NabResultsReader.parseTimestamp(fields[ts], source, lineNo);
                v[n] = NabResultsReader.parseNumber(fields[value], "value", source, lineNo);
                n++;
            }
            return new NabDataFile(file, Arrays.copyOf(t, n), Arrays.copyOf(v, n));
        }
    }

    /** The path below the data directory, e.g. {@code realKnownCause/nyc_taxi.csv}. */
    public String file() {
        return file;
    }

    public int size() {
        return timestamps.length;
    }

    /** A copy of the timestamps, epoch microseconds. */
    public long[] timestamps() {
        return timestamps.clone();
    }

    /** A copy of the values. */
    public double[] values() {
        return values.clone();
    }
}
