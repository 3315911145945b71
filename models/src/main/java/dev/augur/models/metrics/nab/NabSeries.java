package dev.augur.models.metrics.nab;

import java.util.Arrays;

/**
 * One detector's output for one NAB data file: a timestamp and an anomaly score a_i for every row, in row order, plus
 * the optional ground-truth {@code label} column NAB writes next to them (1 inside a window, 0 outside).
 *
 * <p>Rows are neither required to be unique nor sorted by time: a few NAB files repeat or reorder timestamps, and NAB
 * scores them in file order. Anomaly scores must be finite; -0.0 is stored as 0.0 because NAB compares thresholds with
 * {@code ==}. Immutable: arrays are copied in and out.
 */
public final class NabSeries {
    private final String file;
    private final long[] timestamps;
    private final double[] anomalyScores;
    private final byte[] labels;

    private NabSeries(String file, long[] timestamps, double[] anomalyScores, byte[] labels) {
        this.file = file;
        this.timestamps = timestamps;
        this.anomalyScores = anomalyScores;
        this.labels = labels;
    }

    /**
     * @param file the data file path such as {@code realKnownCause/nyc_taxi.csv}
     * @param timestamps epoch microseconds per row (see {@link NabTimestamps}); copied
     * @param anomalyScores a_i per row, same length; copied
     * @throws IllegalArgumentException if the lengths differ or a score is not finite (naming the row)
     */
    public static NabSeries of(String file, long[] timestamps, double[] anomalyScores) {
        return create(file, timestamps.clone(), anomalyScores.clone(), null);
    }

    /**
     * As {@link #of(String, long[], double[])} with NAB's {@code label} column.
     *
     * @param labels 0 or 1 per row, same length; copied
     */
    public static NabSeries withLabels(String file, long[] timestamps, double[] anomalyScores, byte[] labels) {
        return create(file, timestamps.clone(), anomalyScores.clone(), labels.clone());
    }

    /** Takes ownership of the arrays; for the readers in this package. */
    static NabSeries create(String file, long[] timestamps, double[] anomalyScores, byte[] labels) {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("data file name must be non-blank but was " + file);
        }
        if (timestamps.length != anomalyScores.length) {
            throw new IllegalArgumentException(file + ": expected one anomaly score per timestamp but found "
                    + timestamps.length + " timestamps and " + anomalyScores.length + " scores");
        }
        if (labels != null && labels.length != timestamps.length) {
            throw new IllegalArgumentException(file + ": expected one label per timestamp but found "
                    + timestamps.length + " timestamps and " + labels.length + " labels");
        }
        for (int i = 0; i < anomalyScores.length; i++) {
            double a = anomalyScores[i];
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException(file + " row " + i + " (" + NabTimestamps.format(timestamps[i])
                        + "): expected a finite anomaly score but found " + a);
            }
            if (a == 0.0) {
                anomalyScores[i] = 0.0;
            }
            if (labels != null && labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException(file + " row " + i + ": expected label 0 or 1 but found "
                        + labels[i]);
            }
        }
        return new NabSeries(file, timestamps, anomalyScores, labels);
    }

    /** The data file path, e.g. {@code realKnownCause/nyc_taxi.csv}. */
    public String file() {
        return file;
    }

    /** N, the number of rows. */
    public int size() {
        return timestamps.length;
    }

    public long timestamp(int row) {
        return timestamps[row];
    }

    public double anomalyScore(int row) {
        return anomalyScores[row];
    }

    /** A copy of the timestamps, epoch microseconds. */
    public long[] timestamps() {
        return timestamps.clone();
    }

    /** A copy of the anomaly scores. */
    public double[] anomalyScores() {
        return anomalyScores.clone();
    }

    /** Whether the source had a {@code label} column. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** A copy of the label column. @throws IllegalStateException if the source had none */
    public byte[] labels() {
        if (labels == null) {
            throw new IllegalStateException(file + ": the detector output had no label column");
        }
        return labels.clone();
    }

    /** The same rows with other scores, e.g. the null detector's constant 0.5. */
    public NabSeries withScores(double[] otherScores) {
        return create(file, timestamps, otherScores.clone(), labels);
    }

    long[] timestampsView() {
        return timestamps;
    }

    double[] scoresView() {
        return anomalyScores;
    }

    /**
     * Checks that this output has exactly the rows of the data file it claims to score.
     *
     * @param dataTimestamps the data file's timestamps in row order
     * @param dataSource the data file's location, for the message
     * @throws IllegalArgumentException naming the first differing row, or the two row counts
     */
    public void requireSameRows(long[] dataTimestamps, String dataSource) {
        if (dataTimestamps.length != timestamps.length) {
            throw new IllegalArgumentException("detector output for " + file + " has " + timestamps.length
                    + " rows but the data file " + dataSource + " has " + dataTimestamps.length);
        }
        if (!Arrays.equals(dataTimestamps, timestamps)) {
            int i = Arrays.mismatch(dataTimestamps, timestamps);
            throw new IllegalArgumentException("detector output for " + file + " row " + i + ": expected timestamp "
                    + NabTimestamps.format(dataTimestamps[i]) + " (from " + dataSource + ") but found "
                    + NabTimestamps.format(timestamps[i]));
        }
    }
}
