package dev.augur.deploy.cluster;

import dev.augur.schemas.topics.TopicCatalogue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./augur cluster up|down|status|chaos|rescale} and {@code ./augur deploy}: the standalone multi-process
 * cluster on this machine, the job on it, and the fault-injection and rescaling proofs.
 */
public final class ClusterCommand {
    private ClusterCommand() {
    }

    public static String usage() {
        return """
                  cluster up       Start a real multi-process cluster on 127.0.0.1: a KRaft Kafka broker, a Flink
                                   JobManager (web UI) and TaskManagers, each its own JVM, from the Maven build;
                                   returns when all are up. [--taskmanagers 2] [--slots 2] [--partitions 4]
                                   [--topic-prefix augur.] [--host 127.0.0.1] [--work-dir .augur/cluster]
                  cluster status   Processes, ports, TaskManagers, slots and jobs of the cluster.
                  cluster down     Stop every process of the cluster (nothing is left running).
                  cluster chaos    Fault injection while a feed runs: kill -9 a TaskManager --tm-kills times (5)
                                   at random moments and restart it, then the JobManager once (the job restarts
                                   from its latest retained checkpoint); then compare every committed forecast and
                                   anomaly score with a failure-free run, record for record. Recovery time per
                                   failure; a JSON summary last. [--series 8] [--rate-steps 10] [--tm-kills 5]
                                   [--seed N] (starts its own cluster unless one runs)
                  cluster rescale  Stop the job with a savepoint at parallelism 2, continue at 1, then at 4, and
                                   compare with a run without rescaling. JSON summary last. [--series 8]
                                   [--rate-steps 10] [--stage-seconds 8] [--seed 7]
                  deploy           Submit the job jar to the cluster (parallelism 2, RocksDB, exactly-once) and
                                   print the job's web URL. [--parallelism 2] [--topic-prefix augur.]
                                   [--from-savepoint PATH] [--kafka.<setting> VALUE] [--<job option> VALUE]
                """;
    }

    static Path workDir(Path home, Map<String, String> o) {
        return Path.of(o.getOrDefault("work-dir", home.resolve(".augur/cluster").toString())).toAbsolutePath();
    }

    public static int cluster(Path home, List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("expected cluster up|down|status|chaos|rescale but found nothing");
        }
        Map<String, String> o = Options.parse(args.subList(1, args.size()));
        Options.requireKnown(o, "cluster " + args.get(0), switch (args.get(0)) {
            case "up" -> List.of("work-dir", "host", "taskmanagers", "slots", "partitions", "topic-prefix");
            case "chaos" -> List.of("work-dir", "series", "rate-steps", "tm-kills", "seed");
            case "rescale" -> List.of("work-dir", "series", "rate-steps", "stage-seconds", "seed");
            default -> List.of("work-dir");
        });
        Path work = workDir(home, o);
        switch (args.get(0)) {
            case "up" -> {
                ClusterOptions co = new ClusterOptions(home, work, o.getOrDefault("host", "127.0.0.1"),
                        Options.intIn(o, "taskmanagers", 2, 1, 16), Options.intIn(o, "slots", 2, 1, 64),
                        Options.intIn(o, "partitions", 4, 1, 1000),
                        o.getOrDefault("topic-prefix", TopicCatalogue.DEFAULT_PREFIX));
                if (!co.loopbackOnly()) {
                    out.println("warning: --host " + co.host() + ": Kafka, Flink RPC, blob, data and the web UI "
                            + "(unauthenticated) are reachable beyond this machine");
                }
                StandaloneCluster.up(co, out);
                out.println("next: ./augur deploy   (then ./augur cluster status, ./augur cluster down)");
                return 0;
            }
            case "status" -> {
                var s = ClusterState.load(work);
                if (s.isEmpty()) {
                    out.println("no cluster in " + work);
                    return 1;
                }
                StandaloneCluster.attach(home, work).status().forEach(out::println);
                return 0;
            }
            case "down" -> {
                if (ClusterState.load(work).isEmpty()) {
                    out.println("no cluster in " + work + "; nothing to stop");
                    return 0;
                }
                List<String> left = StandaloneCluster.attach(home, work).down(out);
                if (!left.isEmpty()) {
                    out.println("error: still running: " + left);
                    return 1;
                }
                out.println("cluster stopped; nothing left running (logs, checkpoints and savepoints stay in " + work
                        + ")");
                return 0;
            }
            case "chaos" -> {
                return ChaosScenario.fromOptions(home, work, o).run(out);
            }
            case "rescale" -> {
                return RescaleScenario.fromOptions(home, work, o).run(out);
            }
            default -> throw new IllegalArgumentException("expected cluster up|down|status|chaos|rescale but found '"
                    + args.get(0) + "'");
        }
    }

    public static int deploy(Path home, List<String> args, PrintStream out) {
        Map<String, String> o = Options.parse(args);
        Path work = workDir(home, o);
        StandaloneCluster c = StandaloneCluster.attach(home, work);
        List<String> extra = new ArrayList<>();
        o.forEach((k, v) -> {
            if (!List.of("work-dir", "parallelism", "topic-prefix", "from-savepoint").contains(k)) {
                extra.add("--" + k);
                extra.add(v);
            }
        });
        JobSubmission job = new JobSubmission(o.getOrDefault("topic-prefix", c.state().setting("topic-prefix",
                TopicCatalogue.DEFAULT_PREFIX)), Options.intIn(o, "parallelism", 2, 1, 1024), o.get("from-savepoint"),
                extra);
        out.println("submitting " + JobSubmission.jobJar(home).getFileName() + " to " + c.rest().baseUrl()
                + " (parallelism " + job.parallelism() + ", RocksDB, checkpoints in " + c.checkpointDir() + ")");
        String id = job.submit(c, home);
        out.println("job " + id + " submitted");
        out.println("job URL: " + c.rest().jobUrl(id));
        return 0;
    }

    /** Shared wait loop: until the job runs every task, or fail naming its state. */
    static void awaitRunning(FlinkRest rest, String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "?";
        while (System.nanoTime() < deadline) {
            try {
                if (rest.allTasksRunning(jobId)) {
                    return;
                }
                state = rest.jobState(jobId);
                if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                    break;
                }
            } catch (RuntimeException notYet) {
                state = notYet.getMessage();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("expected job " + jobId + " to run all its tasks within " + timeout
                + " but found state " + state);
    }
}
