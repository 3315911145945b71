package dev.augur.alerting.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.augur.schemas.records.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a rules file (YAML, or JSON when the file name ends in {@code .json}). Every problem fails the
 * whole file with a {@link RuleFileException} that names the file, the rule and the field, the allowed values and
 * what was found. Unknown fields are errors, so a typo cannot silently fall back to a default.
 *
 * <pre>
 * rules:
 *   - name: sustained              # required, unique, [A-Za-z0-9._-]{1,100}
 *     description: free text       # optional
 *     kind: series                 # series (default) | group
 *     match: "plant-1/*"           # glob on the series id (group rules: the group id), or "re:&lt;regex&gt;"; default "*"
 *     thresholds:                  # required, at least one; score >= threshold is a breach; rising with severity
 *       warning: 0.999
 *       critical: 0.9999
 *     kOfN: {k: 3, n: 10}          # series only: k breaches among the last n scores (default 1 of 1; n &lt;= 64)
 *     minDuration: 0s              # the condition must hold this long before an alert opens (default 0)
 *     resolve:
 *       below: 0.99                # a score below this is clear (default: the lowest threshold); hysteresis
 *       clearCount: 5              # series only: consecutive clear scores to resolve (default 1)
 *       quietFor: 10m              # and this long since the last breach (default 0; group rules: group.window)
 *     coolDown: 30m                # after a resolve, no new alert for this rule and subject for this long (default 0)
 *     cap: {maxAlerts: 5, per: 1d} # at most maxAlerts opened per rule and subject within per (default: no cap)
 *     group: {minMembers: 2, window: 10m}   # group only: members anomalous within window (defaults 2, 5m)
 * </pre>
 *
 * Durations: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}); all are
 * event time.
 */
public final class RulesFile {
    /** Class-path location of the rules used when no rules file is given. */
    public static final String DEFAULT_RESOURCE = "/dev/augur/alerting/rules/default-rules.yaml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Set<String> TOP_FIELDS = Set.of("rules");
    private static final List<String> RULE_FIELDS = List.of("name", "description", "kind", "match", "thresholds",
            "kOfN", "minDuration", "resolve", "coolDown", "cap", "group");
    private static final List<String> THRESHOLD_FIELDS = List.of("info", "warning", "critical");
    private static final List<String> KOFN_FIELDS = List.of("k", "n");
    private static final List<String> RESOLVE_FIELDS = List.of("below", "clearCount", "quietFor");
    private static final List<String> CAP_FIELDS = List.of("maxAlerts", "per");
    private static final List<String> GROUP_FIELDS = List.of("minMembers", "window");
    private static final Duration MAX_HOLD = Duration.ofDays(7);
    private static final Duration MAX_COOL_DOWN = Duration.ofDays(30);
    private static final Duration MAX_GROUP_WINDOW = Duration.ofDays(1);
    private static final long DEFAULT_GROUP_WINDOW_MS = Duration.ofMinutes(5).toMillis();

    /** The syntax of a rules file. */
    public enum Format {
        YAML, JSON;

        /** JSON for names ending in {@code .json}, YAML otherwise. */
        public static Format forFileName(String name) {
            return name.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        }
    }

    private RulesFile() {
    }

    /**
     * Reads and validates the rules file at {@code path}.
     *
     * @throws RuleFileException when the file cannot be read or is invalid
     */
    public static RuleSet load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleFileException("rules file " + path + ": cannot be read (" + e + ")", e);
        }
        return parse(text, Format.forFileName(path.getFileName().toString()), path.toString());
    }

    /** The rules shipped with the app ({@link #DEFAULT_RESOURCE}), used when no rules file is given. */
    public static RuleSet loadDefault() {
        try (InputStream in = RulesFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default rules " + DEFAULT_RESOURCE + " missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Format.YAML,
                    "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read default rules " + DEFAULT_RESOURCE, e);
        }
    }

    /**
     * Parses and validates rules text.
     *
     * @param source the file name or resource, used in messages
     * @throws RuleFileException naming the rule and field when anything is invalid
     */
    public static RuleSet parse(String text, Format format, String source) {
        ObjectMapper mapper = format == Format.JSON ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RuleFileException("rules file " + source + ": not valid " + format + ": "
                    + e.getOriginalMessage() + locationOf(e), e);
        }
        String where = "rules file " + source;
        if (root == null || !root.isObject()) {
            throw new RuleFileException(where + ": expected a mapping with a 'rules' list but found "
                    + describe(root));
        }
        checkFields((ObjectNode) root, TOP_FIELDS, where);
        JsonNode list = root.get("rules");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new RuleFileException(where + ": 'rules' must be a non-empty list of rules but was "
                    + describe(list));
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        ArrayNode array = (ArrayNode) list;
        for (int i = 0; i < array.size(); i++) {
            Rule rule = parseRule(array.get(i), i, where);
            Integer before = names.putIfAbsent(rule.name(), i);
            if (before != null) {
                throw new RuleFileException(where + ": rule '" + rule.name() + "' (rules[" + i + "]): field 'name' "
                        + "must be unique but '" + rule.name() + "' is already used by rules[" + before + "]");
            }
            rules.add(rule);
        }
        return new RuleSet(rules, source);
    }

    private static Rule parseRule(JsonNode node, int index, String file) {
        if (node == null || !node.isObject()) {
            throw new RuleFileException(file + ": rules[" + index + "] must be a mapping of rule fields but was "
                    + describe(node));
        }
        ObjectNode o = (ObjectNode) node;
        JsonNode nameNode = o.get("name");
        String label = "rules[" + index + "]";
        if (nameNode == null || !nameNode.isTextual() || !NAME.matcher(nameNode.asText()).matches()) {
            throw new RuleFileException(file + ": rule " + label + ": field 'name' must be a string matching "
                    + NAME.pattern() + " but was " + describe(nameNode));
        }
        String name = nameNode.asText();
        Fields f = new Fields(file + ": rule '" + name + "' (" + label + ")");
        f.checkFields(o, "", RULE_FIELDS);

        String description = o.has("description") ? f.text(o, "description") : "";
        RuleKind kind = RuleKind.SERIES;
        if (o.has("kind")) {
            String k = f.text(o, "kind");
            kind = null;
            for (RuleKind rk : RuleKind.values()) {
                if (rk.fileName().equals(k)) {
                    kind = rk;
                }
            }
            if (kind == null) {
                throw f.error("kind", "one of series, group", "'" + k + "'");
            }
        }
        SubjectPattern match;
        String matchText = o.has("match") ? f.text(o, "match") : "*";
        try {
            match = SubjectPattern.parse(matchText);
        } catch (IllegalArgumentException e) {
            throw f.error("match", e.getMessage(), "'" + matchText + "'");
        }

        JsonNode th = o.get("thresholds");
        if (th == null || !th.isObject() || th.isEmpty()) {
            throw f.error("thresholds", "a mapping with at least one of info, warning, critical (scores in (0, 1])",
                    describe(th));
        }
        f.checkFields((ObjectNode) th, "thresholds.", THRESHOLD_FIELDS);
        Map<Severity, Double> bySeverity = new EnumMap<>(Severity.class);
        double previous = 0;
        String previousName = null;
        for (Severity s : Severity.values()) {
            String key = s.name().toLowerCase(Locale.ROOT);
            if (!th.has(key)) {
                continue;
            }
            double v = f.number((ObjectNode) th, "thresholds." + key, key, 0, false, 1, true);
            if (previousName != null && v <= previous) {
                throw f.error("thresholds." + key, "a number greater than thresholds." + previousName + " ("
                        + previous + "): thresholds rise with severity", String.valueOf(v));
            }
            bySeverity.put(s, v);
            previous = v;
            previousName = key;
        }
        Thresholds thresholds = Thresholds.of(bySeverity);

        int k = 1;
        int n = 1;
        if (o.has("kOfN")) {
            if (kind == RuleKind.GROUP) {
                throw f.error("kOfN", "no kOfN in a group rule (it counts members: use group.minMembers)",
                        o.get("kOfN").toString());
            }
            ObjectNode kn = f.object(o, "kOfN", KOFN_FIELDS);
            k = kn.has("k") ? f.integer(kn, "kOfN.k", "k", 1, Rule.MAX_WINDOW) : 1;
            n = kn.has("n") ? f.integer(kn, "kOfN.n", "n", k, Rule.MAX_WINDOW) : k;
        }
        long minDuration = f.duration(o, "minDuration", "minDuration", Duration.ZERO, true, MAX_HOLD, 0L);

        int minMembers = 0;
        long groupWindow = 0;
        if (kind == RuleKind.GROUP) {
            ObjectNode g = o.has("group") ? f.object(o, "group", GROUP_FIELDS) : null;
            minMembers = g != null && g.has("minMembers")
                    ? f.integer(g, "group.minMembers", "minMembers", 2, 100_000) : 2;
            groupWindow = g != null ? f.duration(g, "group.window", "window", Duration.ZERO, false,
                    MAX_GROUP_WINDOW, DEFAULT_GROUP_WINDOW_MS) : DEFAULT_GROUP_WINDOW_MS;
        } else if (o.has("group")) {
            throw f.error("group", "no group settings in a series rule (set kind: group for a group incident rule)",
                    o.get("group").toString());
        }

        double resolveBelow = thresholds.lowest();
        int clearCount = 1;
        long quietFor = kind == RuleKind.GROUP ? groupWindow : 0;
        if (o.has("resolve")) {
            ObjectNode r = f.object(o, "resolve", RESOLVE_FIELDS);
            if (r.has("below")) {
                resolveBelow = f.number(r, "resolve.below", "below", 0, true, thresholds.lowest(), true);
            }
            if (r.has("clearCount")) {
                if (kind == RuleKind.GROUP) {
                    throw f.error("resolve.clearCount", "no clearCount in a group rule (it resolves after "
                            + "resolve.quietFor without a member scoring at or above resolve.below)",
                            r.get("clearCount").toString());
                }
                clearCount = f.integer(r, "resolve.clearCount", "clearCount", 1, 10_000);
            }
            quietFor = f.duration(r, "resolve.quietFor", "quietFor", Duration.ZERO, true, MAX_HOLD, quietFor);
        }
        long coolDown = f.duration(o, "coolDown", "coolDown", Duration.ZERO, true, MAX_COOL_DOWN, 0L);
        int capMax = 0;
        long capPer = 0;
        if (o.has("cap")) {
            ObjectNode c = f.object(o, "cap", CAP_FIELDS);
            if (!c.has("maxAlerts") || !c.has("per")) {
                throw f.error("cap", "both maxAlerts (an integer >= 1) and per (a duration)", c.toString());
            }
            capMax = f.integer(c, "cap.maxAlerts", "maxAlerts", 1, 100_000);
            capPer = f.duration(c, "cap.per", "per", Duration.ZERO, false, MAX_COOL_DOWN, 0L);
        }
        return new Rule(name, description, kind, match, thresholds, k, n, minDuration, resolveBelow, clearCount,
                quietFor, coolDown, capMax, capPer, minMembers, groupWindow);
    }

    private static void checkFields(ObjectNode o, Set<String> allowed, String where) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new RuleFileException(where + ": unknown field '" + field + "'; allowed: " + allowed);
            }
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isNull()) {
            return "null";
        }
        String kind = node.isObject() ? "a mapping " : node.isArray() ? "a list " : node.isTextual() ? "the string "
                : node.isNumber() ? "the number " : node.isBoolean() ? "the boolean " : "";
        String text = node.toString();
        return kind + (text.length() > 80 ? text.substring(0, 80) + "..." : text);
    }

    /** Field readers that fail with the rule's name, the field's path, the allowed values and what was found. */
    private static final class Fields {
        private final String where;

        Fields(String where) {
            this.where = where;
        }

        RuleFileException error(String path, String expected, String found) {
            return new RuleFileException(where + ": field '" + path + "' must be " + expected + " but was " + found);
        }

        void checkFields(ObjectNode o, String prefix, List<String> allowed) {
            Set<String> ok = new LinkedHashSet<>(allowed);
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!ok.contains(field)) {
                    throw new RuleFileException(where + ": unknown field '" + prefix + field + "'; allowed fields"
                            + (prefix.isEmpty() ? "" : " of " + prefix.substring(0, prefix.length() - 1)) + ": "
                            + String.join(", ", allowed));
                }
            }
        }

        String text(ObjectNode o, String field) {
            JsonNode v = o.get(field);
            if (v == null || !v.isTextual()) {
                throw error(field, "a string", describe(v));
            }
            return v.asText();
        }

        ObjectNode object(ObjectNode o, String path, List<String> allowed) {
            JsonNode v = o.get(path);
            if (v == null || !v.isObject()) {
                throw error(path, "a mapping with fields " + String.join(", ", allowed), describe(v));
            }
            checkFields((ObjectNode) v, path + ".", allowed);
            return (ObjectNode) v;
        }

        double number(ObjectNode o, String path, String field, double min, boolean minInclusive, double max,
                boolean maxInclusive) {
            JsonNode v = o.get(field);
            String range = (minInclusive ? "[" : "(") + min + ", " + max + (maxInclusive ? "]" : ")");
            if (v == null || !v.isNumber()) {
                throw error(path, "a number in " + range, describe(v));
            }
            double d = v.asDouble();
            boolean ok = Double.isFinite(d) && (minInclusive ? d >= min : d > min)
                    && (maxInclusive ? d <= max : d < max);
            if (!ok) {
                throw error(path, "a number in " + range, v.toString());
            }
            return d;
        }

        int integer(ObjectNode o, String path, String field, int min, int max) {
            JsonNode v = o.get(field);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
                throw error(path, "an integer in [" + min + ", " + max + "]", describe(v));
            }
            return v.asInt();
        }

        long duration(ObjectNode o, String path, String field, Duration min, boolean minInclusive, Duration max,
                long defaultMillis) {
            JsonNode v = o.get(field);
            if (v == null) {
                return defaultMillis;
            }
            String range = (minInclusive ? "[" : "(") + DurationText.format(min.toMillis()) + ", "
                    + DurationText.format(max.toMillis()) + "]";
            String expected = "a duration in " + range + " such as 30s, 5m, 2h, 1d or PT30S";
            if (!v.isTextual() && !(v.isIntegralNumber() && v.asLong() == 0)) {
                throw error(path, expected, describe(v));
            }
            Duration d;
            try {
                d = v.isTextual() ? DurationText.parse(v.asText()) : Duration.ZERO;
            } catch (IllegalArgumentException e) {
                throw error(path, expected, describe(v));
            }
            int lo = d.compareTo(min);
            if ((minInclusive ? lo < 0 : lo <= 0) || d.compareTo(max) > 0) {
                throw error(path, expected, describe(v));
            }
            return d.toMillis();
        }
    }
}
