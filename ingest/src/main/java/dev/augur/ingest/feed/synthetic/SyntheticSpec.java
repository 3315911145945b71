package dev.augur.ingest.feed.synthetic;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What a {@link SyntheticGenerator} produces.
 *
 * @param kind sensor or market
 * @param seriesCount number of series, in [1, 100000]; series {@code i} is {@code <seriesPrefix><i>}
 * @param groups number of groups, in [0, seriesCount]; series {@code i} belongs to group {@code i % groups}, named
 *     {@code <seriesPrefix>group-<g>}; 0 means no groups (and no correlation between series)
 * @param step event-time spacing of the points of each series, at least 1 ms
 * @param start event time of the first point
 * @param seed seeds every random draw: the same spec gives the same records
 * @param faultEvery mean number of steps between two faults of one series (sensor: gap after a fault ends, the
 *     first fault comes after about this many steps; market: 1 / jump probability per step); 0 for no faults
 * @param seriesPrefix prefix of series and group ids
 */
public record SyntheticSpec(FeedKind kind, int seriesCount, int groups, Duration step, Instant start, long seed,
        double faultEvery, String seriesPrefix) {
    public SyntheticSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(seriesPrefix, "seriesPrefix");
        if (seriesCount < 1 || seriesCount > 100_000) {
            throw new IllegalArgumentException("series count must be in [1, 100000] but was " + seriesCount);
        }
        if (groups < 0 || groups > seriesCount) {
            throw new IllegalArgumentException("groups must be in [0, " + seriesCount + "] but was " + groups);
        }
        if (step.toMillis() < 1) {
            throw new IllegalArgumentException("step must be at least 1 ms but was " + step);
        }
        if (!(faultEvery == 0 || faultEvery >= 1) || !Double.isFinite(faultEvery)) {
            throw new IllegalArgumentException("faultEvery must be 0 or at least 1 step but was " + faultEvery);
        }
    }

    /** 8 series in 2 groups, one point a minute from 2024-01-01T00:00:00Z, seed 42, a fault every ~720 steps. */
    public static SyntheticSpec defaults(FeedKind kind) {
        return new SyntheticSpec(kind, 8, 2, Duration.ofMinutes(1), Instant.parse("2024-01-01T00:00:00Z"), 42L,
                720, kind.name().toLowerCase(Locale.ROOT) + "-");
    }

    public SyntheticSpec withSeed(long s) {
        return new SyntheticSpec(kind, seriesCount, groups, step, start, s, faultEvery, seriesPrefix);
    }

    public SyntheticSpec withFaultEvery(double f) {
        return new SyntheticSpec(kind, seriesCount, groups, step, start, seed, f, seriesPrefix);
    }

    public SyntheticSpec withSeries(int count, int groupCount) {
        return new SyntheticSpec(kind, count, groupCount, step, start, seed, faultEvery, seriesPrefix);
    }
}
