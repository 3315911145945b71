/**
 * The app's own counters, and the Prometheus text format of them and of the Kafka Streams metrics.
 */
package dev.augur.alerting.metrics;
