package dev.augur.alerting.rules;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The validated rules of one rules file, in file order, and where they came from. */
public final class RuleSet {
    private final List<Rule> rules;
    private final List<Rule> seriesRules;
    private final List<Rule> groupRules;
    private final String source;

    /**
     * @param rules at least one rule, names unique
     * @param source where the rules came from, for logs and the status endpoint
     */
    public RuleSet(List<Rule> rules, String source) {
        this.rules = List.copyOf(rules);
        this.source = Objects.requireNonNull(source, "source");
        if (this.rules.isEmpty()) {
            throw new IllegalArgumentException("a rule set needs at least one rule");
        }
        if (this.rules.stream().map(Rule::name).distinct().count() != this.rules.size()) {
            throw new IllegalArgumentException("rule names must be unique: " + this.rules.stream().map(Rule::name)
                    .toList());
        }
        this.seriesRules = this.rules.stream().filter(r -> r.kind() == RuleKind.SERIES).toList();
        this.groupRules = this.rules.stream().filter(r -> r.kind() == RuleKind.GROUP).toList();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The series rules, in file order. */
    public List<Rule> seriesRules() {
        return seriesRules;
    }

    /** The group rules, in file order. */
    public List<Rule> groupRules() {
        return groupRules;
    }

    /** The rule called {@code name}, or null. */
    public Rule rule(String name) {
        for (Rule r : rules) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** Whether some group rule applies to {@code group} (null: none does). */
    public boolean anyGroupRuleMatches(String group) {
        if (group == null) {
            return false;
        }
        for (Rule r : groupRules) {
            if (r.match().matches(group)) {
                return true;
            }
        }
        return false;
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return rules.size() + " rules from " + source + ": " + Collections.unmodifiableList(rules.stream()
                .map(r -> r.name() + " (" + r.summary() + ")").toList());
    }
}
