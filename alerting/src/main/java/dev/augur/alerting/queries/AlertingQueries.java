package dev.augur.alerting.queries;

import dev.augur.alerting.AlertingStores;
import dev.augur.alerting.rules.AlertLifecycle;
import dev.augur.alerting.rules.GroupRuleState;
import dev.augur.alerting.rules.Rule;
import dev.augur.alerting.rules.RuleSet;
import dev.augur.alerting.rules.SeriesRuleState;
import dev.augur.alerting.views.ForecastPoint;
import dev.augur.alerting.views.ObservationPoint;
import dev.augur.alerting.views.ScorePoint;
import dev.augur.alerting.views.SeriesRing;
import dev.augur.alerting.views.SeriesStatus;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AlertState;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.Severity;
import dev.augur.schemas.records.SubjectKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The questions the REST endpoints and the dashboard ask, answered from the topology's stores
 * ({@link AlertingStores}) through {@link StoreAccess}. Answers cover the stores of this instance (with one instance,
 * everything). Every method may throw {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while the
 * stores are not queryable.
 */
public final class AlertingQueries {
    private final StoreAccess stores;
    private final RuleSet rules;

    public AlertingQueries(StoreAccess stores, RuleSet rules) {
        this.stores = stores;
        this.rules = rules;
    }

    public RuleSet rules() {
        return rules;
    }

    /** Every series seen, sorted by id, with the severity of its open alerts. */
    public List<SeriesSummary> series() {
        List<Alert> open = alerts(true, null, Integer.MAX_VALUE);
        Map<String, Severity> worst = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (Alert a : open) {
            List<String> concerned = a.getSubjectKind() == SubjectKind.SERIES ? List.of(a.getSubject())
                    : a.getMembers();
            for (String s : concerned) {
                worst.merge(s, a.getSeverity(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
                count.merge(s, 1, Integer::sum);
            }
        }
        List<SeriesSummary> out = new ArrayList<>();
        ReadOnlyKeyValueStore<String, SeriesStatus> status = stores.keyValueStore(AlertingStores.VIEW_SERIES);
        try (KeyValueIterator<String, SeriesStatus> it = status.all()) {
            while (it.hasNext()) {
                SeriesStatus s = it.next().value;
                out.add(new SeriesSummary(s, worst.get(s.series), count.getOrDefault(s.series, 0)));
            }
        }
        out.sort(Comparator.comparing(x -> x.status().series));
        return out;
    }

    /** The status of one series, or null when it was never seen. */
    public SeriesStatus status(String series) {
        ReadOnlyKeyValueStore<String, SeriesStatus> s = stores.keyValueStore(AlertingStores.VIEW_SERIES);
        return s.get(series);
    }

    /** The last {@code limit} observations of {@code series}, oldest first. */
    public List<ObservationPoint> observations(String series, int limit) {
        return ring(AlertingStores.VIEW_OBSERVATIONS, series, ObservationPoint::t, limit);
    }

    /** The last {@code limit} scores of {@code series}, oldest first. */
    public List<ScorePoint> scores(String series, int limit) {
        return ring(AlertingStores.VIEW_SCORES, series, ScorePoint::t, limit);
    }

    /** The first step of the last {@code limit} forecasts of {@code series}, by target time. */
    public List<ForecastPoint> forecastHistory(String series, int limit) {
        return ring(AlertingStores.VIEW_FORECAST_HISTORY, series, ForecastPoint::t, limit);
    }

    /** The forecast with the latest origin for {@code series}, or null. */
    public Forecast latestForecast(String series) {
        ReadOnlyKeyValueStore<String, Forecast> s = stores.keyValueStore(AlertingStores.VIEW_FORECASTS);
        return s.get(series);
    }

    /**
     * Latest event of each alert, newest start first.
     *
     * @param openOnly only alerts whose latest event is not a RESOLVE
     * @param series only alerts about this series (its own, or group incidents naming it); null for all
     */
    public List<Alert> alerts(boolean openOnly, String series, int limit) {
        ReadOnlyKeyValueStore<String, Alert> s = stores.keyValueStore(AlertingStores.VIEW_ALERTS);
        List<Alert> out = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = s.all()) {
            while (it.hasNext()) {
                Alert a = it.next().value;
                if (openOnly && a.getState() == AlertState.RESOLVE) {
                    continue;
                }
                if (series != null && !(a.getSubjectKind() == SubjectKind.SERIES ? a.getSubject().equals(series)
                        : a.getMembers().contains(series))) {
                    continue;
                }
                out.add(a);
            }
        }
        out.sort(Comparator.comparing((Alert a) -> a.getStartTime()).reversed().thenComparing(Alert::getId));
        return out.size() <= limit ? out : new ArrayList<>(out.subList(0, limit));
    }

    /** Every rule with the number of subjects in each lifecycle phase. */
    public List<RuleStatus> ruleStatus() {
        Map<String, int[]> subjects = new HashMap<>();
        Map<String, Map<AlertLifecycle.Phase, Integer>> phases = new HashMap<>();
        for (Rule r : rules.rules()) {
            subjects.put(r.name(), new int[1]);
            phases.put(r.name(), RuleStatus.noPhases());
        }
        count(AlertingStores.RULE_SERIES_STATE, (SeriesRuleState s) -> s.alert, s -> s.lastTime, subjects, phases);
        if (!rules.groupRules().isEmpty()) {
            count(AlertingStores.RULE_GROUP_STATE, (GroupRuleState s) -> s.alert, s -> s.groupTime, subjects,
                    phases);
        }
        List<RuleStatus> out = new ArrayList<>();
        for (Rule r : rules.rules()) {
            out.add(new RuleStatus(r, subjects.get(r.name())[0], phases.get(r.name())));
        }
        return out;
    }

    private <S> void count(String store, Function<S, AlertLifecycle> lifecycle, ToLongFunction<S> now,
            Map<String, int[]> subjects, Map<String, Map<AlertLifecycle.Phase, Integer>> phases) {
        ReadOnlyKeyValueStore<String, S> s = stores.keyValueStore(store);
        if (s == null) {
            return;
        }
        try (KeyValueIterator<String, S> it = s.all()) {
            while (it.hasNext()) {
                KeyValue<String, S> kv = it.next();
                int sep = kv.key.indexOf(AlertingStores.KEY_SEPARATOR);
                String rule = sep < 0 ? kv.key : kv.key.substring(0, sep);
                int[] n = subjects.get(rule);
                if (n == null) {
                    continue; // state of a rule no longer in the rules file
                }
                n[0]++;
                phases.get(rule).merge(lifecycle.apply(kv.value).phase(now.applyAsLong(kv.value)), 1, Integer::sum);
            }
        }
    }

    private <V> List<V> ring(String store, String series, ToLongFunction<V> time, int limit) {
        ReadOnlyKeyValueStore<String, V> s = stores.keyValueStore(store);
        return SeriesRing.read(s, series, time, limit);
    }
}
