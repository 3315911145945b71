/**
 * The HTTP server: dashboard files, REST endpoints, server-sent live events, Prometheus metrics, the optional
 * bearer token.
 */
package dev.augur.alerting.http;
