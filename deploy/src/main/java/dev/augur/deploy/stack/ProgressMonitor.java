package dev.augur.deploy.stack;

import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.CoverageEntry;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every topic of a stack with {@code read_committed} and prints one progress line every interval: records in,
 * observations, forecasts out, anomaly scores (and how many are high), dead letters by reason, alerts, and the job's
 * consumer lag; now and then a sample forecast with its 90% interval. Decodes with the published schemas.
 */
public final class ProgressMonitor implements AutoCloseable {
    private static final Topic[] WATCHED = {Topic.RAW, Topic.OBSERVATIONS, Topic.FORECASTS, Topic.ANOMALIES,
        Topic.DEAD_LETTER, Topic.ALERTS, Topic.DIAGNOSTICS, Topic.LATE};

    private final TopicCatalogue catalogue;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final String jobGroup;
    private final Map<String, Topic> byName = new HashMap<>();
    private final Map<Topic, Long> counts = new EnumMap<>(Topic.class);
    private final Map<String, Long> deadLetterReasons = new TreeMap<>();
    private final AvroCodec<Forecast> forecasts = AvroCodec.of(Forecast.class);
    private final AvroCodec<AnomalyScore> anomalies = AvroCodec.of(AnomalyScore.class);
    private final AvroCodec<DeadLetter> deadLetters = AvroCodec.of(DeadLetter.class);
    private final AvroCodec<ModelDiagnostics> diagnostics = AvroCodec.of(ModelDiagnostics.class);
    private ModelDiagnostics lastGroupDiagnostics;
    private ModelDiagnostics lastEnsembleDiagnostics;
    private AnomalyScore lastGroupScore;
    private long highScores;
    private Forecast lastForecast;
    private long neuralForecasts;
    private String neuralVersion;
    private double maxScore;

    public ProgressMonitor(Map<String, Object> clientConfig, TopicCatalogue catalogue, String jobGroup) {
        this.catalogue = catalogue;
        this.jobGroup = jobGroup;
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        this.admin = Admin.create(clientConfig);
        List<TopicPartition> parts = new ArrayList<>();
        for (Topic t : WATCHED) {
            String name = catalogue.name(t);
            byName.put(name, t);
            counts.put(t, 0L);
            for (PartitionInfo p : consumer.partitionsFor(name, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(name, p.partition()));
            }
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Polls for up to {@code budget} and updates the counters. */
    public void poll(Duration budget) {
        long end = System.nanoTime() + budget.toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Topic t = byName.get(r.topic());
                counts.merge(t, 1L, Long::sum);
                if (t == Topic.FORECASTS) {
                    lastForecast = forecasts.decode(r.value());
                    String v = lastForecast.getModelVersion();
                    int at = v.indexOf(";neural-diffusion=");
                    if (at >= 0) {
                        neuralForecasts++;
                        int stop = v.indexOf(';', at + 1);
                        neuralVersion = v.substring(at + ";neural-diffusion=".length(), stop < 0 ? v.length() : stop);
                    }
                } else if (t == Topic.DIAGNOSTICS) {
                    ModelDiagnostics d = diagnostics.decode(r.value());
                    if (d.getMatrices().containsKey("granger.pvalues")) {
                        lastGroupDiagnostics = d;
                    } else if (!d.getCoverage().isEmpty()) {
                        lastEnsembleDiagnostics = d;
                    }
                } else if (t == Topic.ANOMALIES) {
                    AnomalyScore a = anomalies.decode(r.value());
                    if (!a.getContributions().isEmpty()
                            && (lastGroupScore == null || a.getScore() >= lastGroupScore.getScore())) {
                        lastGroupScore = a;
                    }
                    if (!a.getWarmingUp()) {
                        maxScore = Math.max(maxScore, a.getScore());
                        if (a.getScore() >= 0.999) {
                            highScores++;
                        }
                    }
                } else if (t == Topic.DEAD_LETTER) {
                    DeadLetter d = deadLetters.decode(r.value());
                    deadLetterReasons.merge(d.getStage() + ":" + d.getErrorType(), 1L, Long::sum);
                }
            }
        }
    }

    public long count(Topic t) {
        return counts.getOrDefault(t, 0L);
    }

    /** Records of the observations topic not yet committed by the job's consumer group; -1 if unknown. */
    public long jobLag() {
        try {
            ListConsumerGroupOffsetsResult res = admin.listConsumerGroupOffsets(jobGroup);
            Map<TopicPartition, OffsetAndMetadata> committed = res.partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            List<TopicPartition> parts = new ArrayList<>();
            for (TopicPartition tp : consumer.assignment()) {
                if (tp.topic().equals(catalogue.name(Topic.OBSERVATIONS))) {
                    parts.add(tp);
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts, Duration.ofSeconds(5));
            long lag = 0;
            for (TopicPartition tp : parts) {
                OffsetAndMetadata c = committed.get(tp);
                lag += ends.getOrDefault(tp, 0L) - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** One progress line. */
    public String line(long elapsedSeconds) {
        long lag = jobLag();
        return String.format("[%4ds] in %,d | observations %,d | forecasts %,d | anomaly scores %,d (%,d >= 0.999,"
                + " max %.4f) | diagnostics %,d | late %,d | dead letters %,d | alerts %,d | job lag %s",
                elapsedSeconds, count(Topic.RAW), count(Topic.OBSERVATIONS), count(Topic.FORECASTS),
                count(Topic.ANOMALIES), highScores, maxScore, count(Topic.DIAGNOSTICS), count(Topic.LATE),
                count(Topic.DEAD_LETTER), count(Topic.ALERTS), lag < 0 ? "n/a" : String.format("%,d", lag));
    }

    /** A sample of the latest forecast, or null before the first. */
    public String sample() {
        Forecast f = lastForecast;
        if (f == null) {
            return null;
        }
        ForecastStep s1 = f.getSteps().get(0);
        List<Double> levels = f.getLevels();
        int lo = levels.indexOf(0.05);
        int hi = levels.indexOf(0.95);
        ForecastStep last = f.getSteps().get(f.getSteps().size() - 1);
        return String.format("        latest forecast: %s from %s (%s v%s): h=1 mean %.4g, 90%% [%.4g, %.4g];"
                + " h=%d mean %.4g, 90%% [%.4g, %.4g]", f.getSeries(), f.getOriginTime(), f.getModel(),
                f.getModelVersion(), s1.getMean(), s1.getQuantiles().get(lo), s1.getQuantiles().get(hi),
                last.getHorizon(), last.getMean(), last.getQuantiles().get(lo), last.getQuantiles().get(hi));
    }

    /** Lines describing the latest group (VAR) diagnostics and calibration, or none before the first. */
    public List<String> diagnosticsLines() {
        List<String> out = new ArrayList<>();
        ModelDiagnostics g = lastGroupDiagnostics;
        if (g != null) {
            List<String> m = g.getMembers();
            int k = m.size();
            List<Double> p = g.getMatrices().get("granger.pvalues").getValues();
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    if (i != j && (bi < 0 || p.get(i * k + j) < p.get(bi * k + bj))) {
                        bi = i;
                        bj = j;
                    }
                }
            }
            String fevdKey = g.getMatrices().keySet().stream().filter(x -> x.startsWith("fevd.")).findFirst()
                    .orElse(null);
            String own = "";
            if (fevdKey != null) {
                List<Double> f = g.getMatrices().get(fevdKey).getValues();
                own = String.format(", %s: %.0f%% of %s's forecast error variance is its own shock", fevdKey,
                        100 * f.get(0), m.get(0));
            }
            out.add(String.format("        group %s (VAR over %d members, %d buckets): strongest Granger link %s -> %s"
                    + " (p = %.2g)%s", g.getSubject(), k, g.getObservations(), m.get(bj), m.get(bi),
                    p.get(bi * k + bj), own));
        }
        AnomalyScore gs = lastGroupScore;
        if (gs != null) {
            String top = gs.getContributions().entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> String.format("%s %.0f%%", e.getKey(), 100 * e.getValue())).orElse("");
            out.add(String.format("        highest group score so far: %s at %s, score %.4f, driven by %s",
                    gs.getSeries(), gs.getTime(), gs.getScore(), top));
        }
        ModelDiagnostics e = lastEnsembleDiagnostics;
        if (e != null) {
            StringBuilder sb = new StringBuilder("        calibration of " + e.getSubject() + ":");
            for (CoverageEntry c : e.getCoverage()) {
                sb.append(String.format(" %.0f%% interval covers %.1f%% (n=%d);", 100 * c.getLevel(),
                        100 * c.getAchieved(), c.getCount()));
            }
            sb.append(" ensemble weights ").append(e.getMembers()).append(' ');
            sb.append(e.getCoefficients().stream().map(w -> String.format("%.3f", w)).toList());
            out.add(sb.toString());
        }
        return out;
    }

    public Map<String, Long> deadLetterReasons() {
        return Map.copyOf(deadLetterReasons);
    }

    public void print(PrintStream out, long elapsedSeconds, boolean withSample) {
        out.println(line(elapsedSeconds));
        if (withSample) {
            String s = sample();
            if (s != null) {
                out.println(s);
            }
            if (!deadLetterReasons.isEmpty()) {
                out.println("        dead letters by reason: " + deadLetterReasons);
            }
            if (neuralForecasts > 0) {
                out.println(String.format("        neural forecaster %s: its candidate is pooled in %,d forecasts so far",
                        neuralVersion, neuralForecasts));
            }
            for (String l : diagnosticsLines()) {
                out.println(l);
            }
        }
        out.flush();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
