package dev.augur.models.eval;

import dev.augur.models.MultivariatePredictive;
import dev.augur.models.ar.RlsAr;
import dev.augur.models.metrics.Crps;
import dev.augur.models.metrics.CrpsSum;
import dev.augur.models.metrics.EnergyScore;
import dev.augur.models.stream.EnsembleProcessor;
import dev.augur.models.stream.StageRecord;
import dev.augur.models.var.RlsVar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The group part of {@code eval forecast}: the energy score and CRPS-sum of each model's joint forecast of all k
 * members, per step h, from {@code paths} joint samples per (origin, step). It listens to the same replay as the
 * marginal scoring and scores an origin as soon as every member's ensemble forecast of it is out, so it holds only a
 * few origins at a time.
 *
 * <p>Joint samples at step h (all models share the same standard Normal draws e_p, from one {@link Random} seeded with
 * {@code seed} and consumed in origin order, so a run is deterministic and model differences are not Monte Carlo
 * noise):
 * <ul>
 *   <li>{@code var-rls}: x_p = yhat(h) + L_h e_p, L_h L_h' = Sigma_y(h), the VAR's h-step forecast and MSE matrix at
 *       the origin (Luetkepohl 2005, section 2.2.2; the job's VAR candidate is the marginal of this);
 *   <li>{@code ensemble}, {@code ar-rls}, {@code seasonal-naive} (forecasts of one series each, with no joint
 *       distribution of their own): a Gaussian copula with the correlation matrix of that same Sigma_y(h) over each
 *       member's marginal quantiles at the levels ({@link JointSampler#copula}).
 * </ul>
 * An (origin, step) is scored when the origin row is at or after {@code evalFrom}, every member's AR has finished
 * warming up, every model forecast every member at that step, and every member has a value at the target time.
 * Energy score: {@link EnergyScore#samples}, of the members as they are and of the members each divided by its MASE
 * scale ({@link ForecastEvaluation#maseScale}, the in-sample seasonal naive MAE), so that channels of large units do
 * not dominate it; CRPS-sum: {@link CrpsSum}, per step and over all steps. Not thread-safe.
 */
final class JointEvaluation implements StreamReplay.Listener {
    static final String[] MODELS = {EnsembleProcessor.MODEL, RlsAr.NAME, RlsVar.NAME, ForecastEvaluation.NAIVE};
    private static final int ENS = 0;
    private static final int AR = 1;
    private static final int VAR = 2;
    private static final int NAIVE = 3;
    /** The models with one forecast per series, joined by the copula. */
    private static final int[] PER_SERIES = {ENS, AR};

    /** One model's joint scores per step. */
    static final class Accuracy {
        private final double[] energy;
        private final double[] energyScaled;
        private final long[] n;
        private final CrpsSum[] crpsSum;
        private final double[][] memberCrps;
        private double[] column = new double[0];

        Accuracy(int horizon, int k) {
            memberCrps = new double[k][horizon];
            energy = new double[horizon];
            energyScaled = new double[horizon];
            n = new long[horizon];
            crpsSum = new CrpsSum[horizon];
            for (int h = 0; h < horizon; h++) {
                crpsSum[h] = new CrpsSum();
            }
        }

        /**
         * @param scaled the samples divided by each member's scale, n x k; read only
         * @param yScaled the observations divided by each member's scale; read only
         */
        void add(int h, double[] samples, int paths, int k, double[] y, double[] scaled, double[] yScaled) {
            energy[h - 1] += EnergyScore.samples(samples, paths, k, y);
            energyScaled[h - 1] += EnergyScore.samples(scaled, paths, k, yScaled);
            n[h - 1]++;
            crpsSum[h - 1].add(samples, paths, k, y);
            if (column.length < paths) {
                column = new double[paths];
            }
            for (int i = 0; i < k; i++) {
                for (int p = 0; p < paths; p++) {
                    column[p] = samples[p * k + i];
                }
                memberCrps[i][h - 1] += Crps.samples(column, paths, y[i]);
            }
        }

        /** Mean sample CRPS of member i's marginal (same samples) at step h, 0 for all steps. */
        double memberCrps(int i, int h) {
            double s = 0;
            for (int j = h == 0 ? 0 : h - 1; j < (h == 0 ? n.length : h); j++) {
                s += memberCrps[i][j];
            }
            long c = count(h);
            return c == 0 ? Double.NaN : s / c;
        }

        int members() {
            return memberCrps.length;
        }

        int horizon() {
            return n.length;
        }

        /** (origin, step) pairs scored at step h, 0 for all steps. */
        long count(int h) {
            if (h > 0) {
                return n[h - 1];
            }
            long s = 0;
            for (long v : n) {
                s += v;
            }
            return s;
        }

        /** Mean energy score at step h (0: over all steps). */
        double energyScore(int h) {
            return mean(energy, h);
        }

        /** Mean energy score of the scaled members (each divided by its MASE scale) at step h (0: all steps). */
        double energyScoreScaled(int h) {
            return mean(energyScaled, h);
        }

        private double mean(double[] sums, int h) {
            double s = 0;
            for (int i = h == 0 ? 0 : h - 1; i < (h == 0 ? n.length : h); i++) {
                s += sums[i];
            }
            long c = count(h);
            return c == 0 ? Double.NaN : s / c;
        }

        /** CRPS-sum at step h (0: sum of CRPS over all steps over the sum of |z| over all steps). */
        double crpsSum(int h) {
            if (h > 0) {
                return crpsSum[h - 1].value();
            }
            double c = 0;
            double a = 0;
            for (CrpsSum s : crpsSum) {
                c += s.crpsTotal();
                a += s.absoluteTotal();
            }
            return a > 0 ? c / a : Double.NaN;
        }
    }

    /** Every model's forecasts of one origin, per member. */
    private final class Pending {
        final double[][][] quantiles = new double[MODELS.length][k][];
        final boolean[] arWarm = new boolean[k];
        final double[] varMean = new double[horizon * k];
        final double[] varCov = new double[horizon * k * k];
        boolean varSeen;
        int ensembles;
    }

    private final SeriesTable table;
    private final double[][] y;
    private final double[][] naiveVariance;
    private final int k;
    private final int horizon;
    private final long step;
    private final double[] levels;
    private final int season;
    private final int evalFrom;
    private final int paths;
    private final Map<Long, Integer> rowOf;
    private final StreamReplay replay;
    private final Random random;
    private final TreeMap<Integer, Pending> pending = new TreeMap<>();
    private final Map<String, Accuracy> accuracy = new LinkedHashMap<>();
    private final int[] replayIndexOfVar;
    private MultivariatePredictive predictive;
    private final double[] e;
    private final double[] u;
    private final double[] samples;
    private final double[] scaledSamples;
    private final double[] scaledObs;
    private final double[] scale;
    private final double[] obs;
    private final double[] cov;
    private final double[] corr;
    private final double[] chol;
    private final double[] cholCorr;
    private final double[] mean;
    private final double[] marginals;
    private final double[] standard;
    private final double[] naiveScratch;

    /**
     * @param columns the members' columns in {@code table}, in the replay's member order
     * @param rowOf row index of each time in {@code table}
     * @param replay the replay this listens to (its VAR state is read at each VAR candidate)
     */
    JointEvaluation(SeriesTable table, int[] columns, long step, EvalSettings s, int season, int evalFrom, int paths,
            long seed, Map<Long, Integer> rowOf, StreamReplay replay) {
        if (paths < 2) {
            throw new IllegalArgumentException("expected at least 2 sample paths but found " + paths);
        }
        this.table = table;
        this.k = columns.length;
        this.horizon = s.horizon();
        this.step = step;
        this.levels = s.levels();
        this.season = season;
        this.evalFrom = evalFrom;
        this.paths = paths;
        this.rowOf = rowOf;
        this.replay = replay;
        this.random = new Random(seed);
        y = new double[k][];
        naiveVariance = new double[k][];
        for (int i = 0; i < k; i++) {
            y[i] = table.column(columns[i]);
            naiveVariance[i] = ForecastEvaluation.seasonalVariance(y[i], season);
        }
        for (String m : MODELS) {
            accuracy.put(m, new Accuracy(horizon, k));
        }
        replayIndexOfVar = new int[k];
        e = new double[paths * k];
        u = new double[paths * k];
        samples = new double[paths * k];
        scaledSamples = new double[paths * k];
        scaledObs = new double[k];
        scale = new double[k];
        for (int i = 0; i < k; i++) {
            double m = ForecastEvaluation.maseScale(y[i], season, evalFrom);
            scale[i] = m > 0 && Double.isFinite(m) ? m : 1.0; // a constant member keeps its units
        }
        obs = new double[k];
        cov = new double[k * k];
        corr = new double[k * k];
        chol = new double[k * k];
        cholCorr = new double[k * k];
        mean = new double[k];
        marginals = new double[k * levels.length];
        standard = new double[levels.length];
        naiveScratch = new double[levels.length];
    }

    /** Per model (in {@link #MODELS} order) its joint scores. */
    Map<String, Accuracy> accuracy() {
        return accuracy;
    }

    @Override
    public void candidate(int member, StageRecord r) {
        Integer o = rowOf.get(r.time);
        if (o == null) {
            return;
        }
        Pending p = pending.computeIfAbsent(o, x -> new Pending());
        if (r.model.equals(RlsAr.NAME)) {
            p.arWarm[member] = !r.warmingUp;
            p.quantiles[AR][member] = studentT(r);
        } else if (r.model.equals(RlsVar.NAME) && !p.varSeen) {
            varForecast(p);
        }
    }

    @Override
    public void ensemble(int member, EnsembleProcessor.Ensemble en) {
        Integer o = rowOf.get(en.origin);
        if (o == null) {
            return;
        }
        Pending p = pending.get(o);
        if (p == null) {
            return;
        }
        int nl = levels.length;
        double[] q = new double[horizon * nl];
        java.util.Arrays.fill(q, Double.NaN);
        for (int i = 0; i < en.steps; i++) {
            System.arraycopy(en.quantiles[i], 0, q, (en.horizon[i] - 1) * nl, nl);
        }
        p.quantiles[ENS][member] = q;
        if (++p.ensembles == k) {
            score(o, p);
            // the combines act on times in order, all members per bucket: an earlier origin still incomplete never
            // completes
            pending.headMap(o, true).clear();
        }
    }

    private double[] studentT(StageRecord r) {
        int nl = levels.length;
        double[] q = new double[horizon * nl];
        java.util.Arrays.fill(q, Double.NaN);
        ForecastStore.standardQuantiles(r.dof, levels, standard);
        for (int h = 1; h <= Math.min(horizon, r.means.length); h++) {
            ForecastStore.studentTQuantiles(r.means[h - 1], r.variances[h - 1], r.dof, standard, q, (h - 1) * nl);
        }
        return q;
    }

    /** The VAR's joint forecast from the state that made this candidate, in the replay's member order. */
    private void varForecast(Pending p) {
        RlsVar model = replay.varModel();
        String[] varMembers = replay.groupState().members;
        String[] members = replay.members();
        for (int j = 0; j < k; j++) {
            replayIndexOfVar[j] = java.util.Arrays.asList(members).indexOf(varMembers[j]);
        }
        if (predictive == null) {
            predictive = new MultivariatePredictive(k, horizon);
        }
        model.forecast(replay.groupState().var, predictive);
        for (int h = 1; h <= horizon; h++) {
            for (int a = 0; a < k; a++) {
                int ra = replayIndexOfVar[a];
                p.varMean[(h - 1) * k + ra] = predictive.mean(h, a);
                for (int b = 0; b < k; b++) {
                    p.varCov[((h - 1) * k + ra) * k + replayIndexOfVar[b]] = predictive.covariance(h, a, b);
                }
            }
        }
        p.varSeen = true;
    }

    private void score(int o, Pending p) {
        if (o < evalFrom || !p.varSeen) {
            return;
        }
        for (int i = 0; i < k; i++) {
            if (!p.arWarm[i] || p.quantiles[AR][i] == null) {
                return;
            }
        }
        int nl = levels.length;
        for (int h = 1; h <= horizon; h++) {
            Integer target = rowOf.get(table.time(o) + h * step);
            if (target == null || !ready(p, o, h, target)) {
                continue;
            }
            for (int i = 0; i < paths * k; i++) {
                e[i] = random.nextGaussian();
            }
            System.arraycopy(p.varCov, (h - 1) * k * k, cov, 0, k * k);
            System.arraycopy(p.varMean, (h - 1) * k, mean, 0, k);
            JointSampler.factor(cov, k, chol);
            JointSampler.correlation(cov, k, corr);
            JointSampler.factor(corr, k, cholCorr);
            JointSampler.gaussian(mean, chol, e, paths, k, samples);
            JointSampler.uniforms(cholCorr, e, paths, k, u);
            add(VAR, h);
            for (int m : PER_SERIES) {
                for (int i = 0; i < k; i++) {
                    System.arraycopy(p.quantiles[m][i], (h - 1) * nl, marginals, i * nl, nl);
                }
                JointSampler.copula(levels, marginals, u, paths, k, samples);
                add(m, h);
            }
            for (int i = 0; i < k; i++) {
                ForecastEvaluation.seasonalNaive(y[i], naiveVariance[i], season, o, h, levels, marginals, i * nl);
            }
            JointSampler.copula(levels, marginals, u, paths, k, samples);
            add(NAIVE, h);
        }
    }

    /** Scores {@link #samples} against {@link #obs} for model m at step h, raw and scaled. */
    private void add(int m, int h) {
        for (int p = 0; p < paths; p++) {
            for (int i = 0; i < k; i++) {
                scaledSamples[p * k + i] = samples[p * k + i] / scale[i];
            }
        }
        for (int i = 0; i < k; i++) {
            scaledObs[i] = obs[i] / scale[i];
        }
        accuracy.get(MODELS[m]).add(h, samples, paths, k, obs, scaledSamples, scaledObs);
    }

    /** Fills {@link #obs}; true when every member has a value at the target and every model a forecast of step h. */
    private boolean ready(Pending p, int o, int h, int target) {
        int nl = levels.length;
        for (int i = 0; i < k; i++) {
            obs[i] = y[i][target];
            if (!Double.isFinite(obs[i])) {
                return false;
            }
            for (int m : PER_SERIES) {
                double[] q = p.quantiles[m][i];
                if (q == null || Double.isNaN(q[(h - 1) * nl])) {
                    return false;
                }
            }
            if (Double.isNaN(ForecastEvaluation.seasonalNaive(y[i], naiveVariance[i], season, o, h, levels,
                    naiveScratch, 0))) {
                return false;
            }
        }
        return true;
    }
}
