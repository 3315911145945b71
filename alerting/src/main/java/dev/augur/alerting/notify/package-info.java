/**
 * Notifiers fed by committed alert events: log and webhook. None may block a stream thread.
 */
package dev.augur.alerting.notify;
