package dev.augur.alerting.views;

/**
 * One observation of a series, as kept for the chart.
 *
 * @param t event time, epoch ms
 * @param v observed value
 */
public record ObservationPoint(long t, double v) {
}
