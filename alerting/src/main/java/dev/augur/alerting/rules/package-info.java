/**
 * Alert rules: the rules file format ({@link dev.augur.alerting.rules.RulesFile}), the validated rules, and the
 * pure rule transitions ({@link dev.augur.alerting.rules.SeriesRuleEvaluator}, {@link
 * dev.augur.alerting.rules.GroupRuleEvaluator}) over plain-data state. Nothing here knows Kafka.
 */
package dev.augur.alerting.rules;
