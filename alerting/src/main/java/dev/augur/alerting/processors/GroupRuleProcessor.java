package dev.augur.alerting.processors;

import dev.augur.alerting.AlertingStores;
import dev.augur.alerting.metrics.AlertingMetrics;
import dev.augur.alerting.rules.Evaluation;
import dev.augur.alerting.rules.GroupRuleEvaluator;
import dev.augur.alerting.rules.GroupRuleState;
import dev.augur.alerting.rules.Rule;
import dev.augur.alerting.rules.RuleSet;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AnomalyScore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the group rules on scores re-keyed by group (non-warming-up scores of series that have a group): for each
 * rule that matches the group, loads the state, calls {@link GroupRuleEvaluator}, stores the state, forwards the
 * incident events keyed by alert id.
 */
public final class GroupRuleProcessor implements Processor<String, AnomalyScore, String, Alert> {
    private final RuleSet rules;
    private final AlertingMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, GroupRuleState> store;

    public GroupRuleProcessor(RuleSet rules, AlertingMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(AlertingStores.RULE_GROUP_STATE);
    }

    @Override
    public void process(Record<String, AnomalyScore> record) {
        AnomalyScore score = record.value();
        String group = record.key();
        if (score == null || group == null || score.getWarmingUp()) {
            return;
        }
        for (Rule rule : rules.groupRules()) {
            if (!rule.match().matches(group)) {
                continue;
            }
            String key = AlertingStores.ruleKey(rule.name(), group);
            GroupRuleState state = store.get(key);
            if (state == null) {
                state = new GroupRuleState();
            } else if (state.version != GroupRuleState.VERSION) {
                throw new IllegalStateException("rule state of '" + rule.name() + "' for group " + group
                        + " has layout version " + state.version + "; this release reads version "
                        + GroupRuleState.VERSION);
            }
            Evaluation e = GroupRuleEvaluator.evaluate(rule, group, state, score);
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
