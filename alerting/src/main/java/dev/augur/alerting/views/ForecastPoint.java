package dev.augur.alerting.views;

import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import java.util.ArrayList;
import java.util.List;

/**
 * A forecast for one target time reduced to what the chart draws: the mean and the 80% and 90% central bands
 * (quantiles 0.1/0.9 and 0.05/0.95). A quantile the forecast does not carry is null.
 *
 * @param t target time, epoch ms
 * @param mean predictive mean
 * @param q05 5% quantile
 * @param q10 10% quantile
 * @param q90 90% quantile
 * @param q95 95% quantile
 */
public record ForecastPoint(long t, double mean, Double q05, Double q10, Double q90, Double q95) {
    private static final double LEVEL_TOLERANCE = 1e-9;

    /** Every step of {@code f}, in horizon order. */
    public static List<ForecastPoint> steps(Forecast f) {
        int i05 = indexOf(f.getLevels(), 0.05);
        int i10 = indexOf(f.getLevels(), 0.10);
        int i90 = indexOf(f.getLevels(), 0.90);
        int i95 = indexOf(f.getLevels(), 0.95);
        List<ForecastPoint> out = new ArrayList<>(f.getSteps().size());
        for (ForecastStep s : f.getSteps()) {
            List<Double> q = s.getQuantiles();
            out.add(new ForecastPoint(s.getTargetTime().toEpochMilli(), s.getMean(), at(q, i05), at(q, i10),
                    at(q, i90), at(q, i95)));
        }
        return out;
    }

    private static int indexOf(List<Double> levels, double level) {
        for (int i = 0; i < levels.size(); i++) {
            if (Math.abs(levels.get(i) - level) < LEVEL_TOLERANCE) {
                return i;
            }
        }
        return -1;
    }

    private static Double at(List<Double> q, int i) {
        if (i < 0 || i >= q.size()) {
            return null;
        }
        double v = q.get(i);
        return Double.isFinite(v) ? v : null;
    }
}
