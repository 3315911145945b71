package dev.augur.ingest.resample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.augur.schemas.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resampling rules of the ingest app, in file order; the first rule whose pattern matches a series applies to
 * it. Read from a JSON file ({@code --resample FILE}):
 *
 * <pre>{@code
 * {"rules": [
 *   {"name": "ticks-1m", "series": "ticks.*", "step": "PT1M", "aggregation": "vwap", "grace": "PT10S",
 *    "output": "{series}.1m"}
 * ]}
 * }</pre>
 *
 * <table>
 * <caption>Rule fields</caption>
 * <tr><th>field</th><th>required</th><th>allowed</th></tr>
 * <tr><td>{@code name}</td><td>yes</td><td>{@value #NAME_ALLOWED}</td></tr>
 * <tr><td>{@code series}</td><td>yes</td><td>{@value #SERIES_ALLOWED}</td></tr>
 * <tr><td>{@code step}</td><td>yes</td><td>{@value #STEP_ALLOWED}</td></tr>
 * <tr><td>{@code aggregation}</td><td>yes</td><td>one of last, mean, sum, vwap</td></tr>
 * <tr><td>{@code grace}</td><td>yes</td><td>{@value #GRACE_ALLOWED}</td></tr>
 * <tr><td>{@code output}</td><td>no, default {@code {series}}</td><td>{@value #OUTPUT_ALLOWED}</td></tr>
 * <tr><td>{@code description}</td><td>no</td><td>any string, for the reader</td></tr>
 * </table>
 *
 * <p>Anything else (an unknown field, a duplicate field, a wrong type, an empty list) fails with a
 * {@link ConfigException} naming the file, the rule (number from 1 and name), the field and the allowed values.
 * Immutable and thread-safe.
 */
public final class ResampleRules {
    static final String NAME_ALLOWED = "a string matching [a-zA-Z0-9._-]{1,100}, unique in the file";
    static final String SERIES_ALLOWED = "a glob such as ticks.* (* any characters, ? one character) or"
            + " regex:<Java regex>, matched against the whole series id";
    static final String STEP_ALLOWED = "an ISO-8601 duration of whole milliseconds in [PT0.001S, P1D] that divides"
            + " one day (PT1S, PT5S, PT1M, PT5M, PT15M, PT1H, P1D, ...)";
    static final String GRACE_ALLOWED = "an ISO-8601 duration of whole milliseconds in [PT0S, P1D]";
    static final String OUTPUT_ALLOWED = "a series id template with {series} exactly once, no other braces, no"
            + " control characters, at most 200 characters";
    /** Largest rules file read. */
    static final int MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_PATTERN_CHARS = 1000;
    private static final Set<String> FIELDS = Set.of("name", "series", "step", "aggregation", "grace", "output",
            "description");
    private static final String FIELD_LIST = "name, series, step, aggregation, grace, output, description";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ResampleRules NONE = new ResampleRules(List.of(), "none");

    private final List<ResampleRule> rules;
    private final String source;

    private ResampleRules(List<ResampleRule> rules, String source) {
        this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
        this.source = source;
    }

    /** No rules: nothing is resampled. */
    public static ResampleRules none() {
        return NONE;
    }

    /** These rules, in this order (for code and tests; the file is the usual source). */
    public static ResampleRules of(List<ResampleRule> rules) {
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            Integer before = names.put(rules.get(i).name(), i + 1);
            if (before != null) {
                throw new IllegalArgumentException("rule " + (i + 1) + ": name \"" + rules.get(i).name()
                        + "\" is already used by rule " + before);
            }
        }
        return new ResampleRules(rules, "code");
    }

    /**
     * Reads and checks a rules file.
     *
     * @throws ConfigException naming the file, the rule, the field and the allowed values
     */
    public static ResampleRules load(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException("resample file " + file + ": expected at most " + MAX_FILE_BYTES
                        + " bytes but found " + Files.size(file));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("resample file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("resample file " + file + " cannot be read: " + e, e);
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses the JSON text of a rules file.
     *
     * @param source the file name, for messages
     * @throws ConfigException naming the source, the rule, the field and the allowed values
     */
    public static ResampleRules parse(String json, String source) {
        String where = "resample file " + source + ": ";
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ConfigException(where + "expected JSON but the text is not valid JSON" + at + ": "
                    + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new ConfigException(where + "expected a JSON object {\"rules\": [...]} but found "
                    + describe(root));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!"rules".equals(f)) {
                throw new ConfigException(where + "unknown top-level field \"" + f + "\"; expected only \"rules\"");
            }
        }
        JsonNode list = root.get("rules");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ConfigException(where + "expected \"rules\" to be a non-empty array of rule objects but found "
                    + (list == null ? "none" : list.isArray() ? "an empty array" : describe(list)));
        }
        List<ResampleRule> rules = new ArrayList<>(list.size());
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ResampleRule rule = rule(list.get(i), i + 1, where);
            Integer before = names.put(rule.name(), i + 1);
            if (before != null) {
                throw new ConfigException(where + "rule " + (i + 1) + " \"" + rule.name() + "\": field \"name\" must"
                        + " be " + NAME_ALLOWED + " but \"" + rule.name() + "\" is already used by rule " + before);
            }
            rules.add(rule);
        }
        return new ResampleRules(rules, source);
    }

    private static ResampleRule rule(JsonNode node, int number, String where) {
        if (!node.isObject()) {
            throw new ConfigException(where + "rule " + number + ": expected a JSON object but found "
                    + describe(node));
        }
        JsonNode nameNode = node.get("name");
        String name = nameNode != null && nameNode.isTextual() && nameNode.textValue().matches("[a-zA-Z0-9._-]{1,100}")
                ? nameNode.textValue() : null;
        String rule = where + "rule " + number + (name == null ? "" : " \"" + name + "\"") + ": ";
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new ConfigException(rule + "unknown field \"" + f + "\"; expected one of " + FIELD_LIST);
            }
        }
        String nameText = text(node, "name", NAME_ALLOWED, rule, true);
        if (name == null) {
            throw bad(rule, "name", NAME_ALLOWED, nameText);
        }
        String seriesText = text(node, "series", SERIES_ALLOWED, rule, true);
        if (seriesText.length() > MAX_PATTERN_CHARS) {
            throw new ConfigException(rule + "field \"series\" must be " + SERIES_ALLOWED + ", at most "
                    + MAX_PATTERN_CHARS + " characters, but has " + seriesText.length());
        }
        SeriesPattern series;
        try {
            series = SeriesPattern.parse(seriesText);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(rule + "field \"series\" must be " + SERIES_ALLOWED + " but was \""
                    + seriesText + "\": " + e.getMessage());
        }
        String stepText = text(node, "step", STEP_ALLOWED, rule, true);
        Duration step = duration(stepText);
        long stepMs = step == null ? 0 : step.toMillis();
        if (step == null || stepMs < 1 || stepMs > ResampleRule.DAY_MILLIS || ResampleRule.DAY_MILLIS % stepMs != 0
                || !Duration.ofMillis(stepMs).equals(step)) {
            throw bad(rule, "step", STEP_ALLOWED, stepText);
        }
        String aggregationText = text(node, "aggregation", "one of " + Aggregation.labels(), rule, true);
        Aggregation aggregation = Aggregation.ofLabel(aggregationText);
        if (aggregation == null) {
            throw bad(rule, "aggregation", "one of " + Aggregation.labels(), aggregationText);
        }
        String graceText = text(node, "grace", GRACE_ALLOWED, rule, true);
        Duration grace = duration(graceText);
        if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofDays(1)) > 0
                || !Duration.ofMillis(grace.toMillis()).equals(grace)) {
            throw bad(rule, "grace", GRACE_ALLOWED, graceText);
        }
        String output = text(node, "output", OUTPUT_ALLOWED, rule, false);
        if (output == null) {
            output = ResampleRule.SERIES_PLACEHOLDER;
        } else if (!validTemplate(output)) {
            throw bad(rule, "output", OUTPUT_ALLOWED, output);
        }
        text(node, "description", "a string", rule, false);
        return new ResampleRule(name, series, step, aggregation, grace, output);
    }

    private static boolean validTemplate(String t) {
        if (t.length() > 200) {
            return false;
        }
        int at = t.indexOf(ResampleRule.SERIES_PLACEHOLDER);
        if (at < 0 || t.indexOf(ResampleRule.SERIES_PLACEHOLDER, at + 1) >= 0) {
            return false;
        }
        String rest = t.replace(ResampleRule.SERIES_PLACEHOLDER, "");
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '{' || c == '}' || Character.isISOControl(c) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The string value of {@code field}; null when absent and optional. */
    private static String text(JsonNode node, String field, String allowed, String rule, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ConfigException(rule + "field \"" + field + "\" is required (" + allowed + ")");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ConfigException(rule + "field \"" + field + "\" must be " + allowed + " (a JSON string) but"
                    + " was " + describe(v));
        }
        return v.textValue();
    }

    private static ConfigException bad(String rule, String field, String allowed, String found) {
        return new ConfigException(rule + "field \"" + field + "\" must be " + allowed + " but was \"" + found
                + "\"");
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        String kind = switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "the number " + n.asText();
            case BOOLEAN -> "the boolean " + n.asText();
            case NULL -> "null";
            case STRING -> "the string \"" + n.textValue() + "\"";
            default -> n.getNodeType().toString();
        };
        return kind;
    }

    /** The first rule whose pattern matches {@code series}, or null. */
    public ResampleRule ruleFor(String series) {
        for (ResampleRule r : rules) {
            if (r.series().matches(series)) {
                return r;
            }
        }
        return null;
    }

    public List<ResampleRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Where the rules came from: the file name, {@code code} or {@code none}. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        if (rules.isEmpty()) {
            return "[]";
        }
        StringBuilder sb = new StringBuilder(source).append(" [");
        for (ResampleRule r : rules) {
            sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ", ").append(r.name()).append(": ")
                    .append(r.series()).append(" -> ").append(r.outputTemplate()).append(' ')
                    .append(r.aggregation().label()).append(" step ").append(r.step()).append(" grace ")
                    .append(r.grace());
        }
        return sb.append(']').toString();
    }
}
