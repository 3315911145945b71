/**
 * The dashboard's files (page, script, style, and the ECharts library from its webjar), served from the jar.
 */
package dev.augur.alerting.dashboard;
