package dev.augur.alerting.processors;

import dev.augur.alerting.AlertingStores;
import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.alerting.rules.Evaluation;
import dev.augur.alerting.rules.Rule;
import dev.augur.alerting.rules.RuleSet;
import dev.augur.alerting.rules.SeriesRuleEvaluator;
import dev.augur.alerting.rules.SeriesRuleState;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AnomalyScore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the series rules on scores keyed by series: for each rule that matches the score's series, loads the state,
 * calls {@link SeriesRuleEvaluator}, stores the state, forwards the alert events keyed by alert id (with the score's
 * timestamp). Warming-up scores are counted and skipped.
 */
public final class SeriesRuleProcessor implements Processor<String, AnomalyScore, String, Alert> {
    private final RuleSet rules;
    private final AlertingMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, SeriesRuleState> store;

    public SeriesRuleProcessor(RuleSet rules, AlertingMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(AlertingStores.RULE_SERIES_STATE);
    }

    @Override
    public void process(Record<String, AnomalyScore> record) {
        AnomalyScore score = record.value();
        if (score == null) {
            return;
        }
        metrics.countScore(score.getWarmingUp());
        if (score.getWarmingUp()) {
            return;
        }
        for (Rule rule : rules.seriesRules()) {
            if (!rule.match().matches(score.getSeries())) {
                continue;
            }
            String key = AlertingStores.ruleKey(rule.name(), score.getSeries());
            SeriesRuleState state = store.get(key);
            if (state == null) {
                state = new SeriesRuleState();
            } else if (state.version != SeriesRuleState.VERSION) {
                throw new IllegalStateException("rule state of '" + rule.name() + "' for " + score.getSeries()
                        + " has layout version " + state.version + "; this release reads version "
                        + SeriesRuleState.VERSION);
            }
            Evaluation e = SeriesRuleEvaluator.evaluate(rule, state, score);
            metrics.countRuleEvaluation(e.outcome());
            if (e.outcome() == Evaluation.Outcome.DUPLICATE) {
                continue;
            }
            store.put(key, state);
            for (Alert a : e.alerts()) {
                metrics.countAlertEmitted(a.getState());
                context.forward(record.withKey(a.getId()).withValue(a));
            }
        }
    }
}
