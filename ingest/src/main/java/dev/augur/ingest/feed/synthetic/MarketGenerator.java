package dev.augur.ingest.feed.synthetic;

import dev.augur.ingest.feed.FeedRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Price-like series (instruments; a group is a market or sector). For series {@code i} in group {@code g} at step
 * {@code k}:
 *
 * <pre>
 * eps_i(k)   = sqrt(rho) z_g(k) + sqrt(1 - rho) z_i(k),                     rho = 0.4
 * r_i(k)     = sqrt(h_i(k)) eps_i(k)
 * h_i(k+1)   = omega_i + alpha h_i(k) eps_i(k)^2 + beta h_i(k),              alpha = 0.08, beta = 0.90
 * log p_i(k) = log p_i(k-1) + r_i(k) + J_i(k)
 * </pre>
 *
 * a GARCH(1,1) random walk of the log price (Bollerslev 1986) with volatility clustering, where
 * {@code omega_i = sbar_i^2 (1 - alpha - beta)} so the unconditional per-step volatility is {@code sbar_i}
 * ({@code sbar_i} in [0.0005, 0.0015) times sqrt(step in minutes)). The jump {@code J_i(k)} is non-zero with
 * probability {@code 1 / faultEvery} per step (the discrete-time Poisson process), of size &plusmn;[6, 12)
 * {@code sbar_i}; it does not enter the variance recursion, so the paths with and without jumps differ in log price
 * by exactly the sum of the jumps so far. Each jump is a labelled fault {@code fault=jump} on its step.
 *
 * <p>The value is the price {@code p_i(k)} (start in [20, 200)); every record has the label {@code volume}: an
 * integer {@code V_i exp(0.25 w) (1 + |r + J| / sbar_i)} with {@code V_i} in [1000, 10000) and {@code w} standard
 * normal, so volume rises with the size of the move.
 */
final class MarketGenerator extends SyntheticGenerator {
    static final double RHO = 0.4;
    static final double ALPHA = 0.08;
    static final double BETA = 0.90;

    private final double[] logPrice;
    private final double[] variance;
    private final double[] omega;
    private final double[] sigmaBar;
    private final double[] baseVolume;
    private final double[] groupShock;
    private final double jumpProbability;

    MarketGenerator(SyntheticSpec spec, Consumer<FaultLabel> faultListener) {
        super(spec, faultListener);
        logPrice = new double[n];
        variance = new double[n];
        omega = new double[n];
        sigmaBar = new double[n];
        baseVolume = new double[n];
        groupShock = new double[Math.max(spec.groups(), 1)];
        double stepMinutes = spec.step().toMillis() / 60_000.0;
        for (int i = 0; i < n; i++) {
            logPrice[i] = Math.log(20) + params.nextDouble() * Math.log(10);
            sigmaBar[i] = uniform(params, 0.0005, 0.0015) * Math.sqrt(stepMinutes);
            variance[i] = sigmaBar[i] * sigmaBar[i];
            omega[i] = variance[i] * (1 - ALPHA - BETA);
            baseVolume[i] = uniform(params, 1000, 10000);
        }
        jumpProbability = faultsEnabled() ? 1.0 / spec.faultEvery() : 0.0;
    }

    /** Unconditional per-step volatility of series {@code i} (the unit of jump sizes). */
    double sigmaBar(int i) {
        return sigmaBar[i];
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
        for (int i = 0; i < n; i++) {
            double z = noise.nextGaussian();
            double w = noise.nextGaussian();
            double eps = grouped ? a * groupShock[groupIndex[i]] + b * z : z;
            double r = Math.sqrt(variance[i]) * eps;
            variance[i] = omega[i] + ALPHA * variance[i] * eps * eps + BETA * variance[i];
            double jump = 0;
            if (faultsEnabled() && faults.nextDouble() < jumpProbability) {
                double sign = faults.nextBoolean() ? 1 : -1;
                jump = sign * uniform(faults, 6, 12) * sigmaBar[i];
                announce(i, FaultKind.JUMP, t, t + stepMillis, jump);
            }
            logPrice[i] += r + jump;
            long volume = Math.round(baseVolume[i] * Math.exp(0.25 * w) * (1 + Math.abs(r + jump) / sigmaBar[i]));
            Map<String, String> labels = new HashMap<>(4);
            labels.put("volume", Long.toString(volume));
            if (jump != 0) {
                labels.put("fault", FaultKind.JUMP.label());
            }
            out[i] = record(i, t, Math.exp(logPrice[i]), labels);
        }
    }
}
