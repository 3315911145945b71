package dev.augur.deploy.cluster;

import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A reproducible feed of observations straight onto a job's input topic: {@code series} AR(1) series in two groups
 * (g0, g1) with a spike now and then, one observation per series per event-time step, series {@code s} on partition
 * {@code s mod partitions}. The same seed and step count give the same records in the same order on every partition,
 * so a failure-free reference run can be fed exactly what a run under faults saw. {@link #finish} appends, on every
 * partition, a heartbeat an hour of event time later, which moves the watermark past the last real step.
 */
public final class ObservationFeed {
    public static final long STEP_MILLIS = 60_000;
    public static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final AvroCodec<Observation> CODEC = AvroCodec.of(Observation.class);

    private final int series;
    private final int partitions;
    private final double[][] values;

    /**
     * @param maxSteps the most steps this feed can produce
     */
    public ObservationFeed(int series, int partitions, int maxSteps, long seed) {
        this.series = series;
        this.partitions = partitions;
        this.values = new double[series][maxSteps];
        Random r = new Random(seed);
        for (int s = 0; s < series; s++) {
            double y = 0;
            for (int i = 0; i < maxSteps; i++) {
                y = 0.8 * y + r.nextGaussian() + (r.nextInt(300) == 0 ? 12 : 0);
                values[s][i] = 10 + y;
            }
        }
    }

    public int series() {
        return series;
    }

    public int maxSteps() {
        return values[0].length;
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // one batch in flight per partition: a retried batch (a new topic's leader still moving, a starved broker)
        // cannot leave a sequence gap behind it
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(p);
    }

    /** The first send that failed, if any; {@link #check} throws it. */
    private final java.util.concurrent.atomic.AtomicReference<Exception> sendFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    private void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> r) {
        producer.send(r, (meta, e) -> {
            if (e != null) {
                sendFailure.compareAndSet(null, e);
            }
        });
    }

    /** Throws if any observation sent so far was not acknowledged by the broker. */
    void check() {
        Exception e = sendFailure.get();
        if (e != null) {
            throw new IllegalStateException("expected every observation acknowledged by the broker but a send failed: "
                    + e, e);
        }
    }

    /** Sends step {@code i} of every series. */
    void sendStep(KafkaProducer<byte[], byte[]> producer, TopicCatalogue topics, int i) {
        String topic = topics.name(Topic.OBSERVATIONS);
        for (int s = 0; s < series; s++) {
            Observation o = Observation.newBuilder().setSeries("s" + s).setGroup("g" + (s % 2))
                    .setEventTime(Instant.ofEpochMilli(T0 + i * STEP_MILLIS)).setValue(values[s][i]).build();
            send(producer, new ProducerRecord<>(topic, s % partitions, o.getSeries().getBytes(StandardCharsets.UTF_8),
                    CODEC.encode(o)));
        }
    }

    /** The heartbeats after {@code steps} steps, one per partition. */
    void finish(KafkaProducer<byte[], byte[]> producer, TopicCatalogue topics, int steps) {
        for (int p = 0; p < partitions; p++) {
            Observation hb = Observation.newBuilder().setSeries("heartbeat-" + p)
                    .setEventTime(Instant.ofEpochMilli(T0 + steps * STEP_MILLIS + 3_600_000L)).setValue(0).build();
            send(producer, new ProducerRecord<>(topics.name(Topic.OBSERVATIONS), p,
                    hb.getSeries().getBytes(StandardCharsets.UTF_8), CODEC.encode(hb)));
        }
        producer.flush();
        check();
    }

    /** Produces steps 0..steps-1 and the heartbeats as fast as the broker takes them. */
    public void produceAll(String bootstrap, TopicCatalogue topics, int steps) {
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (int i = 0; i < steps; i++) {
                sendStep(p, topics, i);
            }
            finish(p, topics, steps);
        }
    }

    /**
     * A live feed: {@code stepsPerSecond} steps a second on its own thread until {@link Live#stop} (or
     * {@link #maxSteps}), then the heartbeats.
     */
    public Live live(String bootstrap, TopicCatalogue topics, int stepsPerSecond) {
        return new Live(bootstrap, topics, stepsPerSecond);
    }

    /** A running live feed. */
    public final class Live {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;
        private volatile int steps;
        private volatile RuntimeException failure;

        private Live(String bootstrap, TopicCatalogue topics, int stepsPerSecond) {
            thread = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
                    long t0 = System.nanoTime();
                    int i = 0;
                    while (!stop.get() && i < maxSteps()) {
                        sendStep(p, topics, i);
                        check();
                        steps = ++i;
                        long due = t0 + (long) (i * 1e9 / stepsPerSecond);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    finish(p, topics, i);
                } catch (InterruptedException e) {
                    failure = new IllegalStateException("feed interrupted after " + steps + " steps");
                } catch (RuntimeException e) {
                    failure = e;
                }
            }, "augur-feed");
            thread.setDaemon(true);
            thread.start();
        }

        /** Steps sent so far. */
        public int steps() {
            return steps;
        }

        /** Stops after the current step, sends the heartbeats; returns the number of steps sent. */
        public int stop() throws InterruptedException {
            stop.set(true);
            thread.join();
            if (failure != null) {
                throw new IllegalStateException("the feed failed after " + steps + " steps: " + failure.getMessage(),
                        failure);
            }
            return steps;
        }
    }
}
