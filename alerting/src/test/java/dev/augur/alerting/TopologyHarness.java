package dev.augur.alerting;

import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.alerting.queries.AlertingQueries;
import dev.augur.alerting.queries.StoreAccess;
import dev.augur.alerting.rules.RuleSet;
import dev.augur.alerting.rules.RulesFile;
import dev.augur.alerting.views.ViewListener;
import dev.augur.schemas.kafka.AvroKafkaSerde;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.topics.Topic;
import dev.augur.schemas.topics.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The alerting topology on a {@link TopologyTestDriver}, with typed input and output topics. */
final class TopologyHarness implements AutoCloseable {
    static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("t.");

    final TopologyTestDriver driver;
    final TestInputTopic<String, AnomalyScore> scores;
    final TestInputTopic<String, Observation> observations;
    final TestInputTopic<String, Forecast> forecasts;
    final TestOutputTopic<String, Alert> alerts;
    final AlertingMetrics metrics = new AlertingMetrics();
    /** Alerts the alert view passed to the listener (what the notifiers get). */
    final List<Alert> notified = Collections.synchronizedList(new ArrayList<>());
    final RuleSet rules;

    TopologyHarness(String rulesYaml) {
        this(RulesFile.parse(rulesYaml, RulesFile.Format.YAML, "test rules"), null);
    }

    TopologyHarness(RuleSet rules, ViewListener extra) {
        this.rules = rules;
        ViewListener also = extra == null ? ViewListener.NONE : extra;
        ViewListener listener = new ViewListener() {
            @Override
            public void observation(Observation o) {
                also.observation(o);
            }

            @Override
            public void score(AnomalyScore s) {
                also.score(s);
            }

            @Override
            public void forecast(Forecast f) {
                also.forecast(f);
            }

            @Override
            public void alert(Alert a) {
                notified.add(a);
                also.alert(a);
            }
        };
        AlertingConfig config = new AlertingConfig(TOPICS, rules, 50, java.time.Duration.ofHours(1));
        driver = new TopologyTestDriver(AlertingTopology.build(config, metrics, listener), properties());
        scores = driver.createInputTopic(TOPICS.name(Topic.ANOMALIES), Serdes.String().serializer(),
                AvroKafkaSerde.of(AnomalyScore.class));
        observations = driver.createInputTopic(TOPICS.name(Topic.OBSERVATIONS), Serdes.String().serializer(),
                AvroKafkaSerde.of(Observation.class));
        forecasts = driver.createInputTopic(TOPICS.name(Topic.FORECASTS), Serdes.String().serializer(),
                AvroKafkaSerde.of(Forecast.class));
        alerts = driver.createOutputTopic(TOPICS.name(Topic.ALERTS), Serdes.String().deserializer(),
                AvroKafkaSerde.of(Alert.class));
    }

    static Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "alerting-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            Path base = Files.createDirectories(Path.of("target", "ttd-state"));
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(base, "s").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }

    /** Pipes a score of {@code series} (group may be null) at {@code time}. */
    void score(String series, String group, long time, double score) {
        scores.pipeInput(series, Records.score(series, group, time, score), time);
    }

    /** Pipes {@code values} as consecutive one-minute scores of {@code series} from step {@code from}. */
    void scores(String series, int from, double... values) {
        for (int i = 0; i < values.length; i++) {
            score(series, null, Records.at(from + i), values[i]);
        }
    }

    /** Alert events emitted since the last call, in order. */
    List<Alert> emitted() {
        return alerts.readValuesToList();
    }

    /** Queries over the driver's stores, as the REST endpoints use them. */
    AlertingQueries queries() {
        return new AlertingQueries(new StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
                return driver.<String, V>getKeyValueStore(name);
            }
        }, rules);
    }

    @Override
    public void close() {
        driver.close();
    }
}
