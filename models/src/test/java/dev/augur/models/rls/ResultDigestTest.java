package dev.augur.models.rls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.MultivariatePredictive;
import dev.augur.models.Predictive;
import dev.augur.models.ar.ArConfig;
import dev.augur.models.ar.ArState;
import dev.augur.models.ar.RlsAr;
import dev.augur.models.var.RlsVar;
import dev.augur.models.var.VarConfig;
import dev.augur.models.var.VarState;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact numbers of the RLS models: a SHA-256 over every forecast (means, variances, dof) and every state
 * after every learn, in scripted runs where one model object serves several interleaved states in random order
 * (forecast then learn, learn then forecast, learn alone, horizons 1 and 7, copies that replace a state), through
 * constant stretches (the ridge start, wind-up pauses) and jumps of many orders of magnitude (covariance resets).
 * A speed-up that moves one bit anywhere fails here. The digests were recorded from the code before the fused
 * steps (session 4 of docs/benchmarks/models.md); Java's floating point is strict since 17, so they hold on any JVM.
 */
class ResultDigestTest {
    private static final String AR_DIGEST = "aa0fac2f2f4ba267ccb1ee858a249b601d69568b3237f1d0b305e76c36cbe5fb";
    private static final String VAR_DIGEST = "858b4527e01cab3fca8b8a084d620534a221b871530d35fe9e10b06e23cd18d2";

    @Test
    void arNumbersAreUnchanged() {
        Digest d = new Digest();
        for (int order : new int[] {1, 3, 8, 16}) {
            for (double lambda : new double[] {1.0, 0.999, 0.95}) {
                for (ArConfig.Intervals mode : ArConfig.Intervals.values()) {
                    runAr(new ArConfig(order, lambda, 1e4, mode), 40L * order + (long) (lambda * 1000), d);
                }
            }
        }
        assertEquals(AR_DIGEST, d.hex());
    }

    @Test
    void varNumbersAreUnchanged() {
        Digest d = new Digest();
        int[][] shapes = {{1, 1}, {2, 3}, {7, 4}};
        for (int[] shape : shapes) {
            for (double lambda : new double[] {1.0, 0.999, 0.95}) {
                runVar(new VarConfig(shape[0], shape[1], lambda, 1e4), 17L * shape[0] + shape[1], d);
            }
        }
        assertEquals(VAR_DIGEST, d.hex());
    }

    private static void runAr(ArConfig config, long seed, Digest d) {
        RlsAr model = new RlsAr(config);
        ArState[] states = {model.newState(), model.newState(), model.newState()};
        Predictive one = new Predictive(1);
        Predictive seven = new Predictive(7);
        SplittableRandom rng = new SplittableRandom(seed);
        long[] t = new long[states.length];
        int resets = 0;
        for (int step = 0; step < 4200; step++) {
            int k = rng.nextInt(states.length);
            ArState s = states[k];
            double y = value(k, 0, t[k]++, rng);
            int action = rng.nextInt(10);
            if (action < 4) {
                model.forecast(s, one);
                d.add(one);
                model.learn(s, y);
            } else if (action < 7) {
                model.learn(s, y);
                model.forecast(s, one);
                d.add(one);
            } else if (action == 7) {
                model.learn(s, y);
                model.forecast(s, seven);
                d.add(seven);
            } else if (action == 8) {
                model.forecast(s, seven);
                d.add(seven);
                model.learn(s, y);
            } else {
                model.learn(s, y);
                states[k] = model.copy(s);
                if (states[k].solved && rng.nextInt(40) == 0) {
                    corrupt(states[k].ud, config.order() + 1, states[k].theta, rng.nextInt(3));
                    resets++;
                }
            }
            d.add(states[k]);
        }
        assertTrue(resets > 0 && states[0].resets + states[1].resets + states[2].resets > 0, "the run needs recoveries");
    }

    private static void runVar(VarConfig config, long seed, Digest d) {
        RlsVar model = new RlsVar(config);
        int dim = config.dimension();
        VarState[] states = {model.newState(), model.newState()};
        MultivariatePredictive one = new MultivariatePredictive(dim, 1);
        MultivariatePredictive five = new MultivariatePredictive(dim, 5);
        SplittableRandom rng = new SplittableRandom(seed);
        long[] t = new long[states.length];
        double[] y = new double[dim];
        int resets = 0;
        for (int step = 0; step < 2800; step++) {
            int k = rng.nextInt(states.length);
            VarState s = states[k];
            for (int j = 0; j < dim; j++) {
                y[j] = value(k, j, t[k], rng) * (1 + 0.1 * j);
            }
            t[k]++;
            int action = rng.nextInt(10);
            if (action < 4) {
                model.forecast(s, one);
                d.add(one);
                model.learn(s, y);
            } else if (action < 7) {
                model.learn(s, y);
                model.forecast(s, one);
                d.add(one);
            } else if (action == 7) {
                model.learn(s, y);
                model.forecast(s, five);
                d.add(five);
            } else if (action == 8) {
                model.forecast(s, five);
                d.add(five);
                model.learn(s, y);
            } else {
                model.learn(s, y);
                states[k] = model.copy(s);
                if (states[k].solved && rng.nextInt(40) == 0) {
                    corrupt(states[k].ud, config.regressors(), states[k].coef, rng.nextInt(3));
                    resets++;
                }
            }
            d.add(states[k]);
        }
        assertTrue(resets > 0 && states[0].resets + states[1].resets > 0, "the run needs recoveries");
    }

    /**
     * Noise around a level, with a long constant stretch (long enough to pause forgetting at lambda = 0.95) and scale
     * jumps, on a clock shifted per state.
     */
    private static double value(int state, int series, long t, SplittableRandom rng) {
        long phase = (t + 331L * state) % 1400;
        if (phase >= 300 && phase < 900) {
            return 3.0 + series;
        }
        double scale = phase >= 1300 ? 1e9 : phase >= 1200 ? 1e-6 : 1.0;
        return scale * (rng.nextDouble() - 0.5) + 10 * series;
    }

    /** A copy of the state with its factors or coefficients broken, as a bad restore would leave them. */
    private static void corrupt(double[] ud, int m, double[] coef, int kind) {
        if (kind == 0) {
            RecursiveLeastSquares.setScaledIdentity(ud, 0, m, -1.0);
        } else if (kind == 1) {
            ud[(m - 1) * m + m - 1] = Double.NaN;
        } else {
            coef[coef.length - 1] = Double.POSITIVE_INFINITY;
        }
    }

    private static final class Digest {
        private final MessageDigest sha;
        private final ByteBuffer buf = ByteBuffer.allocate(8);

        Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(double v) {
            buf.clear();
            buf.putLong(Double.doubleToRawLongBits(v));
            sha.update(buf.array());
        }

        void add(long v) {
            buf.clear();
            buf.putLong(v);
            sha.update(buf.array());
        }

        void add(double[] a) {
            if (a == null) {
                add(-1L);
                return;
            }
            add(a.length);
            for (double v : a) {
                add(v);
            }
        }

        void add(Predictive p) {
            for (int h = 1; h <= p.horizon(); h++) {
                add(p.mean(h));
                add(p.variance(h));
            }
            add(p.dof());
        }

        void add(MultivariatePredictive p) {
            int k = p.dimension();
            for (int h = 1; h <= p.horizon(); h++) {
                for (int i = 0; i < k; i++) {
                    add(p.mean(h, i));
                    for (int j = 0; j < k; j++) {
                        add(p.covariance(h, i, j));
                    }
                }
            }
            add(p.dof());
        }

        void add(ArState s) {
            add(s.theta);
            add(s.ud);
            add(s.lags);
            add(s.xy);
            add(s.n);
            add(s.ssr);
            add(s.weight);
            add(s.solved ? 1 : 0);
            add(s.resetDiagonal);
            add(s.resets);
        }

        void add(VarState s) {
            add(s.coef);
            add(s.ud);
            add(s.lags);
            add(s.xy);
            add(s.ssr);
            add(s.n);
            add(s.weight);
            add(s.solved ? 1 : 0);
            add(s.resetDiagonal);
            add(s.resets);
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
