package dev.augur.ingest.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResampleRulesTest {
    private static final String GOOD = "{\"name\": \"r1\", \"series\": \"ticks.*\", \"step\": \"PT1M\","
            + " \"aggregation\": \"vwap\", \"grace\": \"PT10S\"}";

    @Test
    void parsesEveryFieldAndKeepsFileOrder() {
        ResampleRules rules = ResampleRules.parse("{\"rules\": [" + GOOD + ", {\"name\": \"daily\", \"series\":"
                + " \"regex:fx\\\\.[A-Z]{6}\", \"step\": \"P1D\", \"aggregation\": \"last\", \"grace\": \"PT0S\","
                + " \"output\": \"{series}.1d\", \"description\": \"end-of-day fixings\"}]}", "rules.json");
        assertEquals(2, rules.rules().size());
        ResampleRule r1 = rules.rules().get(0);
        assertEquals("r1", r1.name());
        assertEquals(Duration.ofMinutes(1), r1.step());
        assertEquals(Aggregation.VWAP, r1.aggregation());
        assertEquals(Duration.ofSeconds(10), r1.grace());
        assertEquals("ticks.A", r1.outputSeries("ticks.A"), "default output: the tick series id");
        ResampleRule daily = rules.rules().get(1);
        assertEquals(Duration.ofDays(1), daily.step());
        assertEquals("fx.EURUSD.1d", daily.outputSeries("fx.EURUSD"));
        assertSame(daily, rules.ruleFor("fx.EURUSD"));
        assertNull(rules.ruleFor("fx.EUR"));
        assertSame(r1, rules.ruleFor("ticks.X"));
        assertNull(rules.ruleFor("ticks"));
        assertEquals("rules.json", rules.source());
        assertTrue(ResampleRules.none().isEmpty());
    }

    @Test
    void barsAlignToUtcMidnightAlsoBefore1970() {
        ResampleRule r = ResampleRules.parse("{\"rules\": [{\"name\": \"r\", \"series\": \"*\", \"step\": \"PT15M\","
                + " \"aggregation\": \"sum\", \"grace\": \"PT1M\"}]}", "x").rules().get(0);
        assertEquals(900_000L, r.barStart(900_000L));
        assertEquals(900_000L, r.barStart(1_799_999L));
        assertEquals(-900_000L, r.barStart(-1L));
        assertEquals(900_000L + 900_000L + 60_000L, r.closeTime(900_000L));
    }

    @Test
    void globsAndRegexesMatchTheWholeId() {
        assertTrue(SeriesPattern.parse("ticks.*").matches("ticks.AAPL"));
        assertTrue(SeriesPattern.parse("ticks.*").matches("ticks."));
        assertFalse(SeriesPattern.parse("ticks.*").matches("ticksXAAPL"), "the dot is literal");
        assertFalse(SeriesPattern.parse("ticks.*").matches("x.ticks.A"));
        assertTrue(SeriesPattern.parse("glob:m-?").matches("m-1"));
        assertFalse(SeriesPattern.parse("m-?").matches("m-12"));
        assertTrue(SeriesPattern.parse("a(b)[c]+").matches("a(b)[c]+"), "regex characters in a glob are literal");
        assertTrue(SeriesPattern.parse("regex:m-[0-9]+").matches("m-12"));
        assertFalse(SeriesPattern.parse("regex:m-[0-9]+").matches("xm-12"), "whole id");
    }

    static Stream<Arguments> badFiles() {
        String r1 = "resample file bad.json: rule 1 \"r1\": ";
        return Stream.of(
                Arguments.of("not json", "resample file bad.json: expected JSON but the text is not valid JSON at"
                        + " line 1, column 4"),
                Arguments.of("{\"rules\": [" + GOOD + "]} {}", "resample file bad.json: expected JSON but the text"
                        + " is not valid JSON at line 1, column"),
                Arguments.of("", "resample file bad.json: expected a JSON object {\"rules\": [...]} but found"
                        + " nothing"),
                Arguments.of("[]", "resample file bad.json: expected a JSON object {\"rules\": [...]} but found an"
                        + " array"),
                Arguments.of("{\"rule\": []}", "resample file bad.json: unknown top-level field \"rule\"; expected"
                        + " only \"rules\""),
                Arguments.of("{\"rules\": []}", "resample file bad.json: expected \"rules\" to be a non-empty array"
                        + " of rule objects but found an empty array"),
                Arguments.of("{\"rules\": [7]}", "resample file bad.json: rule 1: expected a JSON object but found"
                        + " the number 7"),
                Arguments.of(rule("\"name\": \"r1\","), "Duplicate field 'name'"),
                Arguments.of(rule("\"grace-period\": \"PT1S\","), r1 + "unknown field \"grace-period\"; expected one"
                        + " of name, series, step, aggregation, grace, output, description"),
                Arguments.of(without("name"), "resample file bad.json: rule 1: field \"name\" is required (a string"
                        + " matching [a-zA-Z0-9._-]{1,100}, unique in the file)"),
                Arguments.of(replace("\"name\": \"r1\"", "\"name\": \"bad name\""), "resample file bad.json: rule 1:"
                        + " field \"name\" must be a string matching [a-zA-Z0-9._-]{1,100}, unique in the file but"
                        + " was \"bad name\""),
                Arguments.of("{\"rules\": [" + GOOD + ", " + GOOD + "]}", "resample file bad.json: rule 2 \"r1\":"
                        + " field \"name\" must be a string matching [a-zA-Z0-9._-]{1,100}, unique in the file but"
                        + " \"r1\" is already used by rule 1"),
                Arguments.of(without("series"), r1 + "field \"series\" is required (a glob such as ticks.*"),
                Arguments.of(replace("\"ticks.*\"", "\"regex:ticks.(\""), r1 + "field \"series\" must be a glob"
                        + " such as ticks.* (* any characters, ? one character) or regex:<Java regex>, matched"
                        + " against the whole series id but was \"regex:ticks.(\": the regex is invalid: Unclosed"
                        + " group near index 7"),
                Arguments.of(replace("\"ticks.*\"", "\"\""), r1 + "field \"series\" must be a glob such as ticks.*"),
                Arguments.of(without("step"), r1 + "field \"step\" is required (an ISO-8601 duration"),
                Arguments.of(replace("\"PT1M\"", "\"PT7M\""), r1 + "field \"step\" must be an ISO-8601 duration of"
                        + " whole milliseconds in [PT0.001S, P1D] that divides one day (PT1S, PT5S, PT1M, PT5M,"
                        + " PT15M, PT1H, P1D, ...) but was \"PT7M\""),
                Arguments.of(replace("\"PT1M\"", "\"1m\""), r1 + "field \"step\" must be an ISO-8601 duration"),
                Arguments.of(replace("\"PT1M\"", "\"P2D\""), r1 + "field \"step\" must be an ISO-8601 duration"),
                Arguments.of(replace("\"PT1M\"", "\"PT0.0005S\""), r1 + "field \"step\" must be an ISO-8601"),
                Arguments.of(replace("\"PT1M\"", "\"PT0S\""), r1 + "field \"step\" must be an ISO-8601 duration"),
                Arguments.of(replace("\"PT1M\"", "60"), r1 + "field \"step\" must be an ISO-8601 duration of whole"
                        + " milliseconds in [PT0.001S, P1D] that divides one day (PT1S, PT5S, PT1M, PT5M, PT15M,"
                        + " PT1H, P1D, ...) (a JSON string) but was the number 60"),
                Arguments.of(replace("\"vwap\"", "\"median\""), r1 + "field \"aggregation\" must be one of last,"
                        + " mean, sum, vwap but was \"median\""),
                Arguments.of(replace("\"vwap\"", "\"VWAP\""), r1 + "field \"aggregation\" must be one of last,"
                        + " mean, sum, vwap but was \"VWAP\""),
                Arguments.of(without("aggregation"), r1 + "field \"aggregation\" is required (one of last, mean,"
                        + " sum, vwap)"),
                Arguments.of(without("grace"), r1 + "field \"grace\" is required (an ISO-8601 duration of whole"
                        + " milliseconds in [PT0S, P1D])"),
                Arguments.of(replace("\"PT10S\"", "\"-PT1S\""), r1 + "field \"grace\" must be an ISO-8601 duration"
                        + " of whole milliseconds in [PT0S, P1D] but was \"-PT1S\""),
                Arguments.of(replace("\"PT10S\"", "\"P2D\""), r1 + "field \"grace\" must be"),
                Arguments.of(rule("\"output\": \"bars\","), r1 + "field \"output\" must be a series id template"
                        + " with {series} exactly once, no other braces, no control characters, at most 200"
                        + " characters but was \"bars\""),
                Arguments.of(rule("\"output\": \"{series}.{step}\","), r1 + "field \"output\" must be"),
                Arguments.of(rule("\"output\": \"{series}{series}\","), r1 + "field \"output\" must be"),
                Arguments.of(rule("\"output\": \"{series}\\t\","), r1 + "field \"output\" must be"),
                Arguments.of(rule("\"description\": 5,"), r1 + "field \"description\" must be a string (a JSON"
                        + " string) but was the number 5"));
    }

    private static String rule(String extra) {
        return "{\"rules\": [{" + extra + GOOD.substring(1) + "]}";
    }

    private static String without(String field) {
        String s = GOOD.replaceAll("\"" + field + "\": \"[^\"]*\",? ?", "");
        return "{\"rules\": [" + s.replace(", }", "}") + "]}";
    }

    private static String replace(String from, String to) {
        return "{\"rules\": [" + GOOD.replace(from, to) + "]}";
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFiles")
    void badFileFailsNamingTheRuleAndTheField(String json, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ResampleRules.parse(json, "bad.json"));
        assertTrue(e.getMessage().startsWith(message) || e.getMessage().contains(message),
                "message\n  " + e.getMessage() + "\nshould start with\n  " + message);
    }

    @Test
    void loadsAFileAndNamesAMissingOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, "{\"rules\": [" + GOOD + "]}");
        assertEquals(List.of("r1"), ResampleRules.load(file).rules().stream().map(ResampleRule::name).toList());
        assertEquals(file.toString(), ResampleRules.load(file).source());
        Path missing = dir.resolve("nope.json");
        assertEquals("resample file " + missing + " does not exist",
                assertThrows(ConfigException.class, () -> ResampleRules.load(missing)).getMessage());
    }

    @Test
    void theReadmeExampleIsAValidRulesFile() throws Exception {
        String readme = Files.readString(Path.of("README-ingest.md"));
        int at = readme.indexOf("```json\n{\"rules\"");
        assertTrue(at >= 0, "README-ingest.md has a ```json rules example");
        String json = readme.substring(at + 8, readme.indexOf("```", at + 8));
        ResampleRules rules = ResampleRules.parse(json, "README-ingest.md");
        assertEquals("ticks.AAPL.1m", rules.ruleFor("ticks.AAPL").outputSeries("ticks.AAPL"));
        assertEquals(Aggregation.LAST, rules.ruleFor("fx.EURUSD").aggregation());
    }

    @Test
    void rulesFromCodeMustHaveUniqueNames() {
        ResampleRule r = ResampleRules.parse("{\"rules\": [" + GOOD + "]}", "x").rules().get(0);
        assertEquals("rule 2: name \"r1\" is already used by rule 1",
                assertThrows(IllegalArgumentException.class, () -> ResampleRules.of(List.of(r, r))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ResampleRule("x", r.series(), Duration.ofMinutes(7),
                Aggregation.SUM, Duration.ZERO, "{series}"));
    }
}
