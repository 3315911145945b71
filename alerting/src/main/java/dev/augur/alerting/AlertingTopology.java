package dev.augur.alerting;

import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.alerting.processors.GroupRuleProcessor;
import dev.augur.alerting.processors.SeriesRuleProcessor;
import dev.augur.alerting.rules.RuleSet;
import dev.augur.alerting.views.AlertViewProcessor;
import dev.augur.alerting.views.ForecastViewProcessor;
import dev.augur.alerting.views.ObservationViewProcessor;
import dev.augur.alerting.views.ScoreViewProcessor;
import dev.augur.alerting.views.ViewListener;
import dev.augur.schemas.kafka.AvroKafkaSerde;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The alerting topology: rules from scores to alerts, and the views the dashboard and REST endpoints query.
 *
 * <pre>
 * &lt;prefix&gt;anomalies --+--&gt; series-rules [rule-series-state] --------------------------------+--&gt; &lt;prefix&gt;alerts
 *   (key series)     |                                                                  |    (key alert id)
 *                    +--&gt; not warming up, group matched by a group rule --&gt; key by group  |
 *                    |      --&gt; repartition (group-scores) --&gt; group-rules [rule-group-state] --+
 *                    +--&gt; score-view [view-series, view-scores]
 * &lt;prefix&gt;observations ---&gt; observation-view [view-series, view-observations]
 * &lt;prefix&gt;forecasts ------&gt; forecast-view [view-series, view-forecast-history, view-forecasts]
 * &lt;prefix&gt;alerts ---------&gt; alert-view [view-alerts] --&gt; listener (notifiers, live events)
 * </pre>
 *
 * Stream time is event time ({@link EventTimeExtractor}). The app runs it with {@code exactly_once_v2}, so alerts
 * and the state that produced them commit together, and the alert view (reading {@code read_committed}) only sees
 * and notifies committed alerts. The stores are described in {@link AlertingStores}.
 */
public final class AlertingTopology {
    private AlertingTopology() {
    }

    /** The topology with fresh metrics and no listener (tests, tools). */
    public static Topology build(AlertingConfig config) {
        return build(config, new AlertingMetrics(), ViewListener.NONE);
    }

    /**
     * @param metrics counters the processors update
     * @param listener told about every record after the views store it, and about every committed alert
     */
    public static Topology build(AlertingConfig config, AlertingMetrics metrics, ViewListener listener) {
        TopicCatalogue topics = config.topics();
        RuleSet rules = config.rules();
        AvroKafkaSerde<AnomalyScore> scoreSerde = AvroKafkaSerde.of(AnomalyScore.class);
        AvroKafkaSerde<Alert> alertSerde = AvroKafkaSerde.of(Alert.class);
        EventTimeExtractor eventTime = new EventTimeExtractor();
        String alertsTopic = topics.name(Topic.ALERTS);
        int points = config.historyPoints();

        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(AlertingStores.seriesRuleState());
        b.addStateStore(AlertingStores.seriesStatus());
        b.addStateStore(AlertingStores.observations());
        b.addStateStore(AlertingStores.scores());
        b.addStateStore(AlertingStores.forecastHistory());
        b.addStateStore(AlertingStores.forecasts());
        b.addStateStore(AlertingStores.alerts());

        KStream<String, AnomalyScore> scores = b.stream(topics.name(Topic.ANOMALIES),
                Consumed.with(Serdes.String(), scoreSerde).withTimestampExtractor(eventTime)
                        .withName("anomalies-source"));
        scores.process(() -> new SeriesRuleProcessor(rules, metrics), Named.as("series-rules"),
                        AlertingStores.RULE_SERIES_STATE)
                .to(alertsTopic, Produced.with(Serdes.String(), alertSerde).withName("series-alerts-sink"));
        if (!rules.groupRules().isEmpty()) {
            b.addStateStore(AlertingStores.groupRuleState());
            scores.filter((k, v) -> v != null && !v.getWarmingUp() && rules.anyGroupRuleMatches(v.getGroup()),
                            Named.as("group-scores-filter"))
                    .selectKey((k, v) -> v.getGroup(), Named.as("key-by-group"))
                    .repartition(Repartitioned.<String, AnomalyScore>as("group-scores")
                            .withKeySerde(Serdes.String()).withValueSerde(scoreSerde))
                    .process(() -> new GroupRuleProcessor(rules, metrics), Named.as("group-rules"),
                            AlertingStores.RULE_GROUP_STATE)
                    .to(alertsTopic, Produced.with(Serdes.String(), alertSerde).withName("group-alerts-sink"));
        }
        scores.process(() -> new ScoreViewProcessor(points, listener), Named.as("score-view"),
                AlertingStores.VIEW_SERIES, AlertingStores.VIEW_SCORES);

        b.stream(topics.name(Topic.OBSERVATIONS), Consumed.with(Serdes.String(), AvroKafkaSerde.of(Observation.class))
                        .withTimestampExtractor(eventTime).withName("observations-source"))
                .process(() -> new ObservationViewProcessor(points, listener), Named.as("observation-view"),
                        AlertingStores.VIEW_SERIES, AlertingStores.VIEW_OBSERVATIONS);
        b.stream(topics.name(Topic.FORECASTS), Consumed.with(Serdes.String(), AvroKafkaSerde.of(Forecast.class))
                        .withTimestampExtractor(eventTime).withName("forecasts-source"))
                .process(() -> new ForecastViewProcessor(points, listener), Named.as("forecast-view"),
                        AlertingStores.VIEW_SERIES, AlertingStores.VIEW_FORECAST_HISTORY,
                        AlertingStores.VIEW_FORECASTS);
        b.stream(alertsTopic, Consumed.with(Serdes.String(), alertSerde).withTimestampExtractor(eventTime)
                        .withName("alerts-source"))
                .process(() -> new AlertViewProcessor(config.alertRetention(), listener, metrics),
                        Named.as("alert-view"), AlertingStores.VIEW_ALERTS);
        return b.build();
    }
}
