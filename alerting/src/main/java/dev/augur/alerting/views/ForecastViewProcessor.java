package dev.augur.alerting.views;

import dev.augur.alerting.AlertingStores;
import dev.augur.schemas.records.Forecast;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest forecast of each series (by origin time) and the first step of recent forecasts (the one-step-ahead
 * band drawn along the observations); tells the listener.
 */
public final class ForecastViewProcessor implements Processor<String, Forecast, Void, Void> {
    private final int capacity;
    private final ViewListener listener;
    private KeyValueStore<String, SeriesStatus> status;
    private KeyValueStore<String, ForecastPoint> history;
    private KeyValueStore<String, Forecast> latest;

    /** @param capacity one-step points kept per series */
    public ForecastViewProcessor(int capacity, ViewListener listener) {
        this.capacity = capacity;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        status = context.getStateStore(AlertingStores.VIEW_SERIES);
        history = context.getStateStore(AlertingStores.VIEW_FORECAST_HISTORY);
        latest = context.getStateStore(AlertingStores.VIEW_FORECASTS);
    }

    @Override
    public void process(Record<String, Forecast> record) {
        Forecast f = record.value();
        if (f == null || f.getSteps().isEmpty()) {
            return;
        }
        String series = f.getSeries();
        SeriesStatus s = status.get(series);
        if (s == null) {
            s = new SeriesStatus(series);
        }
        long origin = f.getOriginTime().toEpochMilli();
        List<ForecastPoint> steps = ForecastPoint.steps(f);
        SeriesRing.put(history, series, s.forecasts, capacity, steps.get(0));
        s.forecasts++;
        if (origin >= s.lastForecastOrigin) {
            s.lastForecastOrigin = origin;
            latest.put(series, f);
        }
        status.put(series, s);
        listener.forecast(f);
    }
}
