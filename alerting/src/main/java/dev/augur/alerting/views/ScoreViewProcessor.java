package dev.augur.alerting.views;

import dev.augur.alerting.AlertingStores;
import dev.augur.schemas.records.AnomalyScore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the last scores of each series (warming-up ones too) and the series' status; tells the listener. */
public final class ScoreViewProcessor implements Processor<String, AnomalyScore, Void, Void> {
    private final int capacity;
    private final ViewListener listener;
    private KeyValueStore<String, SeriesStatus> status;
    private KeyValueStore<String, ScorePoint> ring;

    /** @param capacity points kept per series */
    public ScoreViewProcessor(int capacity, ViewListener listener) {
        this.capacity = capacity;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        status = context.getStateStore(AlertingStores.VIEW_SERIES);
        ring = context.getStateStore(AlertingStores.VIEW_SCORES);
    }

    @Override
    public void process(Record<String, AnomalyScore> record) {
        AnomalyScore a = record.value();
        if (a == null) {
            return;
        }
        SeriesStatus s = status.get(a.getSeries());
        if (s == null) {
            s = new SeriesStatus(a.getSeries());
        }
        ScorePoint p = ScorePoint.of(a);
        SeriesRing.put(ring, a.getSeries(), s.scores, capacity, p);
        s.scores++;
        if (a.getGroup() != null) {
            s.group = a.getGroup();
        }
        if (p.t() >= s.lastScoreTime) {
            s.lastScoreTime = p.t();
            s.lastScore = p.score();
            s.warmingUp = p.warmingUp();
        }
        status.put(a.getSeries(), s);
        listener.score(a);
    }
}
