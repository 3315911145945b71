/**
 * Interactive queries over the topology's stores: the answers behind the REST endpoints.
 */
package dev.augur.alerting.queries;
