package dev.augur.deploy.broker;

import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics of a {@link TopicCatalogue} that do not exist yet; existing topics are left as they are. */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * @return the names of the topics created
     */
    public static List<String> createMissing(Admin admin, TopicCatalogue catalogue, short replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> create = new ArrayList<>();
            for (Topic t : Topic.values()) {
                String name = catalogue.name(t);
                if (!existing.contains(name)) {
                    create.add(new NewTopic(name, catalogue.partitions(t), replicationFactor)
                            .configs(catalogue.configs(t)));
                }
            }
            if (!create.isEmpty()) {
                admin.createTopics(create).all().get(60, TimeUnit.SECONDS);
            }
            List<String> names = create.stream().map(NewTopic::name).toList();
            LOG.info("topics created: {}", names);
            return names;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the topics with prefix '" + catalogue.prefix() + "': "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
