package dev.augur.deploy.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a local stack.
 *
 * @param home repository root (built modules are found under it)
 * @param workDir where logs, broker data and state go
 * @param bootstrapServers an existing Kafka to use, or null to start the embedded broker
 * @param topicPrefix prefix of every topic name
 * @param partitions partitions per topic when creating topics
 * @param replicationFactor replication factor when creating topics (1 for the embedded broker)
 * @param checkpointInterval the job's checkpoint interval (output is visible to read_committed readers after each)
 * @param extraKafkaArgs pass-through {@code --kafka.<setting> value} arguments for every app (security settings)
 */
public record StackOptions(Path home, Path workDir, String bootstrapServers, String topicPrefix, int partitions,
        short replicationFactor, Duration checkpointInterval, java.util.List<String> extraKafkaArgs) {

    public StackOptions {
        if (partitions < 1 || partitions > 1000) {
            throw new IllegalArgumentException("--partitions must be in [1, 1000] but was " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > 10) {
            throw new IllegalArgumentException("--replication-factor must be in [1, 10] but was "
                    + replicationFactor);
        }
        if (checkpointInterval.toMillis() < 100) {
            throw new IllegalArgumentException("checkpoint interval must be >= 100 ms but was "
                    + checkpointInterval);
        }
    }
}
