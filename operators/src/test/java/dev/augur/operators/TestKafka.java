package dev.augur.operators;

import dev.augur.schemas.codec.AvroCodec;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft broker for integration tests, with transactions on one replica. */
final class TestKafka {
    private TestKafka() {
    }

    static KafkaClusterTestKit start() throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }

    /** Creates every topic of {@code cat} with one partition. */
    static void createTopics(String bootstrap, TopicCatalogue cat) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> l = new ArrayList<>();
            for (Topic t : Topic.values()) {
                l.add(new NewTopic(cat.name(t), 1, (short) 1));
            }
            admin.createTopics(l).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The end offsets of partition 0 of {@code topic} as a {@code read_committed} and a {@code read_uncommitted}
     * consumer see them: the first stops at the first record of a transaction still open (the last stable offset), so
     * a gap that stays says a transaction was left open.
     */
    static String offsets(String bootstrap, String topic) {
        StringBuilder b = new StringBuilder(topic).append(" partition 0 end offsets:");
        for (String isolation : new String[] {"read_committed", "read_uncommitted"}) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("isolation.level", isolation);
            p.put("key.deserializer", ByteArrayDeserializer.class.getName());
            p.put("value.deserializer", ByteArrayDeserializer.class.getName());
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
                TopicPartition tp = new TopicPartition(topic, 0);
                b.append(' ').append(isolation).append(' ').append(c.endOffsets(List.of(tp)).get(tp));
            } catch (RuntimeException e) {
                b.append(' ').append(isolation).append(" unknown (").append(e).append(')');
            }
        }
        return b.toString();
    }

    /** The committed records ({@code read_committed}) of a one-partition topic, decoded, in offset order. */
    static <T extends org.apache.avro.specific.SpecificRecordBase> List<T> readCommitted(String bootstrap,
            String topic, Class<T> type) {
        AvroCodec<T> codec = AvroCodec.of(type);
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0));
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = c.endOffsets(parts).get(parts.get(0));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (c.position(parts.get(0)) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(codec.decode(r.value()));
                }
            }
        }
        return out;
    }
}
