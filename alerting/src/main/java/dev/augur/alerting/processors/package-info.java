/**
 * Kafka Streams processors that run the rules: load a subject's rule state, call the evaluator, store the state,
 * forward the alert events.
 */
package dev.augur.alerting.processors;
