package dev.augur.models.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.stream.CombineState;
import dev.augur.models.stream.EnsembleProcessor;
import dev.augur.models.stream.SeriesProcessor;
import dev.augur.models.stream.SeriesState;
import dev.augur.models.stream.StageRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamReplayTest {
    private static final long STEP = 60_000;

    private static double[] series(int n, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 10 * Math.sin(2 * Math.PI * i / 24.0) + (i > 0 ? 0.5 * y[i - 1] : 0) + r.nextGaussian();
        }
        return y;
    }

    /** What the job computes for one series, driven by hand in the job's order (the combine acts after apply). */
    @Test
    void replayEqualsTheProcessorsStepByStep() throws Exception {
        EvalSettings s = EvalSettings.defaults();
        double[] y = series(300, 7);
        SeriesProcessor ar = new SeriesProcessor(s.arOrder(), s.arForgetting(), s.horizon(), s.maxImputeGap(), 0);
        EnsembleProcessor ens = new EnsembleProcessor(s.horizon(), s.levels(), s.anomalyLevel(), s.gamma(),
                s.crpsDecay(), s.maxPending());
        SeriesState ss = ar.newState();
        CombineState cs = ens.newState();
        List<double[]> expectedScores = new ArrayList<>();
        List<double[]> expectedEnsembles = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            long t = i * STEP;
            List<StageRecord> records = new ArrayList<>();
            ar.apply(ss, "value", t, y[i], new SeriesProcessor.Output() {
                @Override
                public void arrival(StageRecord r) {
                    records.add(r);
                }

                @Override
                public void candidate(StageRecord r) {
                    records.add(r);
                }

                @Override
                public void diagnosticsDue(SeriesState st, long time) {
                }
            });
            for (StageRecord r : records) {
                if (r.kind == StageRecord.ARRIVAL) {
                    ens.addArrival(cs, r);
                } else {
                    ens.addCandidate(cs, r);
                }
            }
            EnsembleProcessor.ArrivalScore a = ens.score(cs, t);
            expectedScores.add(new double[] {a.score, a.tail, a.expected, a.lower, a.upper});
            ens.retire(cs, t);
            EnsembleProcessor.Ensemble e = ens.ensemble(cs, t);
            if (e != null) {
                expectedEnsembles.add(flatten(e));
            }
        }

        StreamReplay replay = new StreamReplay(s, new String[] {"value"}, null, 0);
        List<double[]> scores = new ArrayList<>();
        List<double[]> ensembles = new ArrayList<>();
        replay.setListener(new StreamReplay.Listener() {
            @Override
            public void arrival(int member, long time, double value, EnsembleProcessor.ArrivalScore a) {
                scores.add(new double[] {a.score, a.tail, a.expected, a.lower, a.upper});
            }

            @Override
            public void ensemble(int member, EnsembleProcessor.Ensemble e) {
                ensembles.add(flatten(e));
            }
        });
        for (int i = 0; i < y.length; i++) {
            replay.row(i * STEP, new double[] {y[i]});
        }
        replay.finish();
        assertEquals(expectedScores.size(), scores.size());
        for (int i = 0; i < scores.size(); i++) {
            assertArrayEquals(expectedScores.get(i), scores.get(i), 0.0, "arrival " + i);
        }
        assertEquals(expectedEnsembles.size(), ensembles.size());
        assertTrue(ensembles.size() > 250);
        for (int i = 0; i < ensembles.size(); i++) {
            assertArrayEquals(expectedEnsembles.get(i), ensembles.get(i), 0.0, "ensemble " + i);
        }
        assertEquals(0, replay.skipped());
        assertEquals(0, replay.restarts());
    }

    @Test
    void rowsNotAfterThePreviousAreSkippedAndCounted() {
        StreamReplay replay = new StreamReplay(EvalSettings.defaults(), new String[] {"value"}, null, 0);
        int[] arrivals = new int[1];
        replay.setListener(new StreamReplay.Listener() {
            @Override
            public void arrival(int member, long time, double value, EnsembleProcessor.ArrivalScore a) {
                arrivals[0]++;
            }
        });
        replay.row(0, new double[] {1});
        replay.row(STEP, new double[] {2});
        replay.row(STEP, new double[] {3});
        replay.row(0, new double[] {4});
        replay.row(2 * STEP, new double[] {Double.NaN});
        replay.finish();
        assertEquals(2, replay.skipped());
        assertEquals(2, arrivals[0]);
    }

    @Test
    void aGroupAddsVarCandidatesAndScoresEveryBucket() {
        int n = 200;
        double[] a = series(n, 1);
        double[] b = series(n, 2);
        StreamReplay replay = new StreamReplay(EvalSettings.defaults(), new String[] {"a", "b"}, "g", STEP);
        Set<String> models = new HashSet<>();
        int[] counts = new int[3];
        replay.setListener(new StreamReplay.Listener() {
            @Override
            public void candidate(int member, StageRecord r) {
                models.add(r.model);
            }

            @Override
            public void arrival(int member, long time, double value, EnsembleProcessor.ArrivalScore s) {
                counts[member]++;
            }

            @Override
            public void groupScore(long bucket, double score, double[] shares) {
                counts[2]++;
                assertEquals(1.0, shares[0] + shares[1], 1e-9);
            }
        });
        for (int i = 0; i < n; i++) {
            replay.row(i * STEP, new double[] {a[i], 0.3 * a[i] + b[i]});
        }
        replay.finish();
        assertEquals(Set.of("ar-rls", "var-rls"), models);
        assertEquals(n, counts[0]);
        assertEquals(n, counts[1]);
        assertTrue(counts[2] > n - 30, "group scores: " + counts[2]);
        assertEquals(Set.of("ar-rls", "var-rls"), Set.of(replay.combineState(0).sortedModels()));
    }

    private static double[] flatten(EnsembleProcessor.Ensemble e) {
        int levels = e.quantiles[0].length;
        double[] out = new double[2 + e.steps * (3 + levels)];
        out[0] = e.origin;
        out[1] = e.stepMillis;
        int k = 2;
        for (int i = 0; i < e.steps; i++) {
            out[k++] = e.horizon[i];
            out[k++] = e.target[i];
            out[k++] = e.mean[i];
            for (int j = 0; j < levels; j++) {
                out[k++] = e.quantiles[i][j];
            }
        }
        return out;
    }
}
