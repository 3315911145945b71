package dev.augur.alerting;

import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Stream time is event time from the records themselves, never the broker's or the producer's clock: an
 * {@link AnomalyScore}'s {@code time}, an {@link Observation}'s {@code eventTime}, a {@link Forecast}'s
 * {@code originTime}. Other records (alerts, which carry the time of the score that raised them) keep their record
 * timestamp; a record without one takes the partition's time.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object v = record.value();
        if (v instanceof AnomalyScore a) {
            return a.getTime().toEpochMilli();
        }
        if (v instanceof Observation o) {
            return o.getEventTime().toEpochMilli();
        }
        if (v instanceof Forecast f) {
            return f.getOriginTime().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
