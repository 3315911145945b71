/**
 * What the dashboard and the REST endpoints show: processors that keep recent observations, scores, forecasts and
 * alerts in stores, and the listener that live updates and notifications hang off.
 */
package dev.augur.alerting.views;
