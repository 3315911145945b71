package dev.augur.ingest.feed.synthetic;

import dev.augur.ingest.feed.FeedRecord;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sensor-like series. For series {@code i} in group {@code g} at step {@code k} with event time {@code t}:
 *
 * <pre>
 * clean_i(t) = L_i + A_i sin(2 pi (t mod day) / day + phi_i) + B_i sin(2 pi (t mod week) / week + psi_i) + e_i(k)
 * e_i(k)     = 0.6 e_i(k-1) + 0.2 e_i(k-2) + c_i (sqrt(rho) z_g(k) + sqrt(1 - rho) z_i(k)),   rho = 0.6
 * </pre>
 *
 * with {@code z} independent standard normal draws, so the AR(2) noise of two series in one group has correlation
 * {@code rho}; {@code c_i} makes the stationary noise standard deviation {@code s_i}. Seasonality is in event time
 * ({@code day} = 86,400,000 ms), so it does not depend on the replay rate. Per-series parameters: level
 * {@code L_i} in [20, 100), noise sd {@code s_i} in [0.5, 2), daily amplitude {@code A_i} in [2, 6) s_i, weekly
 * amplitude {@code B_i} in [1, 3) s_i, phases near a shared group phase.
 *
 * <p>Faults, one at a time per series, at exponential gaps (mean {@code faultEvery} steps, at least 10 steps apart),
 * kind drawn uniformly, sign &plusmn; with equal odds (sizes in units of {@code s_i}):
 * spike (1-3 steps, +-[6, 10)), level shift (30-120 steps, +-[4, 8)), drift (60-240 steps, offset
 * {@code m (k - start + 1) / duration} with {@code m} in +-[5, 10)), stuck (20-90 steps repeating the last value
 * before the fault).
 */
final class SensorGenerator extends SyntheticGenerator {
    static final double PHI1 = 0.6;
    static final double PHI2 = 0.2;
    static final double RHO = 0.6;
    private static final long DAY = 86_400_000L;
    private static final long WEEK = 7 * DAY;
    private static final long MIN_GAP_STEPS = 10;
    private static final FaultKind[] KINDS = {FaultKind.SPIKE, FaultKind.LEVEL_SHIFT, FaultKind.DRIFT,
            FaultKind.STUCK};

    private final double[] level;
    private final double[] noiseSd;
    private final double[] innovationSd;
    private final double[] dailyAmp;
    private final double[] dailyPhase;
    private final double[] weeklyAmp;
    private final double[] weeklyPhase;
    private final double[] e1;
    private final double[] e2;
    private final double[] lastValue;
    private final double[] groupShock;
    private final long[] nextFaultStep;
    private final Fault[] active;

    /** An active fault of one series. */
    private record Fault(FaultKind kind, long startStep, long endStep, double magnitude, double stuckValue,
            Map<String, String> labels) {
        double apply(double clean, long k) {
            return switch (kind) {
                case SPIKE, LEVEL_SHIFT -> clean + magnitude;
                case DRIFT -> clean + magnitude * (k - startStep + 1) / (endStep - startStep);
                case STUCK -> stuckValue;
                case JUMP -> throw new IllegalStateException("jumps are market faults");
            };
        }
    }

    SensorGenerator(SyntheticSpec spec, Consumer<FaultLabel> faultListener) {
        super(spec, faultListener);
        level = new double[n];
        noiseSd = new double[n];
        innovationSd = new double[n];
        dailyAmp = new double[n];
        dailyPhase = new double[n];
        weeklyAmp = new double[n];
        weeklyPhase = new double[n];
        e1 = new double[n];
        e2 = new double[n];
        lastValue = new double[n];
        nextFaultStep = new long[n];
        active = new Fault[n];
        int groups = Math.max(spec.groups(), 1);
        groupShock = new double[groups];
        double[] groupDaily = new double[groups];
        double[] groupWeekly = new double[groups];
        for (int g = 0; g < groups; g++) {
            groupDaily[g] = uniform(params, 0, 2 * Math.PI);
            groupWeekly[g] = uniform(params, 0, 2 * Math.PI);
        }
        // Stationary variance of AR(2) with unit innovations (Box & Jenkins): (1 - phi2) / ((1 + phi2) ((1 - phi2)^2 - phi1^2)).
        double gamma0 = (1 - PHI2) / ((1 + PHI2) * ((1 - PHI2) * (1 - PHI2) - PHI1 * PHI1));
        for (int i = 0; i < n; i++) {
            int g = Math.max(groupIndex[i], 0);
            level[i] = uniform(params, 20, 100);
            noiseSd[i] = uniform(params, 0.5, 2);
            innovationSd[i] = noiseSd[i] / Math.sqrt(gamma0);
            dailyAmp[i] = noiseSd[i] * uniform(params, 2, 6);
            weeklyAmp[i] = noiseSd[i] * uniform(params, 1, 3);
            dailyPhase[i] = groupDaily[g] + uniform(params, -0.3, 0.3);
            weeklyPhase[i] = groupWeekly[g] + uniform(params, -0.3, 0.3);
            if (faultsEnabled()) {
                double half = spec.faultEvery() / 2;
                nextFaultStep[i] = (long) Math.ceil(half + exponential(half));
            } else {
                nextFaultStep[i] = Long.MAX_VALUE;
            }
        }
    }

    /** Stationary noise standard deviation of series {@code i} (the unit of fault sizes). */
    double noiseSd(int i) {
        return noiseSd[i];
    }

    @Override
    protected void computeStep(long k, long t, FeedRecord[] out) {
        boolean grouped = spec.groups() > 0;
        if (grouped) {
            for (int g = 0; g < groupShock.length; g++) {
                groupShock[g] = noise.nextGaussian();
            }
        }
        double a = Math.sqrt(RHO);
        double b = Math.sqrt(1 - RHO);
        double dayAngle = 2 * Math.PI * Math.floorMod(t, DAY) / DAY;
        double weekAngle = 2 * Math.PI * Math.floorMod(t, WEEK) / WEEK;
        for (int i = 0; i < n; i++) {
            double z = noise.nextGaussian();
            double shock = innovationSd[i] * (grouped ? a * groupShock[groupIndex[i]] + b * z : z);
            double e = PHI1 * e1[i] + PHI2 * e2[i] + shock;
            e2[i] = e1[i];
            e1[i] = e;
            double clean = level[i] + dailyAmp[i] * Math.sin(dayAngle + dailyPhase[i])
                    + weeklyAmp[i] * Math.sin(weekAngle + weeklyPhase[i]) + e;
            double value = clean;
            Map<String, String> labels = Map.of();
            if (active[i] == null && k == nextFaultStep[i]) {
                active[i] = startFault(i, k, t);
            }
            Fault f = active[i];
            if (f != null) {
                value = f.apply(clean, k);
                labels = f.labels();
                if (k + 1 >= f.endStep()) {
                    active[i] = null;
                }
            }
            lastValue[i] = value;
            out[i] = record(i, t, value, labels);
        }
    }

    private Fault startFault(int i, long k, long t) {
        FaultKind kind = KINDS[faults.nextInt(KINDS.length)];
        double sign = faults.nextBoolean() ? 1 : -1;
        long duration;
        double magnitude;
        switch (kind) {
            case SPIKE -> {
                duration = 1 + faults.nextInt(3);
                magnitude = sign * uniform(faults, 6, 10) * noiseSd[i];
            }
            case LEVEL_SHIFT -> {
                duration = 30 + faults.nextInt(91);
                magnitude = sign * uniform(faults, 4, 8) * noiseSd[i];
            }
            case DRIFT -> {
                duration = 60 + faults.nextInt(181);
                magnitude = sign * uniform(faults, 5, 10) * noiseSd[i];
            }
            default -> {
                duration = 20 + faults.nextInt(71);
                magnitude = 0;
            }
        }
        long end = k + duration;
        nextFaultStep[i] = end + MIN_GAP_STEPS + (long) Math.ceil(exponential(spec.faultEvery()));
        announce(i, kind, t, t + duration * stepMillis, magnitude);
        return new Fault(kind, k, end, magnitude, lastValue[i], Map.of("fault", kind.label()));
    }
}
