package dev.augur.models.neural;

import dev.augur.models.stream.SeriesProcessor;
import dev.augur.models.stream.SeriesState;
import dev.augur.models.stream.StageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Computes the neural model's AR conditioning input for training series through the job's own per-series code:
 * each series is replayed through {@link SeriesProcessor} (the AR stage of the Flink job) with the job's default
 * settings ({@link #AR_ORDER}, {@link #AR_FORGETTING}, {@link #MAX_IMPUTE_GAP}, {@link #DIAGNOSTICS_EVERY}, the same
 * values as {@code AugurOptions} in operators, checked there by a test) and the model's horizon, on a regular grid of
 * {@link #STEP_MILLIS}, so the training script sees exactly the AR candidate forecasts the job serves.
 *
 * <p>Files are little-endian (read by numpy as {@code <i4}/{@code <f8}). Input: {@code int32 n}, then per series
 * {@code int32 length} and {@code float64[length]} values. Output: {@code int32 n}, {@code int32 H}, then per series
 * {@code int32 length} and {@code float64[length][2][H]}: for origin i (the series' value i just learned) the AR
 * candidate's means for steps 1..H then its variances for steps 1..H; NaN for origin 0, where the job emits no
 * candidate (its sampling step is not known yet).
 *
 * <p>Usage: {@code java -cp <models classpath> dev.augur.models.neural.ConditioningExport <in> <out> [H]}.
 */
public final class ConditioningExport {
    /** {@code ar.order} default of the job. */
    public static final int AR_ORDER = 8;
    /** {@code ar.forgetting} default of the job. */
    public static final double AR_FORGETTING = 0.995;
    /** {@code impute.max-gap} default of the job. */
    public static final int MAX_IMPUTE_GAP = 50;
    /** {@code diagnostics.every} default of the job (does not change forecasts). */
    public static final int DIAGNOSTICS_EVERY = 100;
    /** Grid spacing of the replay; any constant spacing gives the same forecasts. */
    public static final long STEP_MILLIS = 3_600_000L;
    /** An arbitrary grid origin (2020-01-01T00:00:00Z). */
    public static final long START_MILLIS = 1_577_836_800_000L;

    private ConditioningExport() {
    }

    /** A processor configured as the job's AR stage, with horizon {@code horizon}. */
    public static SeriesProcessor jobProcessor(int horizon) {
        return new SeriesProcessor(AR_ORDER, AR_FORGETTING, horizon, MAX_IMPUTE_GAP, DIAGNOSTICS_EVERY);
    }

    /**
     * Replays {@code y} through a job-configured {@link SeriesProcessor} on the grid {@link #START_MILLIS} +
     * i {@link #STEP_MILLIS} and returns the candidate it emitted after learning each value.
     *
     * @param y values, not modified; must be finite
     * @return per origin i the AR candidate (means, variances, dof for steps 1..H); null at 0 (the job emits none)
     */
    public static StageRecord[] candidates(double[] y, int horizon) {
        SeriesProcessor p = jobProcessor(horizon);
        SeriesState s = p.newState();
        StageRecord[] out = new StageRecord[y.length];
        int[] row = {0};
        SeriesProcessor.Output sink = new SeriesProcessor.Output() {
            @Override
            public void arrival(StageRecord r) {
            }

            @Override
            public void candidate(StageRecord r) {
                out[row[0]] = r;
            }

            @Override
            public void diagnosticsDue(SeriesState st, long t) {
            }
        };
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("expected finite values but found " + y[i] + " at index " + i);
            }
            row[0] = i;
            p.apply(s, "series", START_MILLIS + i * STEP_MILLIS, y[i], sink);
        }
        return out;
    }

    /**
     * The conditioning rows of {@link #candidates}.
     *
     * @return {@code [y.length][2 * horizon]}: means (steps 1..H) then variances; row 0 is NaN (no candidate)
     */
    public static double[][] conditioning(double[] y, int horizon) {
        StageRecord[] c = candidates(y, horizon);
        double[][] out = new double[y.length][2 * horizon];
        for (int i = 0; i < y.length; i++) {
            if (c[i] == null) {
                java.util.Arrays.fill(out[i], Double.NaN);
            } else {
                System.arraycopy(c[i].means, 0, out[i], 0, horizon);
                System.arraycopy(c[i].variances, 0, out[i], horizon, horizon);
            }
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ConditioningExport <in.bin> <out.bin> [horizon, default 24]");
            System.exit(2);
        }
        int horizon = args.length == 3 ? Integer.parseInt(args[2]) : 24;
        run(Path.of(args[0]), Path.of(args[1]), horizon);
    }

    /** Reads the series in {@code in} and writes their conditioning to {@code out} (formats in the class comment). */
    public static void run(Path in, Path out, int horizon) throws IOException {
        try (FileChannel r = FileChannel.open(in, StandardOpenOption.READ);
                FileChannel w = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(r.size())).order(ByteOrder.LITTLE_ENDIAN);
            while (all.hasRemaining() && r.read(all) >= 0) {
                // read fully
            }
            all.flip();
            int n = all.getInt();
            ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(n).putInt(horizon);
            writeFully(w, head.flip());
            for (int k = 0; k < n; k++) {
                int len = all.getInt();
                double[] y = new double[len];
                all.asDoubleBuffer().get(y);
                all.position(all.position() + 8 * len);
                double[][] c = conditioning(y, horizon);
                ByteBuffer b = ByteBuffer.allocate(4 + 8 * len * 2 * horizon).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(len);
                for (double[] row : c) {
                    for (double v : row) {
                        b.putDouble(v);
                    }
                }
                writeFully(w, b.flip());
            }
            if (all.hasRemaining()) {
                throw new IOException("expected " + n + " series filling " + in + " but found " + all.remaining()
                        + " bytes left over");
            }
        }
    }

    private static void writeFully(FileChannel w, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            w.write(b);
        }
    }
}
