package dev.augur.ingest.feed.synthetic;

import dev.augur.ingest.feed.FeedRecord;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * An endless, deterministic stream of synthetic records: at each step {@code k} (event time
 * {@code start + k * step}) one record per series, series 0 first. Three independent random streams are derived
 * from the seed: one for the fixed parameters of each series, one for the noise, one for the faults. Disabling
 * faults ({@code faultEvery = 0}) therefore leaves the noise untouched, and the records with and without faults
 * differ exactly by the injected effects.
 *
 * <p>Each injected fault is announced to the fault listener (before the first record it affects is returned) and the
 * records it affects carry the label {@code fault=<kind>}.
 *
 * <p>Not thread-safe. {@link #hasNext()} is always true; bound it with a count or a stop condition.
 */
public abstract class SyntheticGenerator implements Iterator<FeedRecord> {
    protected final SyntheticSpec spec;
    protected final int n;
    protected final long stepMillis;
    /** Group index of each series; -1 without groups. */
    protected final int[] groupIndex;
    protected final Random params;
    protected final Random noise;
    protected final Random faults;
    private final String[] seriesIds;
    private final String[] groupIds;
    private final Consumer<FaultLabel> faultListener;
    private final FeedRecord[] current;
    private int cursor;
    private long stepIndex;

    protected SyntheticGenerator(SyntheticSpec spec, Consumer<FaultLabel> faultListener) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.faultListener = faultListener == null ? f -> { } : faultListener;
        this.n = spec.seriesCount();
        this.stepMillis = spec.step().toMillis();
        this.params = new Random(mix(spec.seed(), 1));
        this.noise = new Random(mix(spec.seed(), 2));
        this.faults = new Random(mix(spec.seed(), 3));
        this.seriesIds = new String[n];
        this.groupIds = new String[n];
        this.groupIndex = new int[n];
        for (int i = 0; i < n; i++) {
            seriesIds[i] = spec.seriesPrefix() + i;
            groupIndex[i] = spec.groups() == 0 ? -1 : i % spec.groups();
            groupIds[i] = spec.groups() == 0 ? null : spec.seriesPrefix() + "group-" + groupIndex[i];
        }
        this.current = new FeedRecord[n];
        this.cursor = n;
    }

    /**
     * A generator for {@code spec.kind()}.
     *
     * @param faultListener told of every fault as it starts (for the labels file); may be null
     */
    public static SyntheticGenerator create(SyntheticSpec spec, Consumer<FaultLabel> faultListener) {
        return switch (spec.kind()) {
            case SENSOR -> new SensorGenerator(spec, faultListener);
            case MARKET -> new MarketGenerator(spec, faultListener);
        };
    }

    /** Always true: the stream is endless. */
    @Override
    public final boolean hasNext() {
        return true;
    }

    @Override
    public final FeedRecord next() {
        if (cursor == n) {
            computeStep(stepIndex, spec.start().toEpochMilli() + stepIndex * stepMillis, current);
            stepIndex++;
            cursor = 0;
        }
        return current[cursor++];
    }

    /** Id of series {@code i}. */
    public final String seriesId(int i) {
        return seriesIds[i];
    }

    /** Group id of series {@code i}, or null. */
    public final String groupId(int i) {
        return groupIds[i];
    }

    /** Whether faults are injected at all. */
    protected final boolean faultsEnabled() {
        return spec.faultEvery() > 0;
    }

    /**
     * Fills {@code out[i]} with the record of series {@code i} at step {@code k}.
     *
     * @param k step index from 0
     * @param timeMillis event time of the step
     * @param out one slot per series, overwritten
     */
    protected abstract void computeStep(long k, long timeMillis, FeedRecord[] out);

    protected final FeedRecord record(int i, long timeMillis, double value, Map<String, String> labels) {
        return new FeedRecord(seriesIds[i], groupIds[i], timeMillis, value, labels);
    }

    /** Tells the listener about a fault of series {@code i} covering {@code [startMillis, endMillis)}. */
    protected final void announce(int i, FaultKind kind, long startMillis, long endMillis, double magnitude) {
        faultListener.accept(new FaultLabel(seriesIds[i], groupIds[i], kind, Instant.ofEpochMilli(startMillis),
                Instant.ofEpochMilli(endMillis), magnitude));
    }

    /** An exponential draw with mean {@code mean}, from the fault stream. */
    protected final double exponential(double mean) {
        return -Math.log(1.0 - faults.nextDouble()) * mean;
    }

    /** A uniform draw in {@code [lo, hi)} from {@code rng}. */
    protected static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** SplitMix64 finaliser of {@code seed + stream * golden ratio}: independent seeds for the three streams. */
    static long mix(long seed, int stream) {
        long z = seed + stream * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
