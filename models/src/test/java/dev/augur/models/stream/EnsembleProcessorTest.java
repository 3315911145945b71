package dev.augur.models.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EnsembleProcessor}'s ensemble into a reused object against the one that allocates; forgetting scored
 * intervals against keeping them.
 */
class EnsembleProcessorTest {
    static final int H = 4;
    static final long STEP = 60_000;
    static final double[] LEVELS = {0.05, 0.25, 0.5, 0.75, 0.95};

    /**
     * Two processors fed the same arrivals and candidates (two models, one of them with fewer steps at some origins,
     * so ensembles of different lengths follow each other): the reused ensemble holds, at every origin, exactly what
     * the allocating one returns, and is one object throughout.
     */
    @Test
    void reusedEnsembleEqualsANewOneAtEveryOrigin() {
        EnsembleProcessor a = new EnsembleProcessor(H, LEVELS, 0.99, 0.01, 0.1, 64);
        EnsembleProcessor b = new EnsembleProcessor(H, LEVELS, 0.99, 0.01, 0.1, 64);
        CombineState sa = a.newState();
        CombineState sb = b.newState();
        Random r = new Random(3);
        EnsembleProcessor.Ensemble first = null;
        for (int i = 0; i < 60; i++) {
            long t = i * STEP;
            double y = r.nextGaussian();
            StageRecord arrival = StageRecord.arrival("s", null, t, y, false);
            int steps = i % 3 == 0 ? 2 : H;
            double[] m1 = new double[H];
            double[] v1 = new double[H];
            double[] m2 = new double[steps];
            double[] v2 = new double[steps];
            for (int h = 0; h < H; h++) {
                m1[h] = 0.3 * y;
                v1[h] = 1 + 0.1 * h;
            }
            for (int h = 0; h < steps; h++) {
                m2[h] = 0.5 * y + 0.1 * h;
                v2[h] = 0.8 + 0.2 * h;
            }
            StageRecord c1 = StageRecord.candidate("s", null, t, "ar", "1", STEP, m1, v1, 12, false, 0);
            StageRecord c2 = StageRecord.candidate("s", null, t, "var", "1", STEP, m2, v2,
                    Double.POSITIVE_INFINITY, false, 0);
            for (EnsembleProcessor p : new EnsembleProcessor[] {a, b}) {
                CombineState s = p == a ? sa : sb;
                p.addArrival(s, arrival);
                p.addCandidate(s, c1);
                if (i % 5 != 4) {
                    p.addCandidate(s, c2);
                }
                p.score(s, t);
                p.retire(s, t);
            }
            EnsembleProcessor.Ensemble expected = a.ensemble(sa, t);
            EnsembleProcessor.Ensemble got = b.ensembleReused(sb, t);
            assertNotNull(expected);
            assertNotNull(got);
            if (first == null) {
                first = got;
            }
            assertSame(first, got, "one object reused");
            assertEquals(expected.origin, got.origin);
            assertEquals(expected.stepMillis, got.stepMillis);
            assertEquals(expected.steps, got.steps, "steps at origin " + i);
            for (int k = 0; k < expected.steps; k++) {
                assertEquals(expected.horizon[k], got.horizon[k]);
                assertEquals(expected.target[k], got.target[k]);
                assertEquals(Double.doubleToLongBits(expected.mean[k]), Double.doubleToLongBits(got.mean[k]));
                assertArrayEquals(expected.quantiles[k], got.quantiles[k], 0.0, "quantiles at origin " + i);
            }
        }
        // the states went the same way too (intervals issued, calibration)
        assertArrayEquals(sa.issLower, sb.issLower, 0.0);
        assertArrayEquals(sa.multiplier, sb.multiplier, 0.0);
        assertEquals(Arrays.toString(sa.ringOrigin), Arrays.toString(sb.ringOrigin));
    }

    /**
     * A processor that forgets scored intervals and one that keeps them, fed the same stream (two models, the second
     * one late by two steps at some origins and missing at others): the same scores and ensembles bit for bit, the
     * same calibration; and in the forgetting one every interval whose target is scored (and every freed slot) is
     * zero, while the other still holds them.
     */
    @Test
    void forgettingScoredIntervalsChangesNoOutputAndZeroesThem() {
        EnsembleProcessor keep = new EnsembleProcessor(H, LEVELS, 0.99, 0.01, 0.1, 64);
        EnsembleProcessor forget = new EnsembleProcessor(H, LEVELS, 0.99, 0.01, 0.1, 64);
        forget.forgetScored(true);
        CombineState sk = keep.newState();
        CombineState sf = forget.newState();
        Random r = new Random(11);
        int heldInKeep = 0;
        for (int i = 0; i < 80; i++) {
            long t = i * STEP;
            double y = Math.sin(i / 4.0) + 0.5 * r.nextGaussian();
            double[] m1 = new double[H];
            double[] v1 = new double[H];
            double[] m2 = new double[H];
            double[] v2 = new double[H];
            for (int h = 0; h < H; h++) {
                m1[h] = Math.sin((i + h + 1) / 4.0);
                v1[h] = 0.3 + 0.1 * h;
                m2[h] = 0.8 * Math.sin((i + h + 1) / 4.0) + 0.2 * r.nextGaussian();
                v2[h] = 0.2 + 0.2 * h;
            }
            StageRecord arrival = StageRecord.arrival("s", null, t, y, false);
            StageRecord c1 = StageRecord.candidate("s", null, t, "ar", "1", STEP, m1, v1, 9, false, 0);
            // the second model's candidate of origin i - 2, after origin i - 2's targets began to be scored
            StageRecord c2 = i >= 2 && i % 7 != 3 ? StageRecord.candidate("s", null, t - 2 * STEP, "var", "1", STEP,
                    m2, v2, Double.POSITIVE_INFINITY, false, 0) : null;
            EnsembleProcessor.ArrivalScore[] scores = new EnsembleProcessor.ArrivalScore[2];
            EnsembleProcessor.Ensemble[] ensembles = new EnsembleProcessor.Ensemble[2];
            for (int k = 0; k < 2; k++) {
                EnsembleProcessor p = k == 0 ? keep : forget;
                CombineState s = k == 0 ? sk : sf;
                p.addArrival(s, arrival);
                p.addCandidate(s, c1);
                if (c2 != null) {
                    p.addCandidate(s, c2);
                }
                EnsembleProcessor.ArrivalScore a = p.score(s, t);
                if (a != null) {
                    EnsembleProcessor.ArrivalScore copy = new EnsembleProcessor.ArrivalScore();
                    copy.expected = a.expected;
                    copy.lower = a.lower;
                    copy.upper = a.upper;
                    copy.score = a.score;
                    scores[k] = copy;
                }
                p.retire(s, t);
                ensembles[k] = p.ensemble(s, t);
            }
            assertEquals(Double.doubleToLongBits(scores[0].expected), Double.doubleToLongBits(scores[1].expected));
            assertEquals(Double.doubleToLongBits(scores[0].lower), Double.doubleToLongBits(scores[1].lower));
            assertEquals(Double.doubleToLongBits(scores[0].upper), Double.doubleToLongBits(scores[1].upper));
            assertEquals(Double.doubleToLongBits(scores[0].score), Double.doubleToLongBits(scores[1].score),
                    "score at " + i);
            assertEquals(ensembles[0].steps, ensembles[1].steps);
            for (int k = 0; k < ensembles[0].steps; k++) {
                assertEquals(Double.doubleToLongBits(ensembles[0].mean[k]),
                        Double.doubleToLongBits(ensembles[1].mean[k]));
                assertArrayEquals(ensembles[0].quantiles[k], ensembles[1].quantiles[k], 0.0, "origin " + i);
            }
            // every interval of a target at or before t: zero in the forgetting state
            for (int slot = 0; slot < sf.ringOrigin.length; slot++) {
                for (int h = 1; h <= H; h++) {
                    boolean dead = sf.ringOrigin[slot] == Long.MIN_VALUE || sf.ringOrigin[slot] + h * STEP <= t;
                    if (!dead) {
                        continue;
                    }
                    assertEquals(0, sf.issPresent[slot * H + h - 1], "presence of slot " + slot + " h " + h);
                    assertEquals(0L, Double.doubleToRawLongBits(sf.issInflation[slot * H + h - 1]));
                    for (int l = 0; l < sf.slots; l++) {
                        int b = (slot * H + h - 1) * sf.slots + l;
                        assertEquals(0L, Double.doubleToRawLongBits(sf.issLower[b]), "lower at " + i);
                        assertEquals(0L, Double.doubleToRawLongBits(sf.issUpper[b]), "upper at " + i);
                    }
                }
            }
        }
        assertArrayEquals(sk.multiplier, sf.multiplier, 0.0);
        assertArrayEquals(sk.hits, sf.hits);
        assertArrayEquals(sk.ewCrps, sf.ewCrps, 0.0);
        // the keeping state still holds scored intervals (the check above would fail on it)
        for (int slot = 0; slot < sk.ringOrigin.length; slot++) {
            if (sk.ringOrigin[slot] != Long.MIN_VALUE && sk.issPresent[slot * H] == 1
                    && sk.ringOrigin[slot] + STEP <= 79 * STEP) {
                heldInKeep++;
            }
        }
        assertTrue(heldInKeep > 0, "keeping state holds scored intervals");
    }
}
