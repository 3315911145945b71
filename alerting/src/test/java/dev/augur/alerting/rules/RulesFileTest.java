package dev.augur.alerting.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.records.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {

    private static RuleSet yaml(String text) {
        return RulesFile.parse(text, RulesFile.Format.YAML, "rules.yaml");
    }

    private static String errorOf(String text) {
        return assertThrows(RuleFileException.class, () -> yaml(text)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
        }
    }

    @Test
    void everyFieldIsReadWithItsDefaults() {
        RuleSet set = yaml("""
                rules:
                  - name: full
                    description: every field
                    kind: series
                    match: "re:plant-[0-9]+/temp"
                    thresholds: {info: 0.9, warning: 0.99, critical: 0.999}
                    kOfN: {k: 3, n: 10}
                    minDuration: 2m
                    resolve: {below: 0.8, clearCount: 4, quietFor: PT90S}
                    coolDown: 1h
                    cap: {maxAlerts: 5, per: 1d}
                  - name: minimal
                    thresholds: {warning: 0.99}
                  - name: grp
                    kind: group
                    match: "site-*"
                    thresholds: {critical: 0.999}
                    group: {minMembers: 3, window: 10m}
                """);
        Rule full = set.rule("full");
        assertEquals(RuleKind.SERIES, full.kind());
        assertTrue(full.match().matches("plant-12/temp"));
        assertTrue(!full.match().matches("plant-x/temp"));
        assertEquals(Map.of(Severity.INFO, 0.9, Severity.WARNING, 0.99, Severity.CRITICAL, 0.999),
                full.thresholds().asMap());
        assertEquals(3, full.k());
        assertEquals(10, full.n());
        assertEquals(120_000, full.minDurationMs());
        assertEquals(0.8, full.resolveBelow());
        assertEquals(4, full.clearCount());
        assertEquals(90_000, full.quietForMs());
        assertEquals(3_600_000, full.coolDownMs());
        assertEquals(5, full.capMaxAlerts());
        assertEquals(86_400_000, full.capPerMs());

        Rule minimal = set.rule("minimal");
        assertTrue(minimal.match().matches("anything at all"));
        assertEquals(1, minimal.k());
        assertEquals(1, minimal.n());
        assertEquals(0.99, minimal.resolveBelow(), "defaults to the lowest threshold");
        assertEquals(1, minimal.clearCount());
        assertEquals(0, minimal.coolDownMs());
        assertTrue(!minimal.capped());

        Rule grp = set.rule("grp");
        assertEquals(RuleKind.GROUP, grp.kind());
        assertEquals(3, grp.minMembers());
        assertEquals(600_000, grp.groupWindowMs());
        assertEquals(600_000, grp.quietForMs(), "group rules stay quiet for a window by default");
        assertEquals(List.of(grp), set.groupRules());
        assertEquals(2, set.seriesRules().size());
    }

    @Test
    void jsonIsReadForJsonFileNames(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("rules.json");
        Files.writeString(f, "{\"rules\": [{\"name\": \"j\", \"thresholds\": {\"critical\": 0.999}, "
                + "\"kOfN\": {\"k\": 2, \"n\": 3}}]}");
        Rule r = RulesFile.load(f).rule("j");
        assertEquals(2, r.k());
        assertEquals(3, r.n());
    }

    @Test
    void defaultRulesLoadAndCatchTheDemoFaults() {
        RuleSet d = RulesFile.loadDefault();
        assertTrue(d.rules().size() >= 2, d.toString());
        for (Rule r : d.rules()) {
            assertTrue(r.thresholds().lowest() >= 0.999, "demo faults score >= 0.999: " + r.name());
        }
        assertTrue(d.seriesRules().stream().anyMatch(r -> r.k() == 1), "a single spike raises an alert");
    }

    @Test
    void errorsNameTheRuleTheFieldAndTheAllowedValues() {
        assertMentions(errorOf("""
                rules:
                  - name: a
                    kind: serie
                    thresholds: {warning: 0.9}
                """), "rules.yaml", "rule 'a' (rules[0])", "'kind'", "one of series, group", "'serie'");
        assertMentions(errorOf("""
                rules:
                  - name: ok
                    thresholds: {warning: 0.9}
                  - name: b
                    thresholds: {warning: 1.5}
                """), "rule 'b' (rules[1])", "'thresholds.warning'", "(0.0, 1.0]", "1.5");
        assertMentions(errorOf("""
                rules:
                  - name: c
                    thresholds: {warning: 0.99, critical: 0.9}
                """), "rule 'c'", "'thresholds.critical'", "greater than thresholds.warning");
        assertMentions(errorOf("""
                rules:
                  - name: d
                    treshold: {warning: 0.99}
                """), "rule 'd'", "unknown field 'treshold'", "allowed fields", "thresholds");
        assertMentions(errorOf("""
                rules:
                  - name: e
                    thresholds: {warning: 0.99}
                    kOfN: {k: 4, n: 2}
                """), "rule 'e'", "'kOfN.n'", "an integer in [4, 64]", "2");
        assertMentions(errorOf("""
                rules:
                  - name: f
                    thresholds: {warning: 0.99}
                    coolDown: soon
                """), "rule 'f'", "'coolDown'", "a duration in [0s, 30d]", "soon");
        assertMentions(errorOf("""
                rules:
                  - name: g
                    thresholds: {warning: 0.99}
                    group: {minMembers: 2}
                """), "rule 'g'", "'group'", "kind: group");
        assertMentions(errorOf("""
                rules:
                  - name: h
                    kind: group
                    thresholds: {warning: 0.99}
                    resolve: {clearCount: 3}
                """), "rule 'h'", "'resolve.clearCount'", "no clearCount in a group rule");
        assertMentions(errorOf("""
                rules:
                  - name: i
                    thresholds: {warning: 0.99}
                    resolve: {below: 0.995}
                """), "rule 'i'", "'resolve.below'", "[0.0, 0.99]");
        assertMentions(errorOf("""
                rules:
                  - name: j
                    match: "re:(unclosed"
                    thresholds: {warning: 0.99}
                """), "rule 'j'", "'match'", "does not compile");
        assertMentions(errorOf("""
                rules:
                  - name: k
                    thresholds: {warning: 0.99}
                  - name: k
                    thresholds: {warning: 0.99}
                """), "rule 'k' (rules[1])", "must be unique", "rules[0]");
        assertMentions(errorOf("""
                rules:
                  - name: "bad name!"
                    thresholds: {warning: 0.99}
                """), "rules[0]", "'name'", "[A-Za-z0-9._-]{1,100}");
        assertMentions(errorOf("""
                rules:
                  - name: m
                    thresholds: {warning: 0.99}
                    cap: {maxAlerts: 0, per: 1h}
                """), "rule 'm'", "'cap.maxAlerts'", "[1, 100000]");
        assertMentions(errorOf("""
                rules:
                  - name: n
                    thresholds: {}
                """), "rule 'n'", "'thresholds'", "at least one of info, warning, critical");
        assertMentions(errorOf("rules: []"), "'rules' must be a non-empty list");
        assertMentions(errorOf("rulez: []"), "unknown field 'rulez'");
        assertMentions(errorOf("rules: [ {name: x"), "not valid YAML", "line");
    }

    @Test
    void unreadableFileSaysWhich(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        String m = assertThrows(RuleFileException.class, () -> RulesFile.load(missing)).getMessage();
        assertTrue(m.contains(missing.toString()) && m.contains("cannot be read"), m);
    }

    @Test
    void globsMatchWholeIdsWithLiteralRegexCharacters() {
        SubjectPattern p = SubjectPattern.parse("plant-1/*.temp?");
        assertTrue(p.matches("plant-1/a.tempX"));
        assertTrue(p.matches("plant-1/x/y.temp1"));
        assertTrue(!p.matches("plant-1/aXtempX"), "the dot is literal");
        assertTrue(!p.matches("xplant-1/a.temp1"));
        assertTrue(!p.matches(null));
    }

    @Test
    void durationsInBothForms() {
        assertEquals(500, DurationText.parse("500ms").toMillis());
        assertEquals(30_000, DurationText.parse("30s").toMillis());
        assertEquals(300_000, DurationText.parse("5m").toMillis());
        assertEquals(7_200_000, DurationText.parse("2h").toMillis());
        assertEquals(86_400_000, DurationText.parse("1d").toMillis());
        assertEquals(90_000, DurationText.parse("PT1M30S").toMillis());
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("5 minutes"));
        assertEquals("90s", DurationText.format(90_000));
        assertEquals("2h", DurationText.format(7_200_000));
    }
}
