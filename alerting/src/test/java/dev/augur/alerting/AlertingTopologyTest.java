package dev.augur.alerting;

import static dev.augur.alerting.Records.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.alerting.json.JsonSerde;
import dev.augur.alerting.queries.AlertingQueries;
import dev.augur.alerting.queries.RuleStatus;
import dev.augur.alerting.queries.SeriesSummary;
import dev.augur.alerting.rules.AlertLifecycle;
import dev.augur.alerting.rules.Evaluation;
import dev.augur.alerting.rules.SeriesRuleState;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AlertState;
import dev.augur.schemas.records.Severity;
import dev.augur.schemas.records.SubjectKind;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Every rule kind on the real topology ({@code TopologyTestDriver}), one minute per step from 2024-01-01. */
class AlertingTopologyTest {

    private static void assertEvent(Alert a, AlertState state, Severity severity, String subject, long start) {
        assertEquals(state, a.getState(), a.toString());
        assertEquals(severity, a.getSeverity(), a.toString());
        assertEquals(subject, a.getSubject(), a.toString());
        assertEquals(start, a.getStartTime().toEpochMilli(), a.toString());
    }

    @Test
    void thresholdOpensEscalatesAndResolvesPerSeverity() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: hot
                    match: "pump-*"
                    thresholds: {warning: 0.99, critical: 0.999}
                """)) {
            h.scores("pump-1", 0, 0.5, 0.995);
            List<Alert> open = h.emitted();
            assertEquals(1, open.size(), open.toString());
            Alert a = open.get(0);
            assertEvent(a, AlertState.OPEN, Severity.WARNING, "pump-1", at(1));
            assertEquals("hot:pump-1:" + at(1), a.getId());
            assertEquals(SubjectKind.SERIES, a.getSubjectKind());
            assertEquals("hot", a.getRule());
            assertTrue(a.getMembers().isEmpty());
            assertNull(a.getEndTime());
            assertEquals(0.995, a.getPeakScore(), 1e-12);
            assertTrue(a.getReason().contains(">= 0.99 (warning)"), a.getReason());

            h.scores("pump-1", 2, 0.9995);
            Alert up = h.emitted().get(0);
            assertEvent(up, AlertState.UPDATE, Severity.CRITICAL, "pump-1", at(1));
            assertEquals(a.getId(), up.getId());

            h.scores("pump-1", 3, 0.5);
            Alert resolved = h.emitted().get(0);
            assertEvent(resolved, AlertState.RESOLVE, Severity.CRITICAL, "pump-1", at(1));
            assertEquals(at(3), resolved.getEndTime().toEpochMilli());
            assertEquals(0.9995, resolved.getPeakScore(), 1e-12);
            assertEquals(a.getId(), resolved.getId());

            h.scores("other-1", 0, 0.99999);
            h.scores.pipeInput("pump-2", Records.score("pump-2", null, at(0), 0.99999, true), at(0));
            assertEquals(List.of(), h.emitted(), "unmatched series and warming-up scores raise nothing");
            assertEquals(1, h.metrics.scoresWarmingUp());
            assertEquals(1, h.metrics.alertsEmitted(AlertState.OPEN));
            assertEquals(1, h.metrics.alertsEmitted(AlertState.RESOLVE));
        }
    }

    @Test
    void kOfNNeedsKBreachesAmongTheLastNScores() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: k3n5
                    thresholds: {warning: 0.99}
                    kOfN: {k: 3, n: 5}
                """)) {
            // never 3 breaches among 5 consecutive scores
            h.scores("s", 0, 0.995, 0.5, 0.995, 0.5, 0.5, 0.5, 0.995, 0.995);
            assertEquals(List.of(), h.emitted());
            h.scores("s", 8, 0.995);
            List<Alert> out = h.emitted();
            assertEquals(1, out.size(), out.toString());
            // the window [4..8] holds breaches at 6, 7, 8: the alert starts at the first of them
            assertEvent(out.get(0), AlertState.OPEN, Severity.WARNING, "s", at(6));
            assertTrue(out.get(0).getReason().contains("3 of the last 5 scores >= 0.99"), out.get(0).getReason());
        }
    }

    @Test
    void minDurationOpensOnlyAfterTheConditionHeldLongEnough() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: held
                    thresholds: {critical: 0.99}
                    minDuration: 5m
                """)) {
            h.scores("s", 0, 0.995, 0.995, 0.995, 0.5);
            assertEquals(List.of(), h.emitted(), "held 2 minutes, then broke");
            h.scores("s", 10, 0.995, 0.995, 0.995, 0.995, 0.995);
            assertEquals(List.of(), h.emitted(), "held 4 minutes so far");
            h.scores("s", 15, 0.995);
            List<Alert> out = h.emitted();
            assertEquals(1, out.size(), out.toString());
            assertEvent(out.get(0), AlertState.OPEN, Severity.CRITICAL, "s", at(10));
            assertTrue(out.get(0).getReason().contains("held 5m"), out.get(0).getReason());
        }
    }

    @Test
    void hysteresisNeedsConsecutiveClearScoresBelowTheLowerThresholdAndQuiet() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: hyst
                    thresholds: {warning: 0.99}
                    resolve: {below: 0.9, clearCount: 3, quietFor: 5m}
                """)) {
            h.scores("s", 0, 0.995);
            assertEquals(AlertState.OPEN, h.emitted().get(0).getState());
            // below the opening threshold but not below resolve.below: not clear
            h.scores("s", 1, 0.95, 0.95, 0.995);
            // three clear scores, but only 3 minutes after the last breach (step 3)
            h.scores("s", 4, 0.5, 0.5, 0.95, 0.5, 0.5);
            assertEquals(List.of(), h.emitted(), "the 0.95 at step 6 broke the clear streak");
            h.scores("s", 9, 0.5);
            List<Alert> out = h.emitted();
            assertEquals(1, out.size(), out.toString());
            assertEquals(AlertState.RESOLVE, out.get(0).getState());
            assertEquals(at(9), out.get(0).getEndTime().toEpochMilli());
            assertTrue(out.get(0).getReason().contains("3 consecutive scores < 0.9"), out.get(0).getReason());
        }
    }

    @Test
    void quietForDelaysTheResolveAfterTheLastBreach() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: quiet
                    thresholds: {warning: 0.99}
                    resolve: {clearCount: 1, quietFor: 5m}
                """)) {
            h.scores("s", 0, 0.995, 0.5, 0.5, 0.5, 0.5);
            assertEquals(List.of(AlertState.OPEN), h.emitted().stream().map(Alert::getState).toList());
            h.scores("s", 5, 0.5);
            assertEquals(List.of(AlertState.RESOLVE), h.emitted().stream().map(Alert::getState).toList());
        }
    }

    @Test
    void coolDownSuppressesANewAlertAfterAResolve() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: cool
                    thresholds: {warning: 0.99}
                    coolDown: 10m
                """)) {
            h.scores("s", 0, 0.995, 0.5);
            assertEquals(List.of(AlertState.OPEN, AlertState.RESOLVE),
                    h.emitted().stream().map(Alert::getState).toList());
            h.scores("s", 3, 0.995, 0.995, 0.5);
            assertEquals(List.of(), h.emitted(), "within 10 minutes of the resolve at step 1");
            assertEquals(1, h.metrics.ruleEvaluations(Evaluation.Outcome.SUPPRESSED_COOL_DOWN),
                    "counted once per episode");
            h.scores("s", 11, 0.995);
            List<Alert> out = h.emitted();
            assertEquals(1, out.size(), out.toString());
            assertEvent(out.get(0), AlertState.OPEN, Severity.WARNING, "s", at(11));
        }
    }

    @Test
    void capLimitsAlertsPerSubjectAndPeriod() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: capped
                    thresholds: {warning: 0.99}
                    cap: {maxAlerts: 2, per: 1h}
                """)) {
            h.scores("s", 0, 0.995, 0.5, 0.995, 0.5);
            assertEquals(2, h.emitted().stream().filter(a -> a.getState() == AlertState.OPEN).count());
            h.scores("s", 4, 0.995, 0.5);
            assertEquals(List.of(), h.emitted(), "a third alert within the hour");
            assertEquals(1, h.metrics.ruleEvaluations(Evaluation.Outcome.SUPPRESSED_CAP));
            h.scores("s", 30, 0.995, 0.5);
            assertEquals(List.of(), h.emitted(), "still two openings (steps 0 and 2) within the last hour");
            h.scores("s", 61, 0.995);
            List<Alert> out = h.emitted();
            assertEquals(1, out.size(), "the opening at step 0 left the hour: " + out);
            assertEvent(out.get(0), AlertState.OPEN, Severity.WARNING, "s", at(61));
            // another subject has its own cap
            h.scores("t", 62, 0.995);
            assertEquals(1, h.emitted().size());
        }
    }

    @Test
    void groupIncidentNamesItsMembersGrowsAndResolves() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: plant
                    kind: group
                    match: "plant-*"
                    thresholds: {warning: 0.99, critical: 0.9999}
                    group: {minMembers: 2, window: 5m}
                    resolve: {quietFor: 10m}
                """)) {
            h.score("a", "plant-1", at(0), 0.995);
            h.score("b", "plant-1", at(1), 0.5);
            h.score("b", "plant-1", at(7), 0.995);
            h.score("x", "site-9", at(7), 0.99999);
            h.score("y", "site-9", at(7), 0.99999);
            assertEquals(List.of(), h.emitted(), "a's breach at step 0 is out of the window at step 7; "
                    + "site-9 is not matched");
            h.score("a", "plant-1", at(9), 0.995);
            List<Alert> open = h.emitted();
            assertEquals(1, open.size(), open.toString());
            Alert incident = open.get(0);
            assertEvent(incident, AlertState.OPEN, Severity.WARNING, "plant-1", at(7));
            assertEquals(SubjectKind.GROUP, incident.getSubjectKind());
            assertEquals(List.of("a", "b"), incident.getMembers());
            assertEquals("plant:plant-1:" + at(7), incident.getId());

            h.score("c", "plant-1", at(10), 0.99999);
            Alert grown = h.emitted().get(0);
            assertEvent(grown, AlertState.UPDATE, Severity.WARNING, "plant-1", at(7));
            assertEquals(List.of("a", "b", "c"), grown.getMembers());
            assertTrue(grown.getReason().contains("new: c"), grown.getReason());

            h.score("d", "plant-1", at(11), 0.99999);
            Alert escalated = h.emitted().get(0);
            assertEvent(escalated, AlertState.UPDATE, Severity.CRITICAL, "plant-1", at(7));
            assertEquals(List.of("a", "b", "c", "d"), escalated.getMembers());

            for (int i = 12; i < 21; i++) {
                h.score("a", "plant-1", at(i), 0.5);
            }
            assertEquals(List.of(), h.emitted(), "quiet for 9 minutes only");
            h.score("b", "plant-1", at(21), 0.5);
            Alert resolved = h.emitted().get(0);
            assertEvent(resolved, AlertState.RESOLVE, Severity.CRITICAL, "plant-1", at(7));
            assertEquals(incident.getId(), resolved.getId());
            assertEquals(at(21), resolved.getEndTime().toEpochMilli());
            assertEquals(0.99999, resolved.getPeakScore(), 1e-12);
        }
    }

    @Test
    void duplicatesReplaysAndRepeatedBreachesRaiseOneAlert() {
        String rules = """
                rules:
                  - name: dedup
                    thresholds: {warning: 0.99}
                """;
        String firstId;
        try (TopologyHarness h = new TopologyHarness(rules)) {
            h.scores("s", 0, 0.995);
            h.scores("s", 0, 0.995);
            h.scores("s", -1, 0.999);
            h.scores("s", 1, 0.999, 0.9995);
            List<Alert> out = h.emitted();
            assertEquals(1, out.size(), "one alert for the episode: " + out);
            assertEquals(2, h.metrics.ruleEvaluations(Evaluation.Outcome.DUPLICATE));
            firstId = out.get(0).getId();
            assertEquals(1, h.queries().alerts(true, "s", 10).size());
        }
        try (TopologyHarness replay = new TopologyHarness(rules)) {
            replay.scores("s", 0, 0.995);
            assertEquals(firstId, replay.emitted().get(0).getId(), "same input, same alert id");
        }
    }

    @Test
    void openAlertSurvivesARestartThroughTheChangelog() {
        String rules = """
                rules:
                  - name: restart
                    thresholds: {warning: 0.99}
                    resolve: {clearCount: 2}
                """;
        List<KeyValue<String, byte[]>> changelog;
        String openId;
        try (TopologyHarness before = new TopologyHarness(rules)) {
            before.scores("s", 0, 0.995);
            openId = before.emitted().get(0).getId();
            TestOutputTopic<String, byte[]> log = before.driver.createOutputTopic(
                    "alerting-test-" + AlertingStores.RULE_SERIES_STATE + "-changelog",
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            changelog = log.readKeyValuesToList();
        }
        assertEquals(1, changelog.size(), "the open alert's state was written to the changelog");

        try (TopologyHarness control = new TopologyHarness(rules)) {
            control.scores("s", 1, 0.5, 0.5);
            assertEquals(List.of(), control.emitted(), "without the restored state nothing is open");
        }
        try (TopologyHarness after = new TopologyHarness(rules)) {
            KeyValueStore<String, SeriesRuleState> store = after.driver.getKeyValueStore(
                    AlertingStores.RULE_SERIES_STATE);
            JsonSerde<SeriesRuleState> serde = JsonSerde.of(SeriesRuleState.class);
            for (KeyValue<String, byte[]> kv : changelog) {
                store.put(kv.key, serde.deserialize("changelog", kv.value));
            }
            after.scores("s", 1, 0.5);
            assertEquals(List.of(), after.emitted(), "one clear score of two");
            after.scores("s", 2, 0.5);
            List<Alert> out = after.emitted();
            assertEquals(1, out.size(), out.toString());
            assertEquals(AlertState.RESOLVE, out.get(0).getState());
            assertEquals(openId, out.get(0).getId());
        }
    }

    @Test
    void viewsAnswerTheDashboardQueriesAndNotifyCommittedAlerts() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: hot
                    thresholds: {critical: 0.999}
                  - name: incident
                    kind: group
                    thresholds: {warning: 0.99}
                """)) {
            for (int i = 0; i < 60; i++) {
                h.observations.pipeInput("a", Records.observation("a", "g", at(i), 10 + i), at(i));
            }
            h.forecasts.pipeInput("a", Records.forecast("a", at(58), 12, 70, 1), at(58));
            h.forecasts.pipeInput("a", Records.forecast("a", at(59), 12, 71, 1), at(59));
            h.forecasts.pipeInput("a", Records.forecast("a", at(57), 12, 69, 1), at(57));
            h.score("a", "g", at(58), 0.5);
            h.score("a", "g", at(59), 0.9995);
            h.score("b", "g", at(59), 0.2);

            AlertingQueries q = h.queries();
            var obs = q.observations("a", 1000);
            assertEquals(50, obs.size(), "ring of the harness' 50 points");
            assertEquals(at(10), obs.get(0).t());
            assertEquals(at(59), obs.get(49).t());
            assertEquals(69.0, obs.get(49).v(), 0.0);
            assertEquals(10, q.observations("a", 10).size());
            assertEquals(List.of(), q.observations("nope", 10));

            assertEquals(at(59), q.latestForecast("a").getOriginTime().toEpochMilli(),
                    "a late forecast with an older origin does not replace the latest");
            var history = q.forecastHistory("a", 10);
            assertEquals(List.of(at(58), at(59), at(60)), history.stream().map(p -> p.t()).toList());
            assertEquals(71.0 - 1.6449, history.get(2).q05(), 1e-9);
            assertEquals(71.0 + 1.2816, history.get(2).q90(), 1e-9);

            var scores = q.scores("a", 10);
            assertEquals(2, scores.size());
            assertEquals(0.9995, scores.get(1).score(), 0.0);

            List<SeriesSummary> series = q.series();
            assertEquals(List.of("a", "b"), series.stream().map(s -> s.status().series).toList());
            assertEquals(Severity.CRITICAL, series.get(0).severity());
            assertEquals("g", series.get(0).status().group);
            assertNull(series.get(1).severity());

            List<Alert> open = q.alerts(true, null, 10);
            assertEquals(1, open.size(), open.toString());
            assertEquals("hot:a:" + at(59), open.get(0).getId());
            assertEquals(List.of(open.get(0)), h.notified, "the notifiers get the alert read back from the topic");

            List<RuleStatus> status = q.ruleStatus();
            assertEquals(2, status.size());
            assertEquals(2, status.get(0).subjects());
            assertEquals(1, status.get(0).phases().get(AlertLifecycle.Phase.OPEN));
            assertEquals(1, status.get(1).subjects(), "one group");
            assertEquals(0, status.get(1).phases().get(AlertLifecycle.Phase.OPEN));
        }
    }

    @Test
    void resolvedAlertsLeaveTheListAfterTheRetention() {
        try (TopologyHarness h = new TopologyHarness("""
                rules:
                  - name: hot
                    thresholds: {critical: 0.999}
                """)) {
            h.scores("a", 0, 0.9999, 0.5);
            h.scores("b", 30, 0.9999);
            AlertingQueries q = h.queries();
            assertEquals(2, q.alerts(false, null, 10).size());
            h.scores("c", 200, 0.9999);
            List<Alert> left = q.alerts(false, null, 10);
            assertEquals(List.of("hot:c:" + at(200), "hot:b:" + at(30)), left.stream().map(Alert::getId).toList(),
                    "a resolved 199 minutes ago (retention 1 h) is gone; b is open and stays");
            assertNotEquals(0, h.metrics.alertsSeen());
        }
    }
}
