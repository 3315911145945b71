/**
 * The ingest app's Prometheus {@code /metrics} endpoint over the Kafka Streams client's metrics (which hold the
 * validation and resampling sensors).
 */
package dev.augur.ingest.metrics;
