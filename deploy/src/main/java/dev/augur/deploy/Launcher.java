package dev.augur.deploy;

import dev.augur.deploy.broker.EmbeddedKafkaBroker;
import dev.augur.deploy.broker.TopicProvisioner;
import dev.augur.deploy.process.JvmProcess;
import dev.augur.deploy.stack.LocalStack;
import dev.augur.deploy.stack.ProgressMonitor;
import dev.augur.deploy.stack.StackOptions;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code ./augur}: the command-line entry of the local stack. Subcommands:
 * <ul>
 *   <li>{@code demo}: broker, topics, Flink job, ingest app and a synthetic feed, with live progress;
 *   <li>{@code broker}: only the embedded KRaft broker, until Ctrl-C;
 *   <li>{@code topics}: create the catalogue's topics on a Kafka cluster.
 * </ul>
 * Progress goes to standard output; the apps' logs go to files under the work directory.
 */
public final class Launcher {
    private static final PrintStream OUT = System.out;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage();
            return;
        }
        String cmd = args[0];
        Map<String, String> opts = List.of("bench", "eval", "cluster", "deploy").contains(cmd) ? Map.of()
                : parse(args, 1);
        int rc;
        try {
            rc = switch (cmd) {
                case "demo" -> demo(opts);
                case "broker" -> broker(opts);
                case "topics" -> topics(opts);
                case "bench" -> bench(args);
                case "cluster" -> dev.augur.deploy.cluster.ClusterCommand.cluster(home(),
                        List.of(args).subList(1, args.length), OUT);
                case "deploy" -> dev.augur.deploy.cluster.ClusterCommand.deploy(home(),
                        List.of(args).subList(1, args.length), OUT);
                case "eval" -> dev.augur.models.eval.EvalCommand.run(java.util.Arrays.copyOfRange(args, 1,
                        args.length), OUT);
                default -> {
                    OUT.println("unknown command '" + cmd + "'");
                    usage();
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            OUT.println("error: " + e.getMessage());
            rc = 2;
        } catch (IllegalStateException e) {
            OUT.println("error: " + e.getMessage());
            rc = 1;
        }
        System.exit(rc);
    }

    private static void usage() {
        OUT.println("""
                usage: ./augur <command> [--option value ...]

                  demo     Start the local stack (embedded Kafka broker, Flink job in a local MiniCluster, ingest
                           app, synthetic feed) and show live progress until Ctrl-C or --duration.
                             --duration SECONDS        stop after this long (default: run until Ctrl-C)
                             --bootstrap-servers H:P   use this Kafka instead of the embedded broker
                             --topic-prefix P          topic name prefix (default augur.)
                             --feed sensor|market      synthetic feed kind (default sensor)
                             --series N                number of series in the feed (default 8)
                             --rate R                  feed records per second (default 40)
                             --fault-every N           mean steps between injected faults per series (default 120)
                             --partitions N            partitions when creating topics (default 2)
                             --dashboard-port P        dashboard port on 127.0.0.1 (default 8088; 0 = any free)
                             --neural on|off           the neural forecaster as an ensemble candidate (default on;
                                                       it joins once a series has 216 values, about 45 s)
                             --flink-metrics on|off    Flink's Prometheus reporter on :9249 (default off: it
                                                       listens on every interface, not only 127.0.0.1)
                             --work-dir DIR            logs and state (default .augur/demo)
                             --kafka.<setting> VALUE   Kafka client setting for every app (e.g. security)
                  broker   Run only the embedded KRaft broker until Ctrl-C (--data-dir DIR to keep data).
                  topics   Create the topics of the catalogue: --bootstrap-servers H:P [--topic-prefix P]
                           [--partitions N] [--replication-factor R]
                  eval     The evaluation harness (the job's own code replayed over a file):
                             eval nab --data DIR --out DIR        NAB corpus, results layout and scores
                             eval forecast --input CSV --out DIR  per-model, per-horizon metrics, forecasts.csv
                             eval detect --input CSV --out FILE   anomaly score per row
                             eval exchange --input FILE --out DIR TimeGrad's exchange-rate protocol (CRPS-sum)
                           (./augur eval with no arguments lists every option)
                  bench pipeline   Throughput of the job against a pass-through job in the same run, heap and
                           RocksDB, then p50/p99 end-to-end latency under a steady feed against the pass-through's;
                           prints a JSON summary last. [--keys 100000] [--points 20] [--groups-of 0]
                           [--parallelism 2] [--backends heap,rocksdb] [--latency-keys 1000]
                           [--latency-rate 2000; 0 skips it] [--latency-seconds 60] [--bootstrap-servers H:P]
                """ + dev.augur.deploy.cluster.ClusterCommand.usage());
    }

    static Map<String, String> parse(String[] args, int from) {
        return dev.augur.deploy.cluster.Options.parse(List.of(args).subList(from, args.length));
    }

    private static Path home() {
        return Path.of(System.getProperty("augur.home", ".")).toAbsolutePath().normalize();
    }

    private static int intOpt(Map<String, String> o, String key, int def, int lo, int hi) {
        return dev.augur.deploy.cluster.Options.intIn(o, key, def, lo, hi);
    }

    private static List<String> kafkaPassThrough(Map<String, String> o) {
        List<String> l = new ArrayList<>();
        o.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                l.add("--" + k);
                l.add(v);
            }
        });
        return l;
    }

    static int demo(Map<String, String> o) throws Exception {
        int duration = intOpt(o, "duration", 0, 0, 7 * 24 * 3600);
        String feed = o.getOrDefault("feed", "sensor");
        if (!feed.equals("sensor") && !feed.equals("market")) {
            throw new IllegalArgumentException("--feed must be sensor or market but was '" + feed + "'");
        }
        int series = intOpt(o, "series", 8, 1, 100_000);
        int rate = intOpt(o, "rate", 40, 1, 1_000_000);
        int partitions = intOpt(o, "partitions", 2, 1, 1000);
        Path work = Path.of(o.getOrDefault("work-dir", home().resolve(".augur/demo").toString()));
        StackOptions options = new StackOptions(home(), work, o.get("bootstrap-servers"),
                o.getOrDefault("topic-prefix", TopicCatalogue.DEFAULT_PREFIX), partitions, (short) 1,
                Duration.ofSeconds(2), kafkaPassThrough(o));

        long t0 = System.nanoTime();
        OUT.println("Augur demo: starting " + (options.bootstrapServers() == null ? "the embedded Kafka broker"
                : "on Kafka at " + options.bootstrapServers()) + " (logs in " + work.resolve("logs") + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack stack = LocalStack.start(options);
        Thread hook = new Thread(() -> {
            OUT.println("\nstopping the stack...");
            stack.close();
            stopped.countDown();
        }, "augur-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        OUT.println("broker at " + stack.bootstrapServers() + "; topics " + stack.catalogue().name(Topic.RAW)
                + " -> " + stack.catalogue().name(Topic.OBSERVATIONS) + " -> "
                + stack.catalogue().name(Topic.FORECASTS) + ", " + stack.catalogue().name(Topic.ANOMALIES));
        String flinkMetrics = o.getOrDefault("flink-metrics", "off");
        if (!flinkMetrics.equals("on") && !flinkMetrics.equals("off")) {
            throw new IllegalArgumentException("--flink-metrics must be on or off but was '" + flinkMetrics + "'");
        }
        if (flinkMetrics.equals("on")) {
            OUT.println("warning: Flink's Prometheus reporter (http://127.0.0.1:9249/metrics) listens on every "
                    + "interface: it has no option to bind one address");
        }
        String neural = o.getOrDefault("neural", "on");
        if (!neural.equals("on") && !neural.equals("off")) {
            throw new IllegalArgumentException("--neural must be on or off but was '" + neural + "'");
        }
        // a neural forecast every 4th observation of a series: the demo's 8 series at 40 records/s ask for 10 per
        // second, within what one core samples (100 paths each)
        List<String> jobArgs = new ArrayList<>(List.of("--neural.enabled", Boolean.toString(neural.equals("on")),
                "--neural.every", "4"));
        if (flinkMetrics.equals("on")) {
            jobArgs.addAll(LocalStack.FLINK_PROMETHEUS_ARGS);
        }
        JvmProcess job = stack.startJob(jobArgs);
        JvmProcess ingest = stack.startIngest();
        JvmProcess alerting = stack.startAlerting(intOpt(o, "dashboard-port", 8088, 0, 65535), List.of());
        int faultEvery = intOpt(o, "fault-every", 120, 0, 1_000_000);
        JvmProcess feedProcess = stack.startFeed(List.of("--kind", feed, "--series", Integer.toString(series),
                "--rate", Integer.toString(rate), "--fault-every", Integer.toString(faultEvery),
                "--duration", "PT" + Math.max(duration + 600, 3600) + "S",
                "--labels-out", work.resolve("fault-labels.csv").toAbsolutePath().toString()));
        OUT.println("started the Flink job (pid " + job.pid() + "), the ingest app (pid " + ingest.pid()
                + "), the alerting app (pid " + alerting.pid() + ") and a " + feed + " feed of " + series
                + " series at " + rate + " records/s (pid " + feedProcess.pid() + ")");
        if (duration > 0) {
            OUT.println("running for " + duration + " s; Ctrl-C stops earlier");
        } else {
            OUT.println("running until Ctrl-C");
        }

        int rc = 0;
        try (ProgressMonitor monitor = new ProgressMonitor(stack.adminConfig(), stack.catalogue(),
                LocalStack.JOB_GROUP_ID)) {
            long firstForecastAt = -1;
            String dashboard = null;
            int tick = 0;
            while (stopped.getCount() > 0) {
                monitor.poll(Duration.ofSeconds(2));
                long elapsed = (System.nanoTime() - t0) / 1_000_000_000L;
                tick++;
                monitor.print(OUT, elapsed, tick % 5 == 0);
                if (dashboard == null && (dashboard = LocalStack.dashboardUrl(alerting)) != null) {
                    OUT.println("        dashboard: " + dashboard + "  (live charts with 80%/90% bands, anomalies and"
                            + " alerts)");
                }
                if (firstForecastAt < 0 && monitor.count(Topic.FORECASTS) > 0) {
                    firstForecastAt = elapsed;
                    OUT.println("        first forecasts after " + elapsed + " s");
                }
                for (JvmProcess p : stack.processes()) {
                    if (!p.isAlive()) {
                        OUT.println("error: " + p.name() + " exited with code " + p.exitCode() + "; last log lines ("
                                + p.logFile() + "):\n" + p.logTail(30));
                        rc = 1;
                    }
                }
                if (rc != 0 || (duration > 0 && elapsed >= duration)) {
                    break;
                }
            }
            if (stopped.getCount() > 0) {
                monitor.print(OUT, (System.nanoTime() - t0) / 1_000_000_000L, true);
            }
        }
        if (stopped.getCount() > 0) {
            Runtime.getRuntime().removeShutdownHook(hook);
            OUT.println("stopping the stack...");
            stack.close();
            OUT.println("stopped; nothing left running.");
        }
        return rc;
    }

    static int bench(String[] args) throws Exception {
        if (args.length < 2 || !args[1].equals("pipeline")) {
            throw new IllegalArgumentException("expected 'bench pipeline' but found '" + String.join(" ", args) + "'");
        }
        Map<String, String> o = parse(args, 2);
        List<String> pass = new ArrayList<>();
        o.forEach((k, v) -> {
            if (!k.equals("bootstrap-servers")) {
                pass.add("--" + k);
                pass.add(v);
            }
        });
        EmbeddedKafkaBroker broker = o.containsKey("bootstrap-servers") ? null : EmbeddedKafkaBroker.start();
        try {
            String bootstrap = broker == null ? o.get("bootstrap-servers") : broker.bootstrapServers();
            pass.add(0, bootstrap);
            pass.add(0, "--bootstrap-servers");
            List<String> jvm = new ArrayList<>(List.of("-Xmx6g", "-Xss4m"));
            jvm.addAll(JvmProcess.FLINK_JVM_OPTIONS);
            Path home = home();
            OUT.println("pipeline benchmark on Kafka at " + bootstrap + " (job logs in .augur/bench/bench.log)");
            return JvmProcess.runInForeground(
                    dev.augur.deploy.process.ModuleClasspath.of(home, "operators"), jvm,
                    "dev.augur.operators.bench.PipelineBenchmark", pass, home.resolve(".augur/bench/bench.log"),
                    home.resolve("deploy/conf/log4j2-file.properties"));
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    static int broker(Map<String, String> o) throws Exception {
        String dir = o.get("data-dir");
        EmbeddedKafkaBroker broker = dir == null ? EmbeddedKafkaBroker.start()
                : EmbeddedKafkaBroker.start(Path.of(dir), false);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            done.countDown();
        }));
        OUT.println("Kafka broker (KRaft) at " + broker.bootstrapServers() + "; Ctrl-C stops it");
        done.await();
        return 0;
    }

    static int topics(Map<String, String> o) {
        String bootstrap = o.get("bootstrap-servers");
        if (bootstrap == null) {
            throw new IllegalArgumentException("--bootstrap-servers is required");
        }
        TopicCatalogue cat = TopicCatalogue.withPrefix(o.getOrDefault("topic-prefix", TopicCatalogue.DEFAULT_PREFIX),
                intOpt(o, "partitions", 0, 0, 10_000));
        short rf = (short) intOpt(o, "replication-factor", 1, 1, 10);
        Map<String, Object> c = new java.util.HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        o.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                c.put(k.substring(6), v);
            }
        });
        try (Admin admin = Admin.create(c)) {
            List<String> created = TopicProvisioner.createMissing(admin, cat, rf);
            OUT.println("created " + created.size() + " topics: " + created);
        }
        return 0;
    }
}
