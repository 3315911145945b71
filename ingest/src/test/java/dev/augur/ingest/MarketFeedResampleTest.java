package dev.augur.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.feed.FeedRecord;
import dev.augur.ingest.feed.JsonLineEncoder;
import dev.augur.ingest.feed.synthetic.FeedKind;
import dev.augur.ingest.feed.synthetic.SyntheticGenerator;
import dev.augur.ingest.feed.synthetic.SyntheticSpec;
import dev.augur.ingest.resample.BarStore;
import dev.augur.ingest.resample.ResampleRules;
import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.Observation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code SyntheticFeed --kind market} sends, resampled with vwap: finite bars, checked against the ticks. */
class MarketFeedResampleTest {
    private static final AvroCodec<Observation> OBSERVATIONS = AvroCodec.of(Observation.class);
    private static final long STEP_MS = 15 * 60_000L;

    @TempDir
    Path stateDir;

    @Test
    void vwapBarsOfTheSyntheticMarketFeedAreFiniteAndMatchTheTicks() {
        SyntheticSpec spec = SyntheticSpec.defaults(FeedKind.MARKET).withSeries(4, 2);
        int steps = 180;
        SyntheticGenerator feed = SyntheticGenerator.create(spec, null);
        List<FeedRecord> ticks = new ArrayList<>();
        for (int i = 0; i < spec.seriesCount() * steps; i++) {
            ticks.add(feed.next());
        }

        IngestConfig config = IngestConfig.from(Map.of("topic-prefix", "m."))
                .withResampleRules(ResampleRules.parse("{\"rules\": [{\"name\": \"market-15m\", \"series\":"
                        + " \"market-*\", \"step\": \"PT15M\", \"aggregation\": \"vwap\", \"grace\": \"PT1M\","
                        + " \"output\": \"{series}.15m\"}]}", "market.json"))
                .withResampleStore(BarStore.Kind.MEMORY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "market-resample-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        List<Observation> bars;
        try (TopologyTestDriver driver = new TopologyTestDriver(IngestTopology.build(config), props)) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic("m.raw", new ByteArraySerializer(),
                    new ByteArraySerializer());
            JsonLineEncoder encoder = new JsonLineEncoder();
            for (FeedRecord r : ticks) {
                raw.pipeInput(r.series().getBytes(StandardCharsets.UTF_8), encoder.encode(r));
            }
            bars = driver.createOutputTopic("m.observations", new StringDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList().stream().map(OBSERVATIONS::decode).toList();
            assertTrue(driver.createOutputTopic("m.deadletter", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).isEmpty(), "every market tick has a valid volume");
        }

        // the last bar of each series stays open: stream time 02:59 < end 03:00 + grace 1 min
        assertEquals(spec.seriesCount() * (steps / 15 - 1), bars.size());
        Map<String, double[]> reference = new HashMap<>(); // key series@barStart: {sum p v, sum v, min p, max p, n}
        for (FeedRecord r : ticks) {
            long start = Math.floorDiv(r.eventTimeMillis(), STEP_MS) * STEP_MS;
            double[] a = reference.computeIfAbsent(r.series() + ".15m@" + start,
                    k -> new double[] {0, 0, Double.MAX_VALUE, -Double.MAX_VALUE, 0});
            double v = Double.parseDouble(r.labels().get("volume"));
            a[0] += r.value() * v;
            a[1] += v;
            a[2] = Math.min(a[2], r.value());
            a[3] = Math.max(a[3], r.value());
            a[4]++;
        }
        for (Observation bar : bars) {
            double[] a = reference.get(bar.getSeries() + "@" + bar.getEventTime().toEpochMilli());
            assertTrue(Double.isFinite(bar.getValue()) && bar.getValue() > 0, bar.toString());
            assertTrue(bar.getValue() >= a[2] && bar.getValue() <= a[3], "vwap lies within the bar's prices: " + bar);
            assertEquals(a[0] / a[1], bar.getValue(), 1e-12 * bar.getValue(), bar.toString());
            assertEquals("15", bar.getLabels().get("ticks"));
            assertEquals((long) a[1], Long.parseLong(bar.getLabels().get("volume")));
            assertEquals("PT15M", bar.getLabels().get("bar"));
            assertTrue(bar.getGroup().startsWith("market-group-"), bar.toString());
        }
    }
}
