package dev.augur.ingest.resample;

import dev.augur.ingest.feed.FeedRecord;
import dev.augur.ingest.feed.JsonLineEncoder;
import dev.augur.ingest.validate.RejectionLog;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Observation;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resamples the ticks of one stream task (one partition of the ticks repartition topic, keyed by series) into bars:
 * tumbling event-time windows per series, each emitted once, when it closes.
 *
 * <p>Stream time {@code T} is the latest event time of the ticks this task has added to bars; it is stored with the
 * bars ({@link BarStore}), so it survives restarts. For a tick at event time {@code t} of a series under rule
 * {@code r}: its bar starts at {@code s = floor(t / step) * step} and closes at {@code c = s + step + grace}.
 *
 * <ol>
 *   <li>No valid volume under a vwap rule: dead letter {@link ResampleError#BAD_VOLUME}.</li>
 *   <li>Bar series id too long: dead letter {@link ResampleError#ID_TOO_LONG}.</li>
 *   <li>{@code c <= T}, the bar has closed: dead letter {@link ResampleError#LATE_TICK}.</li>
 *   <li>Otherwise the tick is added to its bar, {@code T = max(T, t)}, and every bar with {@code c <= T} is emitted
 *       (ordered by close time, then series) and removed.</li>
 * </ol>
 *
 * <p>So a tick either ends up in exactly one emitted bar or in the dead-letter topic; the decision to accept a tick
 * and the decision to close its bar use the same stored clock, in the same task and transaction. Bars are
 * forwarded as (bar series, {@link Observation}) with the timestamp of the tick record that closed them and no
 * headers; dead letters as (tick series, {@link DeadLetter}) with the tick record's timestamp and headers.
 * A tick whose series no longer matches any rule (the rules changed between routing and here) is passed on as an
 * observation, unchanged.
 */
public final class BarProcessor implements Processor<String, Observation, Object, Object> {
    /** Value of {@code DeadLetter.stage} for records rejected here. */
    public static final String STAGE = "ingest.resample";
    private static final Logger LOG = LoggerFactory.getLogger(BarProcessor.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RuleMatcher rules;
    private final int maxIdLength;
    private final String storeName;
    private final String barsChild;
    private final String deadLetterChild;
    private final RejectionLog rejectionLog = new RejectionLog(LOG, LOG_INTERVAL_NANOS, System::nanoTime);
    private final JsonLineEncoder encoder = new JsonLineEncoder();
    private ProcessorContext<Object, Object> context;
    private ResampleMetrics metrics;
    private BarStore store;
    private long clock;
    /** Close time of the first open bar; {@link Long#MIN_VALUE} while unknown (forces a look at the store). */
    private long nextClose = Long.MIN_VALUE;

    /**
     * @param maxIdLength longest bar series id, in code points ({@code max-id-length})
     * @param storeName name of the {@link BarStore#builder(String, BarStore.Kind)} store connected to this processor
     * @param barsChild child receiving (String, Observation)
     * @param deadLetterChild child receiving (String, DeadLetter)
     */
    public BarProcessor(ResampleRules rules, int maxIdLength, String storeName, String barsChild,
            String deadLetterChild) {
        this.rules = new RuleMatcher(rules);
        this.maxIdLength = maxIdLength;
        this.storeName = storeName;
        this.barsChild = barsChild;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.metrics = new ResampleMetrics(context.metrics());
        KeyValueStore<Bytes, byte[]> kv = context.getStateStore(storeName);
        this.store = new BarStore(kv);
        this.clock = store.clock();
        this.nextClose = Long.MIN_VALUE;
    }

    @Override
    public void process(Record<String, Observation> record) {
        Observation tick = record.value();
        String series = tick.getSeries();
        ResampleRule rule = rules.ruleFor(series);
        if (rule == null) {
            context.forward(record.withHeaders(RawPosition.removeFrom(record.headers())), barsChild);
            return;
        }
        long t = tick.getEventTime().toEpochMilli();
        double volume = Volume.of(tick.getLabels());
        if (rule.aggregation().needsVolume() && Double.isNaN(volume)) {
            String found = tick.getLabels().get(Volume.LABEL);
            reject(record, ResampleError.BAD_VOLUME, "expected a '" + Volume.LABEL + "' label holding a positive"
                    + " finite number on every tick of vwap rule \"" + rule.name() + "\" but found "
                    + (found == null ? "no such label" : "\"" + excerpt(found) + "\""));
            return;
        }
        String output = rule.outputSeries(series);
        int length = output.codePointCount(0, output.length());
        if (length > maxIdLength) {
            reject(record, ResampleError.ID_TOO_LONG, "expected the bar series id made by rule \"" + rule.name()
                    + "\" (output " + rule.outputTemplate() + ") to have at most " + maxIdLength
                    + " characters but it has " + length);
            return;
        }
        long start = rule.barStart(t);
        long close = rule.closeTime(start);
        if (close <= clock) {
            reject(record, ResampleError.LATE_TICK, "expected a tick of an open bar but its bar ["
                    + Instant.ofEpochMilli(start) + ", " + Instant.ofEpochMilli(start + rule.stepMillis())
                    + ") of rule \"" + rule.name() + "\" closed when stream time reached " + Instant.ofEpochMilli(close)
                    + " (end + grace " + rule.grace() + "); stream time is " + Instant.ofEpochMilli(clock));
            return;
        }
        Bar bar = store.get(close, series);
        if (bar == null) {
            bar = new Bar(rule.aggregation(), start, rule.stepMillis(), output);
            nextClose = Math.min(nextClose, close);
        }
        bar.add(t, tick.getValue(), volume, tick.getGroup());
        store.put(close, series, bar);
        metrics.recordTick();
        if (t > clock) {
            clock = t;
            store.setClock(t);
        }
        if (clock >= nextClose) {
            emitClosed(record.timestamp());
        }
    }

    private void emitClosed(long timestamp) {
        for (Bar bar : store.removeClosed(clock)) {
            Observation o = bar.toObservation();
            if (!Double.isFinite(o.getValue())) {
                DeadLetter dl = new DeadLetter(null, null, null, STAGE, ResampleError.NON_FINITE.name(),
                        "expected a finite bar value but the " + bar.aggregation().label() + " of " + bar.ticks()
                                + " ticks of " + bar.outputSeries() + " in [" + Instant.ofEpochMilli(bar.start())
                                + ", " + Instant.ofEpochMilli(bar.end()) + ") is " + o.getValue(),
                        null, false, Instant.ofEpochMilli(timestamp));
                context.forward(new Record<>(bar.outputSeries(), dl, timestamp), deadLetterChild);
                metrics.recordRejected(ResampleError.NON_FINITE);
                rejectionLog.rejected(ResampleError.NON_FINITE, "bar " + bar.outputSeries(), dl.getErrorMessage());
                continue;
            }
            context.forward(new Record<>(o.getSeries(), o, timestamp, new RecordHeaders()), barsChild);
            metrics.recordBar();
        }
        nextClose = store.nextCloseTime();
    }

    private void reject(Record<String, Observation> record, ResampleError error, String message) {
        Observation tick = record.value();
        RawPosition pos = RawPosition.of(record.headers());
        byte[] line = encoder.encode(new FeedRecord(tick.getSeries(), tick.getGroup(),
                tick.getEventTime().toEpochMilli(), tick.getValue(), tick.getLabels()));
        DeadLetter dl = new DeadLetter(
                pos == null ? null : pos.topic(),
                pos == null ? null : pos.partition(),
                pos == null ? null : pos.offset(),
                STAGE,
                error.name(),
                message,
                ByteBuffer.wrap(line),
                false,
                Instant.ofEpochMilli(record.timestamp()));
        context.forward(new Record<>(tick.getSeries(), dl, record.timestamp(),
                RawPosition.removeFrom(record.headers())), deadLetterChild);
        metrics.recordRejected(error);
        rejectionLog.rejected(error, pos == null ? "tick of " + tick.getSeries()
                : pos.topic() + "-" + pos.partition() + "@" + pos.offset(), message);
    }

    private static String excerpt(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "... (" + s.length() + " chars)";
    }
}
