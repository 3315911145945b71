package dev.augur.operators.bench;

import dev.augur.operators.AugurJob;
import dev.augur.operators.AugurPipeline;
import dev.augur.operators.config.JobConfig;
import dev.augur.operators.functions.DecodeRouter;
import dev.augur.operators.io.IncomingRecord;
import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end throughput of the Augur job against a pass-through job measured in the same run, on the same input topic,
 * with the same source, decoding, serdes and exactly-once Kafka sinks: the pass-through turns each observation into one
 * trivial forecast and one anomaly score (the records the job writes per arrival), the Augur job runs the whole
 * pipeline. Both read the same bounded topic; throughput is input records over the job's net runtime. Runs the Augur
 * job on the heap state backend and on RocksDB. Prints progress, then a JSON summary as its last line.
 *
 * <p>Each job runs in a JVM of its own (unless {@code --fork false}), with this JVM's options, as JMH forks: first,
 * unless {@code --warmup-keys 0}, on a warm-up input of its own (by default as many series as measured, of the same
 * length), not measured, so that the measured run is of code the JIT has compiled for that job alone, as in a
 * long-running TaskManager; then on the measured input. The CPU time counted is that JVM's. (In one shared JVM a job's
 * measured run also used code that the jobs share, Flink's runtime and the Kafka clients, compiled while the others
 * ran; and a warm-up of 20k series left the pass-through well short of its speed after a full one: 36.6 against 26.6
 * us CPU per record in session 7.)
 *
 * <p>Then, unless {@code --latency-rate 0}, end-to-end latency under a steady feed ({@link LatencyBenchmark}) of the
 * pass-through and the Augur job (heap), p50 and p99.
 *
 * <p>Arguments: {@code --bootstrap-servers H:P [--keys 100000] [--points 20] [--groups-of 0] [--parallelism 2]
 * [--backends heap,rocksdb] [--warmup-keys keys] [--fork true] [--latency-keys 1000]
 * [--latency-rate 2000] [--latency-seconds 60] [--job.KEY VALUE ...]}; each {@code --job.KEY VALUE} sets job
 * option KEY (e.g. {@code --job.forecast.horizon 24}) for the Augur runs.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (o.containsKey("child-job")) {
            // exit either way: the MiniCluster's non-daemon threads would keep a forked JVM, and its parent, waiting
            int status = 0;
            try {
                child(o);
            } catch (Throwable t) {
                t.printStackTrace();
                status = 1;
            }
            System.exit(status);
        }
        String bootstrap = require(o, "bootstrap-servers");
        int keys = Integer.parseInt(o.getOrDefault("keys", "100000"));
        int points = Integer.parseInt(o.getOrDefault("points", "20"));
        int groupsOf = Integer.parseInt(o.getOrDefault("groups-of", "0"));
        int parallelism = Integer.parseInt(o.getOrDefault("parallelism", "2"));
        List<String> backends = List.of(o.getOrDefault("backends", "heap,rocksdb").split(","));
        int latencyKeys = Integer.parseInt(o.getOrDefault("latency-keys", "1000"));
        int latencyRate = Integer.parseInt(o.getOrDefault("latency-rate", "2000"));
        int latencySeconds = Integer.parseInt(o.getOrDefault("latency-seconds", "60"));
        if (keys < 1 || points < 3 || parallelism < 1) {
            throw new IllegalArgumentException("expected --keys >= 1, --points >= 3, --parallelism >= 1 but found "
                    + keys + ", " + points + ", " + parallelism);
        }
        Map<String, String> jobOptions = new LinkedHashMap<>();
        o.forEach((k, v) -> {
            if (k.startsWith("job.")) {
                jobOptions.put(k.substring(4), v);
            }
        });
        int warmupKeys = Integer.parseInt(o.getOrDefault("warmup-keys", Integer.toString(keys)));
        if (warmupKeys < 0) {
            throw new IllegalArgumentException("expected --warmup-keys >= 0 but found " + warmupKeys);
        }
        boolean fork = Boolean.parseBoolean(o.getOrDefault("fork", "true"));
        String stamp = Long.toString(System.currentTimeMillis());
        String warm = null;
        long warmRecords = 0;
        if (warmupKeys > 0) {
            warm = "bench-" + stamp + "-warmup.";
            warmRecords = produce(bootstrap, warm, warmupKeys, points, groupsOf, parallelism);
        }
        String input = "bench-" + stamp + ".";
        long records = produce(bootstrap, input, keys, points, groupsOf, parallelism);
        Inputs inputs = new Inputs(bootstrap, warm, warmRecords, input, records, parallelism);
        System.out.println(fork ? "each job runs in a JVM of its own" + (warm == null ? "" : ", warmed up there first")
                : "every job runs in this JVM" + (warm == null ? "" : ", each warmed up before its measured run"));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("keys", keys);
        summary.put("points_per_key", points);
        summary.put("input_records", records);
        summary.put("warmup_keys", warmupKeys);
        summary.put("parallelism", parallelism);
        summary.put("fork", fork);
        jobOptions.forEach((k, v) -> summary.put("job." + k, '"' + v + '"'));
        Run passRun = measure(PASS, inputs, Map.of(), fork);
        double passRate = passRun.rate();
        summary.put("pass_through_records_per_s", Math.round(passRate));
        summary.put("pass_through_cpu_us_per_record", Math.round(10 * passRun.cpuMicrosPerRecord()) / 10.0);
        for (String backend : backends) {
            Run run = measure(backend, inputs, jobOptions, fork);
            double rate = run.rate();
            summary.put("augur_" + backend + "_records_per_s", Math.round(rate));
            summary.put("ratio_" + backend + "_vs_pass_through", Math.round(1000 * rate / passRate) / 1000.0);
            summary.put("augur_" + backend + "_cpu_us_per_record", Math.round(10 * run.cpuMicrosPerRecord()) / 10.0);
        }
        if (backends.contains("heap") && backends.contains("rocksdb")) {
            summary.put("ratio_rocksdb_vs_heap", Math.round(1000.0 * (long) summary.get("augur_rocksdb_records_per_s")
                    / (long) summary.get("augur_heap_records_per_s")) / 1000.0);
        }
        if (latencyRate > 0) {
            LatencyBenchmark.Result pass = LatencyBenchmark.measure("pass-through", bootstrap, true, parallelism,
                    latencyKeys, latencyRate, latencySeconds);
            LatencyBenchmark.Result augur = LatencyBenchmark.measure("augur/heap", bootstrap, false, parallelism,
                    latencyKeys, latencyRate, latencySeconds);
            summary.put("latency_keys", latencyKeys);
            summary.put("latency_records_per_s", latencyRate);
            summary.putAll(new java.util.TreeMap<>(LatencyBenchmark.summary(pass, augur)));
        }
        StringBuilder json = new StringBuilder("{");
        summary.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(v));
        System.out.println(json.append('}'));
    }

    /** The job name of the pass-through in {@link #measure} (the Augur jobs are named by their backend). */
    static final String PASS = "pass";

    /** The topics a job reads: the warm-up input (null for none) and the measured one, with their record counts. */
    record Inputs(String bootstrap, String warm, long warmRecords, String input, long records, int parallelism) {
    }

    /**
     * Runs job {@code job} ({@link #PASS}, or the Augur job on backend {@code heap} or {@code rocksdb}): on the warm-up
     * input first when there is one (not measured), then on the measured input. With {@code fork}, in a new JVM with
     * this one's options and class path (as JMH forks): the JIT then compiles each job's code for that job's profile
     * alone, as in a TaskManager running one job, and the CPU time counted is the job's alone. In this JVM otherwise.
     */
    static Run measure(String job, Inputs in, Map<String, String> jobOptions, boolean fork) throws Exception {
        if (!fork) {
            return runJob(job, in, jobOptions);
        }
        Path result = Files.createTempFile("augur-bench-result", ".txt");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(PipelineBenchmark.class.getName());
            for (String[] kv : new String[][] {{"bootstrap-servers", in.bootstrap()}, {"child-job", job},
                {"child-input", in.input()}, {"child-records", Long.toString(in.records())},
                {"parallelism", Integer.toString(in.parallelism())}, {"child-result", result.toString()}}) {
                cmd.add("--" + kv[0]);
                cmd.add(kv[1]);
            }
            if (in.warm() != null) {
                cmd.addAll(List.of("--child-warm-input", in.warm(), "--child-warm-records",
                        Long.toString(in.warmRecords())));
            }
            jobOptions.forEach((k, v) -> cmd.addAll(List.of("--job." + k, v)));
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            int rc = p.waitFor();
            List<String> lines = Files.readAllLines(result);
            if (rc != 0 || lines.isEmpty()) {
                throw new IllegalStateException("expected the forked run of job " + job + " to exit 0 with a result "
                        + "but found exit status " + rc + " and " + lines.size() + " result lines");
            }
            String[] f = lines.get(0).trim().split(" ");
            return new Run(Double.parseDouble(f[0]), Double.parseDouble(f[1]));
        } finally {
            Files.deleteIfExists(result);
        }
    }

    /** The warm-up run (when there is an input for it), then the measured one, of job {@code job} in this JVM. */
    static Run runJob(String job, Inputs in, Map<String, String> jobOptions) throws Exception {
        boolean pass = job.equals(PASS);
        String name = pass ? "pass-through" : "augur/" + job;
        String backend = pass ? "heap" : job;
        String outPrefix = pass ? "pass" : "augur-" + job;
        Map<String, String> options = pass ? Map.of() : jobOptions;
        if (in.warm() != null) {
            run("warm-up " + name + " (not measured)", in.bootstrap(), in.warm(), outPrefix, backend,
                    in.parallelism(), in.warmRecords(), pass, options);
        }
        return run(name, in.bootstrap(), in.input(), outPrefix, backend, in.parallelism(), in.records(), pass,
                options);
    }

    /** A forked run ({@link #measure}): runs its job, writes "records-per-second cpu-us-per-record" to its file. */
    private static void child(Map<String, String> o) throws Exception {
        String job = require(o, "child-job");
        if (!job.equals(PASS) && !job.equals("heap") && !job.equals("rocksdb")) {
            throw new IllegalArgumentException("expected --child-job pass, heap or rocksdb but found " + job);
        }
        Map<String, String> jobOptions = new LinkedHashMap<>();
        o.forEach((k, v) -> {
            if (k.startsWith("job.")) {
                jobOptions.put(k.substring(4), v);
            }
        });
        String warm = o.get("child-warm-input");
        Inputs in = new Inputs(require(o, "bootstrap-servers"), warm,
                warm == null ? 0 : Long.parseLong(require(o, "child-warm-records")), require(o, "child-input"),
                Long.parseLong(require(o, "child-records")), Integer.parseInt(require(o, "parallelism")));
        Run r = runJob(job, in, jobOptions);
        Files.writeString(Path.of(require(o, "child-result")), r.rate() + " " + r.cpuMicrosPerRecord() + "\n");
    }

    private static String require(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    /** Writes keys x points observations (AR(1) series on a 1-minute grid) to {@code <input>observations}. */
    static long produce(String bootstrap, String input, int keys, int points, int groupsOf, int partitions)
            throws Exception {
        TopicCatalogue in = TopicCatalogue.withPrefix(input);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in.name(Topic.OBSERVATIONS), partitions, (short) 1)))
                    .all().get(60, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", "20");
        p.put("batch.size", "262144");
        // one batch in flight, so a retried batch is not overtaken (KAFKA-14359, ingest/README-ingest.md)
        p.put("max.in.flight.requests.per.connection", "1");
        AvroCodec<Observation> codec = AvroCodec.of(Observation.class);
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        SplittableRandom r = new SplittableRandom(1);
        double[] y = new double[keys];
        long n = 0;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < points; i++) {
                for (int k = 0; k < keys; k++) {
                    y[k] = 0.7 * y[k] + r.nextGaussian();
                    String series = "s" + k;
                    Observation ob = Observation.newBuilder().setSeries(series)
                            .setGroup(groupsOf > 1 ? "g" + (k / groupsOf) : null)
                            .setEventTime(Instant.ofEpochMilli(t0 + i * 60_000L)).setValue(y[k]).build();
                    producer.send(new ProducerRecord<>(in.name(Topic.OBSERVATIONS),
                            series.getBytes(StandardCharsets.UTF_8), codec.encode(ob)));
                    n++;
                }
                System.out.printf("produced %,d of %,d records%n", n, (long) keys * points);
            }
        }
        System.out.printf("produced %,d records in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
        return n;
    }

    /**
     * One run's throughput (records over the job's net run time) and the CPU time this process (the job, its Kafka
     * clients and RocksDB's native threads; not the broker) spent per input record from submission to the end,
     * start-up and shutdown included. On a machine shared with other work the CPU time per record moves much less than
     * the throughput does.
     */
    record Run(double rate, double cpuMicrosPerRecord) {
    }

    /** Runs one bounded job over the input topic; returns its throughput and CPU time per record. */
    static Run run(String name, String bootstrap, String input, String outPrefix, String backend, int parallelism,
            long records, boolean passThrough, Map<String, String> jobOptions) throws Exception {
        String prefix = input + outPrefix + ".";
        createTopics(bootstrap, TopicCatalogue.withPrefix(prefix), parallelism, false);
        Configuration c = jobConfiguration(bootstrap, prefix, backend, parallelism);
        jobOptions.forEach(c::setString);
        c.setString("source.bounded", "true");
        JobConfig config = JobConfig.from(c);
        StreamExecutionEnvironment env = AugurJob.environment(c, config);
        // read the shared input topic, write to this run's topics
        Configuration inConf = new Configuration();
        inConf.addAll(c);
        inConf.setString("topic-prefix", input);
        DataStream<IncomingRecord> source = AugurJob.kafkaInput(env, JobConfig.from(inConf));
        AugurPipeline.Outputs outputs = passThrough ? passThrough(source) : AugurPipeline.build(source, config);
        AugurJob.sinkToKafka(outputs, config);
        System.out.printf("running %s on %,d records...%n", name, records);
        long cpu0 = processCpuNanos();
        JobExecutionResult result;
        double cpuMicros;
        try {
            result = env.execute("bench-" + name);
            cpuMicros = (processCpuNanos() - cpu0) / 1000.0 / records;
        } finally {
            deleteCheckpointDir(c);
        }
        double seconds = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
        double rate = records / seconds;
        System.out.printf("%s: %,d records in %.1f s = %,.0f records/s, %.1f us CPU per record%n", name, records,
                seconds, rate, cpuMicros);
        return new Run(rate, cpuMicros);
    }

    /** Deletes the run's checkpoint directory ({@link #jobConfiguration} makes one per run), whatever is left in it. */
    static void deleteCheckpointDir(Configuration c) throws IOException {
        Path dir = Path.of(URI.create(c.getString("execution.checkpointing.dir", "")));
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** CPU time of this process so far (all threads, native ones included), or -1 where the JVM cannot tell. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
    }

    /** Creates the output topics of {@code topics} (and its observations topic when {@code withInput}). */
    static void createTopics(String bootstrap, TopicCatalogue topics, int partitions, boolean withInput)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> l = new ArrayList<>();
            for (Topic t : Topic.values()) {
                if (withInput || t != Topic.OBSERVATIONS) {
                    l.add(new NewTopic(topics.name(t), partitions, (short) 1));
                }
            }
            admin.createTopics(l).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** The job settings of a benchmark run writing to {@code prefix} topics (5 s checkpoints, no restarts). */
    static Configuration jobConfiguration(String bootstrap, String prefix, String backend, int parallelism)
            throws IOException {
        Configuration c = new Configuration();
        c.setString("bootstrap-servers", bootstrap);
        c.setString("topic-prefix", prefix);
        c.setString("group-id", prefix + "job");
        c.setString("transactional-id-prefix", prefix + "tx");
        c.setString("parallelism", Integer.toString(parallelism));
        c.setString("checkpoint.interval", "5 s");
        c.setString("state.backend.type", backend.equals("rocksdb") ? "rocksdb" : "hashmap");
        c.setString("restart-strategy.type", "none");
        c.setString("execution.checkpointing.dir", Files.createTempDirectory("augur-bench-cp").toUri()
                .toString());
        // RocksDB's block cache and write buffers come from managed memory; a local run would otherwise get Flink's
        // 128 MB default for local execution (32 MB of write buffers per slot, shared by the stages), which keeps
        // RocksDB flushing and compacting tiny files. 1.5 GB next to the heap runs' 6 GB heap.
        c.setString("taskmanager.memory.managed.size", "1536m");
        return c;
    }

    /**
     * One trivial forecast (12 steps, 7 quantiles) and one anomaly score per observation, with the job's serdes and
     * records built the way the job builds them.
     */
    static AugurPipeline.Outputs passThrough(DataStream<IncomingRecord> source) {
        OutputTag<AnomalyScore> scores = new OutputTag<>("pass-scores",
                org.apache.flink.api.common.typeinfo.TypeInformation.of(AnomalyScore.class));
        SingleOutputStreamOperator<Observation> decoded = source.process(new DecodeRouter()).name("decode");
        SingleOutputStreamOperator<Forecast> forecasts = decoded.process(
                new org.apache.flink.streaming.api.functions.ProcessFunction<Observation, Forecast>() {
                    private final List<Double> levels = new ArrayList<>(List.of(0.05, 0.1, 0.25, 0.5, 0.75, 0.9,
                            0.95));

                    @Override
                    public void processElement(Observation o, Context ctx, Collector<Forecast> outc) {
                        long t = o.getEventTime().toEpochMilli();
                        // built like the job's forecasts: constructors, ArrayList lists, one levels list
                        // (CombineStage.forecast)
                        List<ForecastStep> steps = new ArrayList<>(12);
                        for (int h = 1; h <= 12; h++) {
                            List<Double> q = new ArrayList<>(7);
                            for (double l : levels) {
                                q.add(o.getValue() + l - 0.5);
                            }
                            steps.add(new ForecastStep(h, Instant.ofEpochMilli(t + h * 60_000L), o.getValue(), q));
                        }
                        outc.collect(new Forecast(o.getSeries(), "pass", "1", o.getEventTime(), 60_000L, levels,
                                steps));
                        ctx.output(scores, AnomalyScore.newBuilder().setSeries(o.getSeries()).setTime(o.getEventTime())
                                .setObserved(o.getValue()).setExpected(o.getValue()).setLower(o.getValue())
                                .setUpper(o.getValue()).setScore(0).setTailProbability(1).setModel("pass").build());
                    }
                }).name("pass-through");
        FlatMapFunction<Observation, Observation> none = (x, outc) -> { };
        DataStream<Observation> late = decoded.flatMap(none).returns(Observation.class);
        return new AugurPipeline.Outputs(forecasts, forecasts.getSideOutput(scores),
                decoded.flatMap((Observation x, Collector<dev.augur.schemas.records.ModelDiagnostics> outc) -> { })
                        .returns(dev.augur.schemas.records.ModelDiagnostics.class),
                late, decoded.getSideOutput(dev.augur.operators.functions.OutputTags.DEAD_LETTERS));
    }
}
