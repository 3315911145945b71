package dev.augur.alerting.queries;

import dev.augur.alerting.views.SeriesStatus;
import dev.augur.schemas.records.Severity;

/**
 * One row of the series list: the series' status and the highest severity among the open alerts that concern it
 * (its own, and group incidents that name it).
 *
 * @param status what the views hold about the series
 * @param severity highest open severity, or null when no alert is open
 * @param openAlerts number of open alerts concerning the series
 */
public record SeriesSummary(SeriesStatus status, Severity severity, int openAlerts) {
}
