package dev.augur.deploy.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Submits Augur's job jar ({@code operators/target/*-job.jar}, the jar {@code flink run} takes) to a
 * {@link StandaloneCluster} over REST: RocksDB state, exactly-once sinks, checkpoints in the cluster's work directory,
 * a restart strategy that keeps retrying after repeated failures (a standalone cluster's TaskManagers come back).
 *
 * @param topicPrefix topics the job reads and writes
 * @param parallelism the job's parallelism
 * @param savepointPath a savepoint or retained checkpoint to start from, or null
 * @param extraArgs more {@code --key value} job arguments (Augur options, Flink settings, {@code --kafka.*})
 */
public record JobSubmission(String topicPrefix, int parallelism, String savepointPath, List<String> extraArgs) {
    public static final String ENTRY_CLASS = "dev.augur.operators.AugurJob";

    public JobSubmission {
        if (parallelism < 1 || parallelism > 1024) {
            throw new IllegalArgumentException("--parallelism must be in [1, 1024] but was " + parallelism);
        }
        extraArgs = List.copyOf(extraArgs);
    }

    /** The job's program arguments. */
    public List<String> programArgs(StandaloneCluster cluster) {
        List<String> a = new ArrayList<>(List.of(
                "--bootstrap-servers", cluster.state().bootstrapServers(),
                "--topic-prefix", topicPrefix,
                "--group-id", topicPrefix + "job",
                "--transactional-id-prefix", topicPrefix + "tx",
                "--parallelism", Integer.toString(parallelism),
                "--checkpoint.interval", "1 s",
                "--state.backend.type", "rocksdb",
                "--execution.checkpointing.dir", cluster.checkpointDir().toUri().toString(),
                "--restart-strategy.type", "exponential-delay",
                "--restart-strategy.exponential-delay.initial-backoff", "500 ms",
                "--restart-strategy.exponential-delay.max-backoff", "5 s",
                "--restart-strategy.exponential-delay.attempts-before-reset-backoff", "1000"));
        a.addAll(extraArgs);
        return a;
    }

    /** Uploads the job jar unless the cluster already holds this build of it, runs it; returns the job id. */
    public String submit(StandaloneCluster cluster, Path home) {
        Path jar = jobJar(home);
        FlinkRest rest = cluster.rest();
        String stamp = jar + "@" + jar.toFile().lastModified();
        String jarId = cluster.state().setting("jar.id", null);
        if (jarId == null || !stamp.equals(cluster.state().setting("jar.stamp", "")) || !rest.jarIds().contains(jarId)) {
            jarId = rest.uploadJar(jar);
            cluster.state().setSetting("jar.id", jarId);
            cluster.state().setSetting("jar.stamp", stamp);
        }
        return rest.runJar(jarId, ENTRY_CLASS, programArgs(cluster), parallelism, savepointPath);
    }

    /** {@code operators/target/augur-operators-*-job.jar}. */
    public static Path jobJar(Path home) {
        Path target = home.resolve("operators/target");
        try (Stream<Path> s = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return s.filter(p -> p.getFileName().toString().matches("augur-operators-.*-job\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("expected the job jar operators/target/augur-"
                            + "operators-<version>-job.jar but found none: run `mvn -B -DskipTests package` in "
                            + home));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target, e);
        }
    }
}
