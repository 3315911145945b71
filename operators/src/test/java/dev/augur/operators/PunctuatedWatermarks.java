package dev.augur.operators;

import dev.augur.operators.io.IncomingRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks emitted after every record instead of periodically, so a test's outcome (what
 * is late, what is buffered) does not depend on wall-clock timing.
 */
final class PunctuatedWatermarks implements WatermarkGenerator<IncomingRecord> {
    private final long bound;
    private long max = Long.MIN_VALUE;

    private PunctuatedWatermarks(long bound) {
        this.bound = bound;
    }

    static WatermarkStrategy<IncomingRecord> strategy(Duration outOfOrderness) {
        return WatermarkStrategy.<IncomingRecord>forGenerator(ctx -> new PunctuatedWatermarks(
                outOfOrderness.toMillis())).withTimestampAssigner((r, ts) -> r.eventTimeMillis());
    }

    @Override
    public void onEvent(IncomingRecord event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > max) {
            max = eventTimestamp;
            output.emitWatermark(new Watermark(max - bound - 1));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
    }
}
