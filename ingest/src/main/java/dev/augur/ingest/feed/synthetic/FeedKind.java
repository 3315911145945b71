package dev.augur.ingest.feed.synthetic;

/** What a synthetic feed simulates. */
public enum FeedKind {
    /** Sensor readings: seasonality, AR(2) noise, correlated within a group; spikes, shifts, drifts, stuck values. */
    SENSOR,
    /** Prices: log-price random walk with GARCH(1,1) volatility and Poisson jumps; a volume label. */
    MARKET
}
