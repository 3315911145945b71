package dev.augur.alerting.metrics;

import dev.augur.alerting.rules.Evaluation;
import dev.augur.schemas.records.AlertState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The alerting app's own counters, shared by the stream threads, the notifier workers and the HTTP server (all
 * thread-safe). They only count; nothing reads them to make a decision. {@link PrometheusText} writes them next to
 * the Kafka Streams metrics.
 */
public final class AlertingMetrics {
    private final Map<AlertState, LongAdder> alertsEmitted = new EnumMap<>(AlertState.class);
    private final Map<Evaluation.Outcome, LongAdder> ruleEvaluations = new EnumMap<>(Evaluation.Outcome.class);
    private final LongAdder scoresWarmingUp = new LongAdder();
    private final LongAdder scoresTaken = new LongAdder();
    private final LongAdder alertsSeen = new LongAdder();
    private final LongAdder webhookSent = new LongAdder();
    private final LongAdder webhookRetries = new LongAdder();
    private final LongAdder webhookFailures = new LongAdder();
    private final LongAdder webhookDropped = new LongAdder();
    private final LongAdder eventsDropped = new LongAdder();
    private volatile IntSupplier eventClients = () -> 0;
    private volatile IntSupplier webhookQueued = () -> 0;

    public AlertingMetrics() {
        for (AlertState s : AlertState.values()) {
            alertsEmitted.put(s, new LongAdder());
        }
        for (Evaluation.Outcome o : Evaluation.Outcome.values()) {
            ruleEvaluations.put(o, new LongAdder());
        }
    }

    /** A rule processor emitted an alert event. */
    public void countAlertEmitted(AlertState state) {
        alertsEmitted.get(state).increment();
    }

    /** A rule took a score with this outcome. */
    public void countRuleEvaluation(Evaluation.Outcome outcome) {
        ruleEvaluations.get(outcome).increment();
    }

    /** A score reached the rules (warming-up ones are ignored and counted apart). */
    public void countScore(boolean warmingUp) {
        (warmingUp ? scoresWarmingUp : scoresTaken).increment();
    }

    /** The alert view read a committed alert event. */
    public void countAlertSeen() {
        alertsSeen.increment();
    }

    public void countWebhookSent() {
        webhookSent.increment();
    }

    public void countWebhookRetry() {
        webhookRetries.increment();
    }

    /** A webhook delivery failed for good (after every retry). */
    public void countWebhookFailure() {
        webhookFailures.increment();
    }

    /** A webhook delivery was dropped because the notifier's queue was full or it was closing. */
    public void countWebhookDropped() {
        webhookDropped.increment();
    }

    /** A live event was not sent to a dashboard client that lags behind. */
    public void countEventDropped() {
        eventsDropped.increment();
    }

    public void eventClients(IntSupplier clients) {
        this.eventClients = clients;
    }

    public void webhookQueue(IntSupplier queued) {
        this.webhookQueued = queued;
    }

    public long alertsEmitted(AlertState state) {
        return alertsEmitted.get(state).sum();
    }

    public long ruleEvaluations(Evaluation.Outcome outcome) {
        return ruleEvaluations.get(outcome).sum();
    }

    public long scoresWarmingUp() {
        return scoresWarmingUp.sum();
    }

    public long scoresTaken() {
        return scoresTaken.sum();
    }

    public long alertsSeen() {
        return alertsSeen.sum();
    }

    public long webhookSent() {
        return webhookSent.sum();
    }

    public long webhookRetries() {
        return webhookRetries.sum();
    }

    public long webhookFailures() {
        return webhookFailures.sum();
    }

    public long webhookDropped() {
        return webhookDropped.sum();
    }

    public long eventsDropped() {
        return eventsDropped.sum();
    }

    public int eventClients() {
        return eventClients.getAsInt();
    }

    public int webhookQueued() {
        return webhookQueued.getAsInt();
    }
}
