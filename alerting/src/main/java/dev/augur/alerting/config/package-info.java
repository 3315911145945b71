/**
 * Typed, described, validated command-line settings of the alerting app. The same small classes as the ingest app's
 * (the alerting module may not depend on ingest); invalid values fail at start-up naming the key, the allowed range
 * and what was found.
 */
package dev.augur.alerting.config;
