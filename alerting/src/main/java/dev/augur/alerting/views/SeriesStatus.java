package dev.augur.alerting.views;

/**
 * Plain data: what the dashboard shows about one series in its list, and the write positions of the series' rings
 * of recent points ({@link SeriesRing}). Times are event time, epoch ms; {@code -1} or NaN where nothing was seen.
 */
public final class SeriesStatus {
    public String series;
    public String group;
    /** Observations seen (also the next observation ring position). */
    public long observations;
    public long lastObservationTime = -1;
    public double lastValue = Double.NaN;
    /** Scores seen (also the next score ring position). */
    public long scores;
    public long lastScoreTime = -1;
    public double lastScore = Double.NaN;
    public boolean warmingUp;
    /** Forecasts seen (also the next forecast-history ring position). */
    public long forecasts;
    public long lastForecastOrigin = -1;

    public SeriesStatus() {
    }

    public SeriesStatus(String series) {
        this.series = series;
    }
}
