/**
 * Per-key stream processing shared by the Flink job and the evaluation harness: the AR stage
 * ({@link dev.augur.models.stream.SeriesProcessor}), the VAR stage ({@link dev.augur.models.stream.GroupProcessor})
 * and the combine-calibrate-score stage ({@link dev.augur.models.stream.EnsembleProcessor}), with their plain,
 * versioned state classes. Everything here is a function of the state and the in-order input: no Flink, no Kafka, no
 * wall clock, so replaying a file through these objects gives exactly what the job gives.
 */
package dev.augur.models.stream;
