package dev.augur.alerting;

import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft Kafka (combined broker and controller) in this JVM, for the *IT tests. */
final class KafkaTestCluster implements AutoCloseable {
    private final KafkaClusterTestKit kit;

    private KafkaTestCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    static KafkaTestCluster start() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "2")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "2")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            kit.close();
            throw e;
        }
        return new KafkaTestCluster(kit);
    }

    String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /** Settings every client of the cluster needs. */
    Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return c;
    }

    /** Creates every topic of the catalogue with {@code partitions} partitions. */
    void createTopics(TopicCatalogue topics, int partitions) throws Exception {
        List<NewTopic> all = new ArrayList<>();
        for (Topic t : Topic.values()) {
            all.add(new NewTopic(topics.name(t), partitions, (short) 1).configs(topics.configs(t)));
        }
        try (Admin admin = Admin.create(clientConfig())) {
            admin.createTopics(all).all().get();
        }
    }

    @Override
    public void close() throws Exception {
        kit.close();
    }
}
