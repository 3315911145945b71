package dev.augur.alerting.rules;

import dev.augur.schemas.records.Severity;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Score thresholds per severity: a score {@code >=} the threshold of a severity is a breach at that severity. At
 * least one severity has a threshold; thresholds rise strictly with severity (INFO &lt; WARNING &lt; CRITICAL).
 *
 * <p>Levels are small integers so that state can hold them in primitive arrays: {@link #NONE} = 0 (no breach), then
 * {@code severity.ordinal() + 1} (INFO = 1, WARNING = 2, CRITICAL = 3).
 */
public final class Thresholds {
    /** Level of a score below every threshold. */
    public static final int NONE = 0;
    /** Number of severities, so levels run from 1 to {@code LEVELS}. */
    public static final int LEVELS = Severity.values().length;

    /** Threshold by level; index 0 unused; NaN where the severity has no threshold. */
    private final double[] byLevel;
    private final int lowestLevel;

    private Thresholds(double[] byLevel) {
        this.byLevel = byLevel;
        int lowest = NONE;
        for (int l = 1; l <= LEVELS; l++) {
            if (!Double.isNaN(byLevel[l])) {
                lowest = l;
                break;
            }
        }
        this.lowestLevel = lowest;
    }

    /**
     * @param bySeverity at least one entry, each in (0, 1], rising strictly with severity
     * @throws IllegalArgumentException saying which severity is out of order or range
     */
    public static Thresholds of(Map<Severity, Double> bySeverity) {
        if (bySeverity.isEmpty()) {
            throw new IllegalArgumentException("at least one of info, warning, critical");
        }
        double[] t = new double[LEVELS + 1];
        Arrays.fill(t, Double.NaN);
        double previous = Double.NEGATIVE_INFINITY;
        Severity previousSeverity = null;
        for (Severity s : Severity.values()) {
            Double v = bySeverity.get(s);
            if (v == null) {
                continue;
            }
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException(s.name().toLowerCase() + " must be a number in (0, 1] but was " + v);
            }
            if (v <= previous) {
                throw new IllegalArgumentException(s.name().toLowerCase() + " must be greater than "
                        + previousSeverity.name().toLowerCase() + " (" + previous + ") but was " + v);
            }
            t[s.ordinal() + 1] = v;
            previous = v;
            previousSeverity = s;
        }
        return new Thresholds(t);
    }

    /** The highest level whose threshold {@code score} reaches, or {@link #NONE}. */
    public int levelOf(double score) {
        for (int l = LEVELS; l >= 1; l--) {
            if (!Double.isNaN(byLevel[l]) && score >= byLevel[l]) {
                return l;
            }
        }
        return NONE;
    }

    /** The lowest threshold: scores below it are no breach at all. */
    public double lowest() {
        return byLevel[lowestLevel];
    }

    /** The threshold of {@code level} (1..LEVELS), NaN when that severity has none. */
    public double threshold(int level) {
        return byLevel[level];
    }

    /** The severity of a level in 1..LEVELS. */
    public static Severity severity(int level) {
        return Severity.values()[level - 1];
    }

    /** The thresholds that are set, by severity, in severity order. */
    public Map<Severity, Double> asMap() {
        Map<Severity, Double> m = new EnumMap<>(Severity.class);
        for (int l = 1; l <= LEVELS; l++) {
            if (!Double.isNaN(byLevel[l])) {
                m.put(severity(l), byLevel[l]);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
