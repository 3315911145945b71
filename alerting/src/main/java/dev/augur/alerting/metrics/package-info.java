/**
 * The app's own counters, and the Prometheus text of them after the Kafka Streams metrics (written by
 * {@link dev.augur.schemas.metrics.KafkaMetricsText}).
 */
package dev.augur.alerting.metrics;
