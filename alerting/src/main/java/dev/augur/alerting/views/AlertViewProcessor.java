package dev.augur.alerting.views;

import dev.augur.alerting.AlertingStores;
import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AlertState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest event of every alert read back from the alerts topic (so only committed alerts are shown and
 * notified) and tells the listener. Resolved alerts are forgotten once they ended more than {@code retention} of
 * stream time (event time) ago; open ones are kept.
 */
public final class AlertViewProcessor implements Processor<String, Alert, Void, Void> {
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final long retentionMs;
    private final ViewListener listener;
    private final AlertingMetrics metrics;
    private KeyValueStore<String, Alert> alerts;

    public AlertViewProcessor(Duration retention, ViewListener listener, AlertingMetrics metrics) {
        this.retentionMs = retention.toMillis();
        this.listener = listener;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        alerts = context.getStateStore(AlertingStores.VIEW_ALERTS);
        context.schedule(PRUNE_EVERY, PunctuationType.STREAM_TIME, this::prune);
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert a = record.value();
        if (a == null) {
            return;
        }
        alerts.put(a.getId(), a);
        metrics.countAlertSeen();
        listener.alert(a);
    }

    private void prune(long streamTime) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = alerts.all()) {
            while (it.hasNext()) {
                KeyValue<String, Alert> kv = it.next();
                Alert a = kv.value;
                if (a.getState() == AlertState.RESOLVE && a.getEndTime() != null
                        && a.getEndTime().toEpochMilli() < streamTime - retentionMs) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(alerts::delete);
    }
}
