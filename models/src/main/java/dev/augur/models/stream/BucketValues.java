package dev.augur.models.stream;

import java.util.Arrays;

/** The member values of one group time bucket seen so far (series ids and values, unsorted). A Flink POJO. */
public class BucketValues {
    public String[] series = new String[0];
    public double[] values = new double[0];
    public int n;

    public BucketValues() {
    }

    /** Adds or, for a series already present, keeps the first value. @return false if the series was present */
    public boolean put(String s, double v) {
        for (int i = 0; i < n; i++) {
            if (series[i].equals(s)) {
                return false;
            }
        }
        if (n == series.length) {
            series = Arrays.copyOf(series, Math.max(4, n * 2));
            values = Arrays.copyOf(values, Math.max(4, n * 2));
        }
        series[n] = s;
        values[n] = v;
        n++;
        return true;
    }

    /** The value of series s, or NaN when absent. */
    public double get(String s) {
        for (int i = 0; i < n; i++) {
            if (series[i].equals(s)) {
                return values[i];
            }
        }
        return Double.NaN;
    }
}
