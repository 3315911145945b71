package dev.augur.alerting;

import dev.augur.alerting.json.JsonSerde;
import dev.augur.alerting.rules.GroupRuleState;
import dev.augur.alerting.rules.SeriesRuleState;
import dev.augur.alerting.views.ForecastPoint;
import dev.augur.alerting.views.ObservationPoint;
import dev.augur.alerting.views.ScorePoint;
import dev.augur.alerting.views.SeriesStatus;
import dev.augur.schemas.kafka.AvroKafkaSerde;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.Forecast;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The state stores of the alerting topology: their names (for interactive queries), key and value types, and how
 * they are kept. Every store is changelogged, so it is rebuilt after a restart or a move to another instance.
 *
 * <ul>
 *   <li>{@link #RULE_SERIES_STATE}, {@link #RULE_GROUP_STATE}: persistent (RocksDB), key {@code rule + '\0' +
 *       subject}, the rule state including the open alert; the source of truth for alerts.</li>
 *   <li>The {@code view-*} stores: in memory, what the dashboard and the REST endpoints show.</li>
 * </ul>
 */
public final class AlertingStores {
    /** Series rule state, key {@code rule \0 series}, value {@link SeriesRuleState}. */
    public static final String RULE_SERIES_STATE = "rule-series-state";
    /** Group rule state, key {@code rule \0 group}, value {@link GroupRuleState}. */
    public static final String RULE_GROUP_STATE = "rule-group-state";
    /** Per series status, key series, value {@link SeriesStatus}. */
    public static final String VIEW_SERIES = "view-series";
    /** Ring of recent observations ({@link dev.augur.alerting.views.SeriesRing}), value {@link ObservationPoint}. */
    public static final String VIEW_OBSERVATIONS = "view-observations";
    /** Ring of recent scores, value {@link ScorePoint}. */
    public static final String VIEW_SCORES = "view-scores";
    /** Ring of the first step of recent forecasts, value {@link ForecastPoint}. */
    public static final String VIEW_FORECAST_HISTORY = "view-forecast-history";
    /** Latest forecast per series, key series, value {@link Forecast}. */
    public static final String VIEW_FORECASTS = "view-forecasts";
    /** Latest event of each alert, key alert id, value {@link Alert}; resolved ones expire. */
    public static final String VIEW_ALERTS = "view-alerts";

    /** Separates the rule name from the subject in rule state keys. */
    public static final char KEY_SEPARATOR = '\0';

    private AlertingStores() {
    }

    /** Key of the state of {@code rule} for {@code subject}. */
    public static String ruleKey(String rule, String subject) {
        return rule + KEY_SEPARATOR + subject;
    }

    static StoreBuilder<KeyValueStore<String, SeriesRuleState>> seriesRuleState() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RULE_SERIES_STATE), Serdes.String(),
                JsonSerde.of(SeriesRuleState.class));
    }

    static StoreBuilder<KeyValueStore<String, GroupRuleState>> groupRuleState() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RULE_GROUP_STATE), Serdes.String(),
                JsonSerde.of(GroupRuleState.class));
    }

    static StoreBuilder<KeyValueStore<String, SeriesStatus>> seriesStatus() {
        return inMemory(VIEW_SERIES, JsonSerde.of(SeriesStatus.class));
    }

    static StoreBuilder<KeyValueStore<String, ObservationPoint>> observations() {
        return inMemory(VIEW_OBSERVATIONS, JsonSerde.of(ObservationPoint.class));
    }

    static StoreBuilder<KeyValueStore<String, ScorePoint>> scores() {
        return inMemory(VIEW_SCORES, JsonSerde.of(ScorePoint.class));
    }

    static StoreBuilder<KeyValueStore<String, ForecastPoint>> forecastHistory() {
        return inMemory(VIEW_FORECAST_HISTORY, JsonSerde.of(ForecastPoint.class));
    }

    static StoreBuilder<KeyValueStore<String, Forecast>> forecasts() {
        return inMemory(VIEW_FORECASTS, AvroKafkaSerde.of(Forecast.class));
    }

    static StoreBuilder<KeyValueStore<String, Alert>> alerts() {
        return inMemory(VIEW_ALERTS, AvroKafkaSerde.of(Alert.class));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> inMemory(String name, Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde);
    }
}
