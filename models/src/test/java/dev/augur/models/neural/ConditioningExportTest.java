package dev.augur.models.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.stream.SeriesProcessor;
import dev.augur.models.stream.SeriesState;
import dev.augur.models.stream.StageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conditioning file the training script reads equals, bit for bit, the AR candidates the job's AR stage serves:
 * an independent replay through {@link SeriesProcessor} constructed as operators' {@code SeriesStage} does with the
 * job's defaults (ar.order 8, ar.forgetting 0.995, impute.max-gap 50, diagnostics.every 100; operators'
 * NeuralConditioningDefaultsTest checks these against {@code AugurOptions}).
 */
class ConditioningExportTest {
    private static final int H = 24;

    @Test
    void fileEqualsWhatTheJobServes(@TempDir Path dir) throws IOException {
        Random rng = new Random(7);
        double[][] series = {seasonal(rng, 500), walk(rng, 300), seasonal(rng, 30)};
        Path in = dir.resolve("series.bin");
        Path out = dir.resolve("conditioning.bin");
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * series.length + 8 * 830).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(series.length);
        for (double[] y : series) {
            b.putInt(y.length);
            for (double v : y) {
                b.putDouble(v);
            }
        }
        Files.write(in, b.array());

        ConditioningExport.run(in, out, H);

        ByteBuffer r = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(series.length, r.getInt());
        assertEquals(H, r.getInt());
        long compared = 0;
        for (double[] y : series) {
            assertEquals(y.length, r.getInt());
            List<StageRecord> served = servedByTheJob(y);
            assertEquals(y.length - 1, served.size(), "one candidate per observation after the first");
            for (int i = 0; i < y.length; i++) {
                for (int k = 0; k < 2 * H; k++) {
                    double v = r.getDouble();
                    if (i == 0) {
                        assertTrue(Double.isNaN(v), "no candidate at origin 0");
                        continue;
                    }
                    StageRecord c = served.get(i - 1);
                    double expected = k < H ? c.means[k] : c.variances[k - H];
                    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(v),
                            "origin " + i + " entry " + k + ": expected " + expected + " but found " + v);
                    compared++;
                }
            }
        }
        assertEquals(0, r.remaining());
        assertEquals(2L * H * (500 + 300 + 30 - 3), compared);
    }

    private static List<StageRecord> servedByTheJob(double[] y) {
        SeriesProcessor p = new SeriesProcessor(8, 0.995, H, 50, 100);
        SeriesState s = p.newState();
        List<StageRecord> out = new ArrayList<>();
        SeriesProcessor.Output sink = new SeriesProcessor.Output() {
            @Override
            public void arrival(StageRecord r) {
            }

            @Override
            public void candidate(StageRecord r) {
                out.add(r);
            }

            @Override
            public void diagnosticsDue(SeriesState st, long t) {
            }
        };
        long t = 1_700_000_000_000L;
        for (double v : y) {
            p.apply(s, "s", t, v, sink);
            t += 60_000L;   // another spacing than the export's: the forecasts do not depend on it
        }
        return out;
    }

    private static double[] seasonal(Random rng, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 20 + 5 * Math.sin(2 * Math.PI * i / 24) + rng.nextGaussian();
        }
        return y;
    }

    private static double[] walk(Random rng, int n) {
        double[] y = new double[n];
        for (int i = 1; i < n; i++) {
            y[i] = y[i - 1] + rng.nextGaussian();
        }
        return y;
    }
}
