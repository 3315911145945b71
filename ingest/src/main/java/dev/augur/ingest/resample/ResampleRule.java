package dev.augur.ingest.resample;

import java.time.Duration;
import java.util.Objects;

/**
 * One resampling rule: ticks of the series matching {@link #series()} are gathered into bars of {@link #step()}
 * (tumbling event-time windows {@code [start, start + step)}, aligned to UTC midnight) and each bar is emitted once,
 * when stream time reaches {@code end + grace}, as one observation of the series {@link #outputSeries(String)} at
 * the bar's start time.
 *
 * @param name unique name, used in messages and logs
 * @param series which series the rule applies to
 * @param step bar length: whole milliseconds, at most a day, dividing a day
 * @param aggregation how the ticks of a bar become its value
 * @param grace how long after a bar's end its ticks are still accepted, measured in stream time (whole
 *     milliseconds, at most a day)
 * @param outputTemplate output series id: {@value #SERIES_PLACEHOLDER} (exactly once) is replaced by the tick
 *     series id
 */
public record ResampleRule(String name, SeriesPattern series, Duration step, Aggregation aggregation, Duration grace,
        String outputTemplate) {
    /** The placeholder of {@link #outputTemplate()}. */
    public static final String SERIES_PLACEHOLDER = "{series}";
    static final long DAY_MILLIS = 86_400_000L;

    public ResampleRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(outputTemplate, "outputTemplate");
        long s = step.toMillis();
        if (s < 1 || s > DAY_MILLIS || DAY_MILLIS % s != 0 || !Duration.ofMillis(s).equals(step)) {
            throw new IllegalArgumentException("step must be whole milliseconds dividing one day but was " + step);
        }
        if (grace.isNegative() || grace.toMillis() > DAY_MILLIS || !Duration.ofMillis(grace.toMillis()).equals(grace)) {
            throw new IllegalArgumentException("grace must be whole milliseconds in [PT0S, PT24H] but was " + grace);
        }
        int at = outputTemplate.indexOf(SERIES_PLACEHOLDER);
        if (at < 0 || outputTemplate.indexOf(SERIES_PLACEHOLDER, at + 1) >= 0) {
            throw new IllegalArgumentException("output template must contain " + SERIES_PLACEHOLDER
                    + " exactly once but was " + outputTemplate);
        }
    }

    public long stepMillis() {
        return step.toMillis();
    }

    public long graceMillis() {
        return grace.toMillis();
    }

    /** Start of the bar holding event time {@code t} (ms): {@code floor(t / step) * step}; also before 1970. */
    public long barStart(long t) {
        long s = step.toMillis();
        return Math.floorDiv(t, s) * s;
    }

    /** Stream time at which the bar starting at {@code barStart} closes: {@code barStart + step + grace}. */
    public long closeTime(long barStart) {
        return barStart + step.toMillis() + grace.toMillis();
    }

    /** Output series id of the bars of tick series {@code series}. */
    public String outputSeries(String series) {
        return outputTemplate.replace(SERIES_PLACEHOLDER, series);
    }
}
