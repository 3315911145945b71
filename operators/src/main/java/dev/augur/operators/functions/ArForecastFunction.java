package dev.augur.operators.functions;

import dev.augur.models.Predictive;
import dev.augur.models.ar.ArConfig;
import dev.augur.models.ar.RlsAr;
import dev.augur.models.scoring.TailScorer;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.DeadLetters;
import dev.augur.operators.state.SeriesState;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The AR stage, keyed by series. For each observation: load the series state; score the arrival against the one-step
 * forecast made before it (side output {@link OutputTags#ANOMALIES}); learn it; forecast H steps (main output); store.
 * The math lives in {@link RlsAr} and {@link TailScorer}; this function only moves state and records.
 *
 * <p>Rejected without touching model state, to {@link OutputTags#DEAD_LETTERS} with the reason: non-finite values
 * (NON_FINITE), a repeated event time (DUPLICATE) and time going backwards (OUT_OF_ORDER).
 */
public final class ArForecastFunction extends KeyedProcessFunction<String, Observation, Forecast> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "job.ar";

    private final int order;
    private final double forgetting;
    private final int horizon;
    private final double[] levels;
    private final double intervalLevel;

    private transient ValueState<SeriesState> state;
    private transient RlsAr model;
    private transient Predictive predictive;
    private transient TailScorer scorer;
    private transient Counter learned;
    private transient Counter rejected;

    public ArForecastFunction(JobConfig config) {
        this.order = config.arOrder();
        this.forgetting = config.arForgetting();
        this.horizon = config.horizon();
        this.levels = config.quantileLevels();
        this.intervalLevel = config.anomalyIntervalLevel();
    }

    /** The state descriptor; public so tests and state tools read the same state. */
    public static ValueStateDescriptor<SeriesState> stateDescriptor() {
        return new ValueStateDescriptor<>("series", TypeInformation.of(SeriesState.class));
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
        model = new RlsAr(new ArConfig(order, forgetting, 1e4));
        predictive = new Predictive(horizon);
        scorer = new TailScorer(intervalLevel);
        learned = getRuntimeContext().getMetricGroup().counter("observationsLearned");
        rejected = getRuntimeContext().getMetricGroup().counter("observationsRejected");
    }

    @Override
    public void processElement(Observation o, Context ctx, Collector<Forecast> out) throws Exception {
        SeriesState s = state.value();
        if (s == null) {
            s = new SeriesState(model.newState());
        } else {
            s.migrate();
        }
        double y = o.getValue();
        long t = o.getEventTime().toEpochMilli();
        String reject = null;
        String message = null;
        if (!Double.isFinite(y)) {
            reject = "NON_FINITE";
            message = "expected a finite value but found " + y;
        } else if (s.observations > 0 && t == s.lastEventTime) {
            reject = "DUPLICATE";
            message = "expected event time after " + s.lastEventTime + " ms but found the same time again";
        } else if (s.observations > 0 && t < s.lastEventTime) {
            reject = "OUT_OF_ORDER";
            message = "expected event time after " + s.lastEventTime + " ms but found " + t + " ms (time went "
                    + "backwards by " + (s.lastEventTime - t) + " ms)";
        }
        if (reject != null) {
            s.rejected++;
            state.update(s);
            rejected.inc();
            ctx.output(OutputTags.DEAD_LETTERS, DeadLetters.rejected(o, STAGE, reject, message));
            return;
        }

        if (s.observations > 0) {
            model.forecast(s.ar, predictive);
            double score = scorer.score(predictive, y);
            ctx.output(OutputTags.ANOMALIES, ForecastRecords.anomaly(o.getSeries(), o.getGroup(), t, y, score,
                    scorer, model.name(), model.warmingUp(s.ar)));
            s.stepMillis = t - s.lastEventTime;
        }
        model.learn(s.ar, y);
        s.lastEventTime = t;
        s.observations++;
        state.update(s);
        learned.inc();

        if (s.stepMillis > 0) {
            model.forecast(s.ar, predictive);
            out.collect(ForecastRecords.forecast(o.getSeries(), model.name(), model.version(), t, s.stepMillis,
                    levels, predictive));
        }
    }
}
