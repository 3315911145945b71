package dev.augur.ingest.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.records.Observation;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BarTest {
    /** Ticks 10 @ 100 (t=5 s), 12 @ 300 (t=30 s), 11 @ 100 (t=59.999 s), then 14 @ 50 arriving last at t=50 s. */
    private static Bar fourTicks(Aggregation a) {
        Bar bar = new Bar(a, 0L, 60_000L, "ticks.A.1m");
        bar.add(5_000L, 10, 100, "g1");
        bar.add(30_000L, 12, 300, "g1");
        bar.add(59_999L, 11, 100, "g2");
        bar.add(50_000L, 14, 50, "g3");
        return bar;
    }

    @Test
    void eachAggregationByHand() {
        assertEquals(11.0, fourTicks(Aggregation.LAST).value(), "latest event time, not latest arrival");
        assertEquals(47.0 / 4, fourTicks(Aggregation.MEAN).value());
        assertEquals(47.0, fourTicks(Aggregation.SUM).value());
        assertEquals(6400.0 / 550, fourTicks(Aggregation.VWAP).value(), "(1000 + 3600 + 1100 + 700) / 550");
    }

    @Test
    void lastTakesTheLaterArrivalOnATie() {
        Bar bar = new Bar(Aggregation.LAST, 0L, 1000L, "s");
        bar.add(500L, 1, Double.NaN, null);
        bar.add(500L, 2, Double.NaN, null);
        assertEquals(2.0, bar.value());
    }

    @Test
    void observationHasTheBarStartTheGroupOfTheLatestTickAndTheLabels() {
        Observation o = fourTicks(Aggregation.VWAP).toObservation();
        assertEquals("ticks.A.1m", o.getSeries());
        assertEquals("g2", o.getGroup());
        assertEquals(Instant.EPOCH, o.getEventTime());
        assertEquals(Map.of("bar", "PT1M", "ticks", "4", "volume", "550"), o.getLabels());
        Bar day = new Bar(Aggregation.SUM, 0L, 86_400_000L, "d");
        day.add(1L, 1, 0.25, null);
        assertEquals(Map.of("bar", "PT24H", "ticks", "1", "volume", "0.25"), day.toObservation().getLabels());
    }

    @Test
    void overflowGivesANonFiniteValue() {
        Bar bar = new Bar(Aggregation.SUM, 0L, 1000L, "s");
        bar.add(1L, Double.MAX_VALUE, Double.NaN, null);
        bar.add(2L, Double.MAX_VALUE, Double.NaN, null);
        assertEquals(Double.POSITIVE_INFINITY, bar.value());
    }

    @Test
    void volumeLabelMustBeAPositiveFiniteDecimal() {
        assertEquals(1200.0, Volume.of(Map.of("volume", "1200")));
        assertEquals(0.5, Volume.of(Map.of("volume", " 0.5 ")));
        assertEquals(1e3, Volume.of(Map.of("volume", "1e3")));
        for (String bad : new String[] {"", "0", "-1", "NaN", "Infinity", "1e999", "0x10", "1d", "abc", "1,5"}) {
            assertTrue(Double.isNaN(Volume.of(Map.of("volume", bad))), bad);
        }
        assertTrue(Double.isNaN(Volume.of(Map.of())));
        assertEquals("550", Volume.format(550.0));
        assertEquals("0.25", Volume.format(0.25));
    }

    /**
     * Bars stored by this release must restore in later ones: these bytes are version 1 of {@link BarCodec}. Do not
     * change them; add a version and a new golden instead.
     */
    private static final String GOLDEN_V1 = "0104"
            + "0000000000000000" + "000000000000ea60" // start 0, step 60000
            + "0000000000000004" + "4047800000000000" // ticks 4, sum 47.0
            + "40b9000000000000" + "4081300000000000" // priceVolume 6400.0, volume 550.0
            + "0000000000000004" + "000000000000ea5f" // volumeTicks 4, lastTime 59999
            + "4026000000000000" // lastValue 11.0
            + "0000000a" + "7469636b732e412e316d" // "ticks.A.1m"
            + "00000002" + "6732"; // "g2"

    @Test
    void codecMatchesTheGoldenBytesBothWays() {
        Bar bar = fourTicks(Aggregation.VWAP);
        assertEquals(GOLDEN_V1, HexFormat.of().formatHex(BarCodec.encode(bar)));
        Bar decoded = BarCodec.decode(HexFormat.of().parseHex(GOLDEN_V1));
        assertEquals(bar, decoded);
        assertEquals(bar.value(), decoded.value());
        Bar noGroup = new Bar(Aggregation.LAST, -60_000L, 60_000L, "x");
        assertEquals(noGroup, BarCodec.decode(BarCodec.encode(noGroup)));
    }

    @Test
    void codecRefusesForeignBytes() {
        byte[] golden = HexFormat.of().parseHex(GOLDEN_V1);
        golden[0] = 2;
        assertEquals("expected bar state version 1 but found 2",
                assertThrows(IllegalArgumentException.class, () -> BarCodec.decode(golden)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> BarCodec.decode(new byte[] {1, 4, 0}));
    }
}
