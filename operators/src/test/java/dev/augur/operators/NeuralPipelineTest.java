package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.operators.neural.NeuralModels;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline with the neural stage on a MiniCluster, running the bundled ONNX model: its candidates join the
 * ensemble, its version is stamped on the forecasts, and the output does not depend on how requests were batched.
 */
class NeuralPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    static final long STEP = 3_600_000;
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    static JobConfig config(String batch, String flush) {
        Configuration c = new Configuration();
        c.setString("bootstrap-servers", "unused:9092");
        c.setString("forecast.horizon", "12");
        c.setString("diagnostics.every", "40");
        c.setString("neural.enabled", "true");
        c.setString("neural.batch-size", batch);
        c.setString("neural.flush", flush);
        c.setString("neural.every", "3");
        return JobConfig.from(c);
    }

    /** Three hourly series with a daily cycle and AR noise. */
    static List<IncomingRecord> input(int n) {
        Random rnd = new Random(11);
        List<IncomingRecord> in = new ArrayList<>();
        double[] e = new double[3];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < 3; s++) {
                e[s] = 0.6 * e[s] + rnd.nextGaussian();
                double v = 20 + 5 * s + (3 + s) * Math.sin(2 * Math.PI * i / 24.0) + e[s];
                in.add(IncomingRecord.of(Observation.newBuilder().setSeries("s" + s).setEventTime(
                        T0.plusMillis(i * STEP)).setValue(v).build()));
            }
        }
        return in;
    }

    record Result(List<Forecast> forecasts, List<ModelDiagnostics> diagnostics) {
    }

    static Result run(List<IncomingRecord> in, JobConfig config, int parallelism) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("pipeline.generic-types", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        DataStream<IncomingRecord> source = env.fromData(in, TypeInformation.of(IncomingRecord.class))
                .setParallelism(1)
                .assignTimestampsAndWatermarks(PunctuatedWatermarks.strategy(Duration.ofHours(2)))
                .setParallelism(1);
        AugurPipeline.Outputs out = AugurPipeline.build(source, config);
        CloseableIterator<Forecast> f = out.forecasts().collectAsync();
        CloseableIterator<ModelDiagnostics> d = out.diagnostics().collectAsync();
        env.execute("neural-pipeline-test");
        return new Result(sorted(drain(f)), drain(d));
    }

    @Test
    void neuralCandidatesJoinTheEnsembleStampedWithTheModelVersionWhateverTheBatching() throws Exception {
        List<IncomingRecord> in = input(300);
        String version = NeuralModels.describe("bundled", 12).version();

        Result small = run(in, config("3", "1 ms"), 1);
        Result large = run(in, config("64", "50 ms"), 2);

        // one forecast per series and origin after the first observation
        assertEquals(3 * 299, small.forecasts().size());
        // byte-for-byte the same forecasts: a row's result does not depend on the batch it landed in
        assertEquals(small.forecasts(), large.forecasts());

        // once the 216-value context is full, the ensemble pools the neural candidate and says which version
        List<Forecast> late = small.forecasts().stream()
                .filter(f -> f.getOriginTime().isAfter(T0.plusMillis(240 * STEP))).toList();
        assertTrue(late.size() > 150);
        // every third origin has a neural candidate (neural.every 3): those forecasts name its version, the others
        // only the AR's
        long stamped = late.stream().filter(f -> f.getModelVersion().equals("1;ar-rls=2;neural-diffusion=" + version))
                .count();
        long arOnly = late.stream().filter(f -> f.getModelVersion().equals("1;ar-rls=2")).count();
        assertEquals(late.size(), stamped + arOnly, "stamps: " + late.get(0).getModelVersion());
        assertTrue(stamped >= late.size() / 3 - 3 && stamped <= late.size() / 3 + 3, stamped + " of " + late.size());
        ModelDiagnostics ens = small.diagnostics().stream().filter(d -> d.getModel().equals("ensemble"))
                .max((x, y) -> Long.compare(x.getObservations(), y.getObservations())).orElseThrow();
        assertEquals(List.of("ar-rls", "neural-diffusion"), ens.getMembers());
        double w = ens.getCoefficients().get(1);
        assertTrue(w > 0.05 && w < 0.95, "the neural candidate has a CRPS weight: " + ens.getCoefficients());
    }

    static List<Forecast> sorted(List<Forecast> l) {
        List<Forecast> s = new ArrayList<>(l);
        s.sort((a, b) -> {
            int c = a.getSeries().compareTo(b.getSeries());
            return c != 0 ? c : a.getOriginTime().compareTo(b.getOriginTime());
        });
        return s;
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> l = new ArrayList<>();
        while (it.hasNext()) {
            l.add(it.next());
        }
        return l;
    }
}
