package dev.augur.alerting.queries;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read access to the topology's key-value stores by name: interactive queries on a running {@link KafkaStreams}
 * client, or a test driver's stores.
 */
@FunctionalInterface
public interface StoreAccess {
    /**
     * @return the store, or null when the topology has no store of that name
     * @throws InvalidStateStoreException while the stores cannot be queried (starting, rebalancing)
     */
    <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name);

    /** Interactive queries over the local instance's stores (every task it holds). */
    static StoreAccess of(KafkaStreams streams) {
        return new StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
                return streams.store(StoreQueryParameters.fromNameAndType(name,
                        QueryableStoreTypes.<String, V>keyValueStore()));
            }
        };
    }
}
