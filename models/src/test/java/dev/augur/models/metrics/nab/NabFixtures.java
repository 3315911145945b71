package dev.augur.models.metrics.nab;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small synthetic files and the path of the committed NAB extract, shared by the tests of this package. */
final class NabFixtures {
    /** 2014-04-01 00:00:00, the first row of NAB's artificial files. */
    static final long T0 = NabTimestamps.parse("2014-04-01 00:00:00");
    static final long FIVE_MINUTES = 300_000_000L;

    private NabFixtures() {
    }

    /** N timestamps five minutes apart from {@link #T0}. */
    static long[] timestamps(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * FIVE_MINUTES;
        }
        return t;
    }

    /** The window spanning rows [first, last] of a {@link #timestamps} file. */
    static NabLabels.Window rows(int first, int last) {
        return new NabLabels.Window(T0 + first * FIVE_MINUTES, T0 + last * FIVE_MINUTES);
    }

    /** Scores that are 1 on the given rows and 0 elsewhere. */
    static double[] firing(int n, int... rows) {
        double[] a = new double[n];
        for (int r : rows) {
            a[r] = 1.0;
        }
        return a;
    }

    static NabLabels labels(String file, NabLabels.Window... windows) {
        return NabLabels.of(Map.of(file, List.of(windows)));
    }

    /** A file of the committed NAB extract under {@code src/test/resources/nab}. */
    static Path resource(String relative) {
        URL url = NabFixtures.class.getResource("/nab/" + relative);
        if (url == null) {
            throw new IllegalStateException("missing test resource nab/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
