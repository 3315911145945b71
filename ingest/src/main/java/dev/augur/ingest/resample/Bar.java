package dev.augur.ingest.resample;

import dev.augur.schemas.records.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The running state of one bar: the ticks of one series within {@code [start, start + step)}, reduced to the sums
 * that every {@link Aggregation} needs. Plain data with no Kafka in it; stored with {@link BarCodec}.
 *
 * <p>For ticks {@code i = 1..n} with values {@code x_i}, event times {@code t_i} and volumes {@code v_i} (a tick
 * without a valid volume label has none) it keeps {@code n}, {@code sum x_i}, {@code sum x_i v_i} and
 * {@code sum v_i} over the ticks with a volume, how many ticks had a volume, and the value, time and group of the
 * latest tick ({@code argmax t_i}, later arrival wins a tie). Sums are plain left-to-right double sums, so the same
 * ticks in the same order give the same bits.
 *
 * <p>Mutable, not thread-safe.
 */
public final class Bar {
    private final Aggregation aggregation;
    private final long start;
    private final long stepMillis;
    private final String outputSeries;
    private long ticks;
    private double sum;
    private double priceVolume;
    private double volume;
    private long volumeTicks;
    private long lastTime;
    private double lastValue;
    private String group;

    /** An empty bar. */
    public Bar(Aggregation aggregation, long start, long stepMillis, String outputSeries) {
        this(aggregation, start, stepMillis, outputSeries, 0, 0, 0, 0, 0, Long.MIN_VALUE, 0, null);
    }

    Bar(Aggregation aggregation, long start, long stepMillis, String outputSeries, long ticks, double sum,
            double priceVolume, double volume, long volumeTicks, long lastTime, double lastValue, String group) {
        this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
        this.start = start;
        this.stepMillis = stepMillis;
        this.outputSeries = Objects.requireNonNull(outputSeries, "outputSeries");
        this.ticks = ticks;
        this.sum = sum;
        this.priceVolume = priceVolume;
        this.volume = volume;
        this.volumeTicks = volumeTicks;
        this.lastTime = lastTime;
        this.lastValue = lastValue;
        this.group = group;
    }

    /**
     * Adds one tick.
     *
     * @param time event time, ms; should lie in {@code [start, start + step)}
     * @param value the tick's value, finite
     * @param tickVolume the tick's volume, or NaN when it has none
     * @param tickGroup the tick's group, or null
     */
    public void add(long time, double value, double tickVolume, String tickGroup) {
        ticks++;
        sum += value;
        if (!Double.isNaN(tickVolume)) {
            priceVolume += value * tickVolume;
            volume += tickVolume;
            volumeTicks++;
        }
        if (time >= lastTime) {
            lastTime = time;
            lastValue = value;
            group = tickGroup;
        }
    }

    /**
     * The bar's value under its aggregation; may be non-finite when a sum overflowed, and NaN for a vwap bar with
     * no volume (which the topology never builds: such ticks are dead-lettered).
     */
    public double value() {
        return switch (aggregation) {
            case LAST -> lastValue;
            case MEAN -> sum / ticks;
            case SUM -> sum;
            case VWAP -> priceVolume / volume;
        };
    }

    /**
     * The bar as an observation: series {@link #outputSeries()}, event time = bar start, value {@link #value()},
     * group of the latest tick, labels {@code bar=<step>} (ISO-8601, e.g. {@code PT1M}), {@code ticks=<n>} and,
     * when every tick had a volume, {@code volume=<sum of volumes>}.
     */
    public Observation toObservation() {
        Map<String, String> labels = new LinkedHashMap<>(4);
        labels.put("bar", Duration.ofMillis(stepMillis).toString());
        labels.put("ticks", Long.toString(ticks));
        if (volumeTicks == ticks && ticks > 0) {
            labels.put(Volume.LABEL, Volume.format(volume));
        }
        return new Observation(outputSeries, group, Instant.ofEpochMilli(start), value(), labels);
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    /** Bar start (event time, ms, inclusive); the bar's time. */
    public long start() {
        return start;
    }

    public long stepMillis() {
        return stepMillis;
    }

    /** Bar end (ms, exclusive). */
    public long end() {
        return start + stepMillis;
    }

    public String outputSeries() {
        return outputSeries;
    }

    public long ticks() {
        return ticks;
    }

    double sum() {
        return sum;
    }

    double priceVolume() {
        return priceVolume;
    }

    double volume() {
        return volume;
    }

    long volumeTicks() {
        return volumeTicks;
    }

    long lastTime() {
        return lastTime;
    }

    double lastValue() {
        return lastValue;
    }

    String group() {
        return group;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bar b && aggregation == b.aggregation && start == b.start && stepMillis == b.stepMillis
                && outputSeries.equals(b.outputSeries) && ticks == b.ticks
                && Double.compare(sum, b.sum) == 0 && Double.compare(priceVolume, b.priceVolume) == 0
                && Double.compare(volume, b.volume) == 0 && volumeTicks == b.volumeTicks && lastTime == b.lastTime
                && Double.compare(lastValue, b.lastValue) == 0 && Objects.equals(group, b.group);
    }

    @Override
    public int hashCode() {
        return Objects.hash(aggregation, start, stepMillis, outputSeries, ticks, lastTime);
    }

    @Override
    public String toString() {
        return "Bar{" + outputSeries + " " + aggregation.label() + " [" + Instant.ofEpochMilli(start) + ", "
                + Instant.ofEpochMilli(end()) + ") ticks=" + ticks + "}";
    }
}
