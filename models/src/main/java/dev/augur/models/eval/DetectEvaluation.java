package dev.augur.models.eval;

import dev.augur.models.stream.EnsembleProcessor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code eval detect}: runs the detector causally over a CSV and writes one row per input row. One series:
 * {@code timestamp,value,anomaly_score} ({@link AnomalyDetector}). A group ({@code --group a,b,c}):
 * {@code timestamp,a,b,c,anomaly_score,score_a,score_b,score_c}, where {@code anomaly_score} is the group score of the
 * row's time bucket (1 - tail probability of the joint one-step VAR residual, the job's {@code var-rls} AnomalyScore)
 * and {@code score_<member>} each member's ensemble score (the post-processing applies to these). Scores are 0 where
 * nothing was scored (warm-up, a missing value, a time not after the previous one).
 */
final class DetectEvaluation {
    private DetectEvaluation() {
    }

    static void run(Options.Detect o, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        SeriesTable table = SeriesTable.read(o.input(), o.stepMillis(), o.startMillis());
        int n = table.rows();
        String[] members = o.group() != null ? o.group()
                : new String[] {ForecastEvaluation.target(table, o.target(), null)};
        int[] cols = new int[members.length];
        for (int i = 0; i < members.length; i++) {
            cols[i] = table.column(members[i]);
        }
        long step = o.stepMillis() > 0 ? o.stepMillis() : table.typicalStep();
        AnomalyDetector detector = AnomalyDetector.of(o.settings(), o.post());
        double[][] tails = new double[members.length][n];
        double[][] expected = new double[members.length][n];
        AnomalyDetector.Replay single = null;
        double[] group = new double[n];
        out.printf(Locale.ROOT, "read %d rows of %s in %.1f s; replaying%n", n, o.input(),
                (System.nanoTime() - t0) / 1e9);
        out.flush();
        if (o.group() == null) {
            single = detector.replay(table.times(), table.column(cols[0]));
        } else {
            for (int j = 0; j < members.length; j++) {
                Arrays.fill(tails[j], 1.0);
                Arrays.fill(expected[j], Double.NaN);
            }
            Map<Long, Integer> rowOf = new HashMap<>();
            Map<Long, Integer> bucketRow = new HashMap<>();
            for (int i = n - 1; i >= 0; i--) {
                rowOf.put(table.time(i), i);
                bucketRow.put(Math.floorDiv(table.time(i), step) * step, i);
            }
            StreamReplay replay = new StreamReplay(o.settings(), members, "group", step);
            replay.setListener(new StreamReplay.Listener() {
                @Override
                public void arrival(int member, long time, double value, EnsembleProcessor.ArrivalScore s) {
                    Integer r = rowOf.get(time);
                    if (r != null) {
                        tails[member][r] = s.warmingUp || !Double.isFinite(s.tail) ? 1.0 : s.tail;
                        expected[member][r] = s.warmingUp ? Double.NaN : s.expected;
                    }
                }

                @Override
                public void groupScore(long bucket, double score, double[] shares) {
                    Integer r = bucketRow.get(bucket);
                    if (r != null) {
                        group[r] = score;
                    }
                }
            });
            double[] row = new double[members.length];
            int tick = Math.max(1, n / 10);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < members.length; j++) {
                    row[j] = table.value(cols[j], i);
                }
                replay.row(table.time(i), row);
                if ((i + 1) % tick == 0) {
                    out.printf(Locale.ROOT, "replayed %d/%d rows (%.0f%%) %.1f s%n", i + 1, n, 100.0 * (i + 1) / n,
                            (System.nanoTime() - t0) / 1e9);
                    out.flush();
                }
            }
            replay.finish();
        }
        double[][] scores = new double[members.length][];
        for (int j = 0; j < members.length; j++) {
            double[] nan = new double[n];
            Arrays.fill(nan, Double.NaN);
            AnomalyDetector.Replay r = single != null ? single
                    : new AnomalyDetector.Replay(tails[j], 0, 0, null, 0, expected[j], nan, nan);
            scores[j] = detector.transform(r, table.column(cols[j]));
        }
        Path parent = o.out().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int flagged = 0;
        try (BufferedWriter w = Files.newBufferedWriter(o.out(), StandardCharsets.UTF_8)) {
            StringBuilder head = new StringBuilder("timestamp");
            for (String m : members) {
                head.append(',').append(o.group() == null ? "value" : m);
            }
            head.append(",anomaly_score");
            if (o.group() != null) {
                for (String m : members) {
                    head.append(",score_").append(m);
                }
            }
            w.write(head.append('\n').toString());
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.setLength(0);
                line.append(table.timeText(i));
                for (int c : cols) {
                    double v = table.value(c, i);
                    line.append(',').append(Double.isFinite(v) ? NabEvaluation.plain(v) : "");
                }
                double a = o.group() == null ? scores[0][i] : group[i];
                if (a >= 0.999) {
                    flagged++;
                }
                line.append(',').append(a);
                if (o.group() != null) {
                    for (double[] s : scores) {
                        line.append(',').append(s[i]);
                    }
                }
                w.write(line.append('\n').toString());
            }
        }
        out.printf(Locale.ROOT, "%d rows scored (%s%s), %d with anomaly_score >= 0.999, in %.1f s; wrote %s%n", n,
                o.group() == null ? members[0] : "group of " + members.length, ", post " + o.post().label(), flagged,
                (System.nanoTime() - t0) / 1e9, o.out());
    }
}
