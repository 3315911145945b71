package dev.augur.operators.functions;

import dev.augur.models.stream.StageRecord;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.neural.BatchForecaster;
import dev.augur.operators.neural.MicroBatcher;
import dev.augur.operators.neural.NeuralModels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The neural stage: turns {@link StageRecord#REQUEST}s from the AR stage into CANDIDATE forecasts of the neural model.
 * Requests of all series on this subtask are collected into micro-batches ({@link MicroBatcher}: flush on size or
 * time) and each batch is one model call on one worker thread. Used with {@code AsyncDataStream.orderedWait}, so the
 * output keeps the input order (deterministic) and the capacity bounds the requests in flight (backpressure).
 *
 * <p>A candidate carries the model's per-step mean and variance (moments of its sample paths; the combine stage treats
 * it as Normal), origin and step of the request, and the model's name and version. A batch that fails, or a row whose
 * forecast is not finite, yields no candidate (counted in {@code neuralFailed}, logged); the AR and VAR candidates
 * still make the ensemble. Stateless apart from the requests in flight, which Flink checkpoints.
 */
public final class NeuralStage extends RichAsyncFunction<StageRecord, StageRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(NeuralStage.class);

    private final String modelSpec;
    private final boolean cuda;
    private final int batchSize;
    private final long flushMillis;
    private final int horizon;
    private final int samples;

    private transient BatchForecaster model;
    private transient MicroBatcher<StageRecord, StageRecord> batcher;
    private transient double[][] context;
    private transient double[][] arMeans;
    private transient double[][] arVars;
    private transient double[][] means;
    private transient double[][] vars;
    private transient Counter requests;
    private transient Counter candidates;
    private transient Counter failed;
    private transient Counter dropped;
    private transient Counter batches;

    public NeuralStage(JobConfig config) {
        this.modelSpec = config.neuralModel();
        this.cuda = config.neuralCuda();
        this.batchSize = config.neuralBatchSize();
        this.flushMillis = config.neuralFlush().toMillis();
        this.horizon = config.horizon();
        this.samples = config.neuralSamples();
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        model = NeuralModels.open(modelSpec, cuda, batchSize, samples);
        if (model.horizon() < horizon) {
            model.close();
            throw new IllegalArgumentException("forecast.horizon must be at most the neural model's horizon "
                    + model.horizon() + " (neural.model " + modelSpec + ") but was " + horizon);
        }
        int rows = model.maxBatch();
        context = new double[rows][];
        arMeans = new double[rows][];
        arVars = new double[rows][];
        means = new double[rows][model.horizon()];
        vars = new double[rows][model.horizon()];
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        batcher = new MicroBatcher<>(this::handle, rows, flushMillis, "augur-neural-" + subtask);
        var g = getRuntimeContext().getMetricGroup();
        requests = g.counter("neuralRequests");
        candidates = g.counter("neuralCandidates");
        failed = g.counter("neuralFailed");
        dropped = g.counter("neuralDropped");
        batches = g.counter("neuralBatches");
        g.gauge("neuralWaiting", () -> batcher.waiting());
        LOG.info("neural stage {}: model {} version {}, context {}, horizon {}, batches of up to {} rows flushed "
                + "after {} ms", subtask, model.name(), model.version(), model.context(), model.horizon(), rows,
                flushMillis);
    }

    @Override
    public void asyncInvoke(StageRecord request, ResultFuture<StageRecord> result) {
        requests.inc();
        if (request.context == null || request.context.length != model.context()
                || request.means == null || request.means.length < model.horizon()) {
            failed.inc();
            LOG.warn("neural request of series {} at {} has context {} and AR horizon {}; expected {} and {}",
                    request.series, request.time, request.context == null ? "null" : request.context.length,
                    request.means == null ? "null" : request.means.length, model.context(), model.horizon());
            result.complete(Collections.emptyList());
            return;
        }
        batcher.submit(request, (candidate, error) -> {
            if (error != null) {
                failed.inc();
                LOG.warn("neural batch failed; series {} at {} gets no neural candidate", request.series,
                        request.time, error);
                result.complete(Collections.emptyList());
            } else if (candidate == null) {
                failed.inc();
                result.complete(Collections.emptyList());
            } else {
                candidates.inc();
                result.complete(Collections.singletonList(candidate));
            }
        });
    }

    /** Runs on the batcher's worker thread: one model call for the whole batch. */
    private List<StageRecord> handle(List<StageRecord> batch) throws Exception {
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            StageRecord r = batch.get(i);
            context[i] = r.context;
            arMeans[i] = r.means;
            arVars[i] = r.variances;
        }
        model.forecast(n, context, arMeans, arVars, means, vars);
        batches.inc();
        List<StageRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(candidate(batch.get(i), means[i], vars[i]));
            context[i] = null;
            arMeans[i] = null;
            arVars[i] = null;
        }
        return out;
    }

    /** The candidate of one row, or null when its forecast is not finite. */
    private StageRecord candidate(StageRecord r, double[] mean, double[] var) {
        double[] m = new double[horizon];
        double[] v = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            if (!Double.isFinite(mean[h]) || !(var[h] >= 0) || !Double.isFinite(var[h])) {
                return null;
            }
            m[h] = mean[h];
            v[h] = var[h];
        }
        return StageRecord.candidate(r.series, r.group, r.time, model.name(), model.version(), r.stepMillis, m, v,
                Double.POSITIVE_INFINITY, false, r.imputed);
    }

    @Override
    public void timeout(StageRecord request, ResultFuture<StageRecord> result) {
        dropped.inc();
        LOG.warn("neural request of series {} at {} timed out; no neural candidate", request.series, request.time);
        result.complete(Collections.emptyList());
    }

    @Override
    public void close() throws Exception {
        if (batcher != null) {
            batcher.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
