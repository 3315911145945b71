package dev.augur.alerting.rules;

import java.util.Locale;

/** What a rule watches: one series at a time, or the members of a group together. */
public enum RuleKind {
    /** Evaluated per series on that series' scores; {@code match} is applied to the series id. */
    SERIES,
    /** Evaluated per group on the scores of its members; {@code match} is applied to the group id. */
    GROUP;

    /** The name used in rules files: {@code series} or {@code group}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
