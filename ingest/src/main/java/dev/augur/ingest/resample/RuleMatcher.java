package dev.augur.ingest.resample;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link ResampleRules#ruleFor(String)} with a memo of recent series, so the patterns run once per series rather than
 * once per record. The memo is cleared when it reaches {@value #MAX_ENTRIES} series. Not thread-safe: one per
 * processor instance.
 */
final class RuleMatcher {
    static final int MAX_ENTRIES = 10_000;
    private final ResampleRules rules;
    private final Map<String, ResampleRule> memo = new HashMap<>();

    RuleMatcher(ResampleRules rules) {
        this.rules = rules;
    }

    /** The rule for {@code series}, or null when none matches. */
    ResampleRule ruleFor(String series) {
        ResampleRule r = memo.get(series);
        if (r != null || memo.containsKey(series)) {
            return r;
        }
        if (memo.size() >= MAX_ENTRIES) {
            memo.clear();
        }
        r = rules.ruleFor(series);
        memo.put(series, r);
        return r;
    }
}
