package dev.augur.deploy.cluster;

import java.nio.file.Path;

/**
 * Settings of {@code ./augur cluster up}.
 *
 * @param home repository root (the built modules are found under it)
 * @param workDir state file, logs, broker data, Flink configuration, checkpoints and savepoints
 * @param host the address every process binds to and advertises; 127.0.0.1 unless the user asks otherwise
 * @param taskManagers number of TaskManager processes
 * @param slots task slots per TaskManager
 * @param partitions partitions of the topics the cluster creates
 * @param topicPrefix prefix of the topics the cluster creates
 */
public record ClusterOptions(Path home, Path workDir, String host, int taskManagers, int slots, int partitions,
        String topicPrefix) {

    /** Whether every process binds to the loopback interface only. */
    public boolean loopbackOnly() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }

    public ClusterOptions {
        if (taskManagers < 1 || taskManagers > 16) {
            throw new IllegalArgumentException("--taskmanagers must be in [1, 16] but was " + taskManagers);
        }
        if (slots < 1 || slots > 64) {
            throw new IllegalArgumentException("--slots must be in [1, 64] but was " + slots);
        }
        if (partitions < 1 || partitions > 1000) {
            throw new IllegalArgumentException("--partitions must be in [1, 1000] but was " + partitions);
        }
        if (host == null || !host.matches("[a-zA-Z0-9.:_-]{1,253}")) {
            throw new IllegalArgumentException("--host must be a host name or IP address but was '" + host + "'");
        }
    }
}
