/**
 * Kafka client and Kafka Streams metrics written in the Prometheus text exposition format, for the apps' /metrics
 * endpoints. JDK and kafka-clients (provided) only.
 */
package dev.augur.schemas.metrics;
