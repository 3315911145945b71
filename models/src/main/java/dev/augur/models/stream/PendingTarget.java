package dev.augur.models.stream;

import java.util.Arrays;

/**
 * Everything the combine stage holds for one target time of one series: the candidate forecasts made for it (one
 * entry per model and horizon) and the calibrated intervals that were issued for it (one entry per horizon), kept
 * until the observation for that time arrives and they can be scored. Plain growable primitive arrays (a Flink POJO).
 */
public class PendingTarget {
    public int n;
    public int[] model = new int[0];
    public int[] horizon = new int[0];
    public long[] origin = new long[0];
    public double[] mean = new double[0];
    public double[] variance = new double[0];
    public double[] dof = new double[0];

    /** Issued ensemble intervals: count, horizon of each, and per level slot the bounds (row-major issued x slots). */
    public int issued;
    public int[] issuedHorizon = new int[0];
    public double[] issuedLower = new double[0];
    public double[] issuedUpper = new double[0];
    /** Per issued entry: the spread multiplier that calibration applied at the anomaly level. */
    public double[] issuedInflation = new double[0];

    public PendingTarget() {
    }

    public void addCandidate(int m, int h, long originTime, double mu, double var, double nu) {
        if (n == model.length) {
            int cap = Math.max(4, n * 2);
            model = Arrays.copyOf(model, cap);
            horizon = Arrays.copyOf(horizon, cap);
            origin = Arrays.copyOf(origin, cap);
            mean = Arrays.copyOf(mean, cap);
            variance = Arrays.copyOf(variance, cap);
            dof = Arrays.copyOf(dof, cap);
        }
        model[n] = m;
        horizon[n] = h;
        origin[n] = originTime;
        mean[n] = mu;
        variance[n] = var;
        dof[n] = nu;
        n++;
    }

    /** Records the interval issued at horizon h: bounds per level slot and the anomaly-level inflation. */
    public void addIssued(int h, double[] lower, double[] upper, double inflation) {
        int slots = lower.length;
        if (issued == issuedHorizon.length) {
            int cap = Math.max(2, issued * 2);
            issuedHorizon = Arrays.copyOf(issuedHorizon, cap);
            issuedLower = Arrays.copyOf(issuedLower, cap * slots);
            issuedUpper = Arrays.copyOf(issuedUpper, cap * slots);
            issuedInflation = Arrays.copyOf(issuedInflation, cap);
        }
        issuedHorizon[issued] = h;
        System.arraycopy(lower, 0, issuedLower, issued * slots, slots);
        System.arraycopy(upper, 0, issuedUpper, issued * slots, slots);
        issuedInflation[issued] = inflation;
        issued++;
    }
}
