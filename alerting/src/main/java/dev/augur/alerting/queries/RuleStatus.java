package dev.augur.alerting.queries;

import dev.augur.alerting.rules.AlertLifecycle;
import dev.augur.alerting.rules.Rule;
import java.util.EnumMap;
import java.util.Map;

/**
 * A rule and where its subjects stand on this instance.
 *
 * @param rule the rule
 * @param subjects subjects (series or groups) the rule has state for
 * @param phases subjects per lifecycle phase (every phase present, possibly 0)
 */
public record RuleStatus(Rule rule, int subjects, Map<AlertLifecycle.Phase, Integer> phases) {
    /** An empty count per phase. */
    static Map<AlertLifecycle.Phase, Integer> noPhases() {
        Map<AlertLifecycle.Phase, Integer> m = new EnumMap<>(AlertLifecycle.Phase.class);
        for (AlertLifecycle.Phase p : AlertLifecycle.Phase.values()) {
            m.put(p, 0);
        }
        return m;
    }
}
