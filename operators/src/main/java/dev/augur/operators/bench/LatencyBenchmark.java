package dev.augur.operators.bench;

import dev.augur.operators.AugurJob;
import dev.augur.operators.AugurPipeline;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency of one job (the Augur pipeline or the pass-through) under a steady feed: a producer writes
 * {@code keys} series round-robin at {@code rate} records per second (event time on a 1-minute grid, one round per
 * step) into a fresh topic while the job runs unbounded; a {@code read_committed} consumer reads the forecasts topic.
 * The latency of a forecast is the wall-clock time from the send of the observation at its origin to the moment the
 * consumer sees it, so it includes the exactly-once commit at the next checkpoint, and for the Augur job the wait for
 * the watermark (the next round of the feed) that event-time processing needs. The first fifth of the rounds is warm-up
 * and is not counted.
 */
final class LatencyBenchmark {
    private LatencyBenchmark() {
    }

    /** p50, p99 and max latency (ms), forecasts counted, forecasts expected. */
    record Result(double p50, double p99, double max, int counted, int expected) {
    }

    static Result measure(String name, String bootstrap, boolean passThrough, int parallelism, int keys, int rate,
            int seconds) throws Exception {
        String input = "lat-" + System.currentTimeMillis() + "-" + (passThrough ? "pass" : "augur") + ".";
        TopicCatalogue topics = TopicCatalogue.withPrefix(input);
        PipelineBenchmark.createTopics(bootstrap, topics, parallelism, true);
        Configuration c = PipelineBenchmark.jobConfiguration(bootstrap, input, "heap", parallelism);
        c.setString("source.bounded", "false");
        JobConfig config = JobConfig.from(c);
        StreamExecutionEnvironment env = AugurJob.environment(c, config);
        DataStream<IncomingRecord> source = AugurJob.kafkaInput(env, config);
        AugurPipeline.Outputs outputs = passThrough ? PipelineBenchmark.passThrough(source)
                : AugurPipeline.build(source, config);
        AugurJob.sinkToKafka(outputs, config);
        JobClient job = env.executeAsync("latency-" + name);

        int rounds = Math.max(10, (int) ((long) rate * seconds / keys));
        long[] sentAt = new long[rounds * keys];
        long[] seenAt = new long[rounds * keys];
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        AvroCodec<Forecast> forecasts = AvroCodec.of(Forecast.class);
        Properties cp = new Properties();
        cp.put("bootstrap.servers", bootstrap);
        cp.put("group.id", input + "reader");
        cp.put("isolation.level", "read_committed");
        cp.put("auto.offset.reset", "earliest");
        cp.put("key.deserializer", ByteArrayDeserializer.class.getName());
        cp.put("value.deserializer", ByteArrayDeserializer.class.getName());
        Thread producer = new Thread(() -> produce(bootstrap, topics.name(Topic.OBSERVATIONS), keys, rounds, rate,
                t0, sentAt), "latency-producer");
        System.out.printf("latency %s: %d series at %d records/s for %d rounds...%n", name, keys, rate, rounds);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp)) {
            consumer.subscribe(List.of(topics.name(Topic.FORECASTS)));
            producer.start();
            // forecasts of the last two rounds may never come (no later data moves the watermark past them)
            int expected = (rounds - 2 - rounds / 5) * keys;
            int counted = 0;
            long deadline = Long.MAX_VALUE;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    Forecast f = forecasts.decode(r.value());
                    int k = Integer.parseInt(f.getSeries().substring(1));
                    int round = (int) ((f.getOriginTime().toEpochMilli() - t0) / 60_000L);
                    int i = round * keys + k;
                    if (seenAt[i] == 0) {
                        seenAt[i] = now;
                        if (round >= rounds / 5 && round < rounds - 2) {
                            counted++;
                        }
                    }
                }
                if (!producer.isAlive() && deadline == Long.MAX_VALUE) {
                    deadline = System.currentTimeMillis() + 20_000; // the last checkpoint commits within this
                }
                if (counted >= expected) {
                    break;
                }
            }
            producer.join();
            job.cancel().get(60, TimeUnit.SECONDS);
            PipelineBenchmark.deleteCheckpointDir(c);
            double[] lat = new double[counted];
            int n = 0;
            for (int round = rounds / 5; round < rounds - 2; round++) {
                for (int k = 0; k < keys; k++) {
                    int i = round * keys + k;
                    if (seenAt[i] != 0) {
                        lat[n++] = seenAt[i] - sentAt[i];
                    }
                }
            }
            Arrays.sort(lat, 0, n);
            Result res = new Result(quantile(lat, n, 0.5), quantile(lat, n, 0.99), n == 0 ? Double.NaN : lat[n - 1],
                    n, expected);
            System.out.printf("latency %s: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %,d of %,d forecasts%n", name,
                    res.p50(), res.p99(), res.max(), n, expected);
            return res;
        }
    }

    /** Empirical quantile of the sorted {@code x[0..n-1]} (linear interpolation, Hyndman and Fan type 7). */
    static double quantile(double[] x, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double p = q * (n - 1);
        int lo = (int) Math.floor(p);
        int hi = Math.min(lo + 1, n - 1);
        return x[lo] + (p - lo) * (x[hi] - x[lo]);
    }

    /** Sends rounds x keys observations at a steady rate, recording the wall-clock send time of each. */
    private static void produce(String bootstrap, String topic, int keys, int rounds, int rate, long t0,
            long[] sentAt) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", "1");
        // one batch in flight, so a retried batch is not overtaken (KAFKA-14359, ingest/README-ingest.md)
        p.put("max.in.flight.requests.per.connection", "1");
        AvroCodec<Observation> codec = AvroCodec.of(Observation.class);
        SplittableRandom r = new SplittableRandom(2);
        double[] y = new double[keys];
        long start = System.nanoTime();
        long n = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < keys; k++) {
                    long due = start + n * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    y[k] = 0.7 * y[k] + r.nextGaussian();
                    String series = "s" + k;
                    Observation ob = Observation.newBuilder().setSeries(series)
                            .setEventTime(Instant.ofEpochMilli(t0 + round * 60_000L)).setValue(y[k]).build();
                    sentAt[round * keys + k] = System.currentTimeMillis();
                    producer.send(new ProducerRecord<>(topic, series.getBytes(StandardCharsets.UTF_8),
                            codec.encode(ob)));
                    n++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, Object> summary(Result pass, Result augur) {
        return Map.of("pass_through_latency_p50_ms", Math.round(pass.p50()),
                "pass_through_latency_p99_ms", Math.round(pass.p99()),
                "augur_latency_p50_ms", Math.round(augur.p50()),
                "augur_latency_p99_ms", Math.round(augur.p99()),
                "ratio_latency_p99_vs_pass_through", Math.round(1000 * augur.p99() / pass.p99()) / 1000.0);
    }
}
