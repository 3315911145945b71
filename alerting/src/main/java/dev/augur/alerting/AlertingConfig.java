package dev.augur.alerting;

import dev.augur.alerting.rules.RuleSet;
import dev.augur.schemas.topics.TopicCatalogue;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link AlertingTopology} needs: the topic names, the rules, and how much the dashboard views keep.
 *
 * @param topics topic names of the stack
 * @param rules validated rules
 * @param historyPoints points kept per series for the chart (observations, scores, one-step forecasts), in
 *     [{@value #MIN_HISTORY_POINTS}, {@value #MAX_HISTORY_POINTS}]
 * @param alertRetention how long (event time) resolved alerts stay in the alert list, in [1 min, 365 d]
 */
public record AlertingConfig(TopicCatalogue topics, RuleSet rules, int historyPoints, Duration alertRetention) {
    public static final int MIN_HISTORY_POINTS = 10;
    public static final int MAX_HISTORY_POINTS = 100_000;
    public static final int DEFAULT_HISTORY_POINTS = 600;
    public static final Duration DEFAULT_ALERT_RETENTION = Duration.ofDays(1);

    public AlertingConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(alertRetention, "alertRetention");
        if (historyPoints < MIN_HISTORY_POINTS || historyPoints > MAX_HISTORY_POINTS) {
            throw new IllegalArgumentException("historyPoints must be in [" + MIN_HISTORY_POINTS + ", "
                    + MAX_HISTORY_POINTS + "] but was " + historyPoints);
        }
        if (alertRetention.compareTo(Duration.ofMinutes(1)) < 0 || alertRetention.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("alertRetention must be in [PT1M, P365D] but was " + alertRetention);
        }
    }

    /** The given topics and rules with the default view sizes. */
    public static AlertingConfig of(TopicCatalogue topics, RuleSet rules) {
        return new AlertingConfig(topics, rules, DEFAULT_HISTORY_POINTS, DEFAULT_ALERT_RETENTION);
    }
}
