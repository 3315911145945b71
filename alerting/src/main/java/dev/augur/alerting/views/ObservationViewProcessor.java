package dev.augur.alerting.views;

import dev.augur.alerting.AlertingStores;
import dev.augur.schemas.records.Observation;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the last observations of each series for the chart and the series' status; tells the listener. */
public final class ObservationViewProcessor implements Processor<String, Observation, Void, Void> {
    private final int capacity;
    private final ViewListener listener;
    private KeyValueStore<String, SeriesStatus> status;
    private KeyValueStore<String, ObservationPoint> ring;

    /** @param capacity points kept per series */
    public ObservationViewProcessor(int capacity, ViewListener listener) {
        this.capacity = capacity;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        status = context.getStateStore(AlertingStores.VIEW_SERIES);
        ring = context.getStateStore(AlertingStores.VIEW_OBSERVATIONS);
    }

    @Override
    public void process(Record<String, Observation> record) {
        Observation o = record.value();
        if (o == null) {
            return;
        }
        SeriesStatus s = status.get(o.getSeries());
        if (s == null) {
            s = new SeriesStatus(o.getSeries());
        }
        long t = o.getEventTime().toEpochMilli();
        SeriesRing.put(ring, o.getSeries(), s.observations, capacity, new ObservationPoint(t, o.getValue()));
        s.observations++;
        if (o.getGroup() != null) {
            s.group = o.getGroup();
        }
        if (t >= s.lastObservationTime) {
            s.lastObservationTime = t;
            s.lastValue = o.getValue();
        }
        status.put(o.getSeries(), s);
        listener.observation(o);
    }
}
