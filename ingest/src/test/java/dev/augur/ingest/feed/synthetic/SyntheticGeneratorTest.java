package dev.augur.ingest.feed.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.feed.FeedRecord;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticGeneratorTest {
    /** Records of {@code steps} steps and the faults announced while making them. */
    private record Run(List<FeedRecord> records, List<FaultLabel> faults) {
    }

    private static Run run(SyntheticSpec spec, int steps) {
        List<FaultLabel> faults = new ArrayList<>();
        SyntheticGenerator g = SyntheticGenerator.create(spec, faults::add);
        List<FeedRecord> records = new ArrayList<>();
        for (int i = 0; i < steps * spec.seriesCount(); i++) {
            records.add(g.next());
        }
        return new Run(records, faults);
    }

    private static SyntheticSpec sensor() {
        return SyntheticSpec.defaults(FeedKind.SENSOR).withFaultEvery(200);
    }

    private static SyntheticSpec market() {
        return SyntheticSpec.defaults(FeedKind.MARKET).withFaultEvery(300);
    }

    @Test
    void sameSeedSameRecordsAndLabels() {
        for (SyntheticSpec spec : List.of(sensor(), market())) {
            Run a = run(spec, 2000);
            Run b = run(spec, 2000);
            assertEquals(a.records(), b.records(), spec.kind().toString());
            assertEquals(a.faults(), b.faults(), spec.kind().toString());
            assertNotEquals(a.records(), run(spec.withSeed(7), 2000).records());
        }
    }

    @Test
    void recordsAreOrderedBySeriesWithinEachStepAndGrouped() {
        Run r = run(sensor().withSeries(5, 2), 3);
        assertEquals(15, r.records().size());
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 5; i++) {
                FeedRecord rec = r.records().get(k * 5 + i);
                assertEquals("sensor-" + i, rec.series());
                assertEquals("sensor-group-" + (i % 2), rec.group());
                assertEquals(sensor().start().toEpochMilli() + k * 60_000L, rec.eventTimeMillis());
            }
        }
        assertNull(run(sensor().withSeries(3, 0), 1).records().get(0).group());
    }

    @Test
    void labelsMatchTheFlaggedRecords() {
        for (SyntheticSpec spec : List.of(sensor(), market())) {
            Run r = run(spec, 5000);
            assertTrue(r.faults().size() >= 20, spec.kind() + ": " + r.faults().size() + " faults");
            for (FeedRecord rec : r.records()) {
                List<FaultLabel> covering = r.faults().stream()
                        .filter(f -> f.series().equals(rec.series()) && f.covers(rec.eventTimeMillis())).toList();
                assertTrue(covering.size() <= 1, "faults of one series do not overlap");
                if (covering.isEmpty()) {
                    assertFalse(rec.labels().containsKey("fault"), rec.toString());
                } else {
                    assertEquals(covering.get(0).kind().label(), rec.labels().get("fault"), rec.toString());
                    assertEquals(covering.get(0).group(), rec.group());
                }
            }
        }
    }

    @Test
    void sensorFaultsOfEveryKindOccurAndChangeTheSignalByTheirSize() {
        SyntheticSpec spec = sensor();
        int steps = 8000;
        Run faulty = run(spec, steps);
        Run clean = run(spec.withFaultEvery(0), steps);
        assertTrue(clean.faults().isEmpty());
        Set<FaultKind> seen = EnumSet.noneOf(FaultKind.class);
        long stepMillis = spec.step().toMillis();
        long start = spec.start().toEpochMilli();
        int n = spec.seriesCount();
        for (FaultLabel f : faulty.faults()) {
            seen.add(f.kind());
            int i = Integer.parseInt(f.series().substring("sensor-".length()));
            long k0 = (f.start().toEpochMilli() - start) / stepMillis;
            long k1 = Math.min((f.end().toEpochMilli() - start) / stepMillis, steps);
            double sumDiff = 0;
            for (long k = k0; k < k1; k++) {
                double withFault = faulty.records().get((int) (k * n + i)).value();
                double without = clean.records().get((int) (k * n + i)).value();
                double diff = withFault - without;
                switch (f.kind()) {
                    case SPIKE, LEVEL_SHIFT -> assertEquals(f.magnitude(), diff, 1e-9, f.toString());
                    case DRIFT -> assertEquals(f.magnitude() * (k - k0 + 1) / ((f.end().toEpochMilli()
                            - f.start().toEpochMilli()) / stepMillis), diff, 1e-9, f.toString());
                    case STUCK -> assertEquals(faulty.records().get((int) ((k0 - 1) * n + i)).value(), withFault,
                            0.0, "a stuck sensor repeats its last value");
                    default -> throw new AssertionError(f.toString());
                }
                sumDiff += diff;
            }
            if (f.kind() == FaultKind.LEVEL_SHIFT) {
                assertEquals(f.magnitude(), sumDiff / (k1 - k0), 1e-9, "the mean moves by the shift's size");
            }
            if (f.kind() != FaultKind.STUCK) {
                assertTrue(Math.abs(f.magnitude()) >= 4 * 0.5, "faults are at least 4 noise sd: " + f);
            }
            if (k1 < steps) {
                assertEquals(clean.records().get((int) (k1 * n + i)).value(),
                        faulty.records().get((int) (k1 * n + i)).value(), 0.0, "back to normal after " + f);
            }
        }
        assertEquals(EnumSet.of(FaultKind.SPIKE, FaultKind.LEVEL_SHIFT, FaultKind.DRIFT, FaultKind.STUCK), seen);
    }

    @Test
    void marketJumpsMoveTheLogPriceByTheirSize() {
        SyntheticSpec spec = market();
        int steps = 6000;
        Run faulty = run(spec, steps);
        Run clean = run(spec.withFaultEvery(0), steps);
        int n = spec.seriesCount();
        long start = spec.start().toEpochMilli();
        long stepMillis = spec.step().toMillis();
        for (int i = 0; i < n; i++) {
            String series = "market-" + i;
            double cumulative = 0;
            for (int k = 0; k < steps; k++) {
                long t = start + k * stepMillis;
                for (FaultLabel f : faulty.faults()) {
                    if (f.series().equals(series) && f.covers(t)) {
                        assertEquals(FaultKind.JUMP, f.kind());
                        assertEquals(t + stepMillis, f.end().toEpochMilli());
                        cumulative += f.magnitude();
                    }
                }
                double logRatio = Math.log(faulty.records().get(k * n + i).value()
                        / clean.records().get(k * n + i).value());
                assertEquals(cumulative, logRatio, 1e-9, series + " step " + k);
            }
        }
    }

    @Test
    void marketRecordsCarryAPositiveIntegerVolume() {
        for (FeedRecord r : run(market(), 500).records()) {
            long volume = Long.parseLong(r.labels().get("volume"));
            assertTrue(volume > 0, r.toString());
            assertTrue(r.value() > 0 && Double.isFinite(r.value()), r.toString());
        }
    }

    @Test
    void valuesAreFiniteOverALongRun() {
        for (SyntheticSpec spec : List.of(sensor(), market())) {
            SyntheticGenerator g = SyntheticGenerator.create(spec, null);
            for (int i = 0; i < 400_000; i++) {
                assertTrue(Double.isFinite(g.next().value()));
            }
        }
    }

    @Test
    void seriesInOneGroupAreCorrelated() {
        // Market returns: same group corr rho = 0.4, different groups 0.
        SyntheticSpec spec = market().withFaultEvery(0).withSeries(4, 2);
        Run r = run(spec, 20_000);
        double sameGroup = returnCorrelation(r.records(), 4, 0, 2);
        double otherGroup = returnCorrelation(r.records(), 4, 0, 1);
        assertTrue(sameGroup > 0.3 && sameGroup < 0.5, "same group " + sameGroup);
        assertTrue(Math.abs(otherGroup) < 0.05, "other group " + otherGroup);
    }

    private static double returnCorrelation(List<FeedRecord> records, int n, int a, int b) {
        int steps = records.size() / n;
        double[] x = new double[steps - 1];
        double[] y = new double[steps - 1];
        for (int k = 1; k < steps; k++) {
            x[k - 1] = Math.log(records.get(k * n + a).value() / records.get((k - 1) * n + a).value());
            y[k - 1] = Math.log(records.get(k * n + b).value() / records.get((k - 1) * n + b).value());
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void sensorSeasonalityFollowsEventTime() {
        // With hourly steps, the noise-free part repeats every 7 days; the AR noise averages out over many weeks.
        SyntheticSpec spec = new SyntheticSpec(FeedKind.SENSOR, 1, 0, java.time.Duration.ofHours(1),
                sensor().start(), 3, 0, "s-");
        int weeks = 200;
        Run r = run(spec, weeks * 168);
        double[] profile = new double[168];
        for (int k = 0; k < weeks * 168; k++) {
            profile[k % 168] += r.records().get(k).value() / weeks;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : profile) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        SensorGenerator g = (SensorGenerator) SyntheticGenerator.create(spec, null);
        assertTrue(max - min > 2 * g.noiseSd(0), "a visible daily/weekly cycle: range " + (max - min));
    }
}
