package dev.augur.models.metrics.nab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An application profile: the weights NAB puts on a detected window, a false positive and a missed window
 * (Lavin &amp; Ahmad 2015; SCORING.md section 0; NAB {@code config/profiles.json}).
 *
 * <p>The weights are positive magnitudes; the scoring rules give them their signs. {@code tnWeight} is carried because
 * the file has it, but NAB never uses it: true negatives add nothing to the score.
 *
 * @param name e.g. {@code standard}
 * @param tpWeight A_TP, the worth of a window detected on its first row
 * @param fpWeight A_FP, the full cost of a false positive
 * @param fnWeight A_FN, the cost of a missed window
 * @param tnWeight A_TN, unused by the score
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight, double tnWeight) {

    /** A_TP = 1, A_FP = 0.11, A_FN = 1. */
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0, 1.0);
    /** A_TP = 1, A_FP = 0.22, A_FN = 1. */
    public static final NabProfile REWARD_LOW_FP_RATE = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0, 1.0);
    /** A_TP = 1, A_FP = 0.11, A_FN = 2. */
    public static final NabProfile REWARD_LOW_FN_RATE = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0, 1.0);

    public NabProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("profile name must be non-blank but was " + name);
        }
        requireWeight(name, "tpWeight", tpWeight, true);
        requireWeight(name, "fpWeight", fpWeight, false);
        requireWeight(name, "fnWeight", fnWeight, false);
        requireWeight(name, "tnWeight", tnWeight, false);
    }

    /** NAB's three profiles, in the order of {@code config/profiles.json}. */
    public static List<NabProfile> defaults() {
        return List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);
    }

    /** Reads a {@code profiles.json} file: {@code {name: {"CostMatrix": {tpWeight, fpWeight, fnWeight, tnWeight}}}}. */
    public static List<NabProfile> load(Path profilesJson) throws IOException {
        return parse(Files.readString(profilesJson, StandardCharsets.UTF_8), profilesJson.toString());
    }

    /**
     * @param json the content of a {@code profiles.json} file
     * @param source where it came from, for error messages
     */
    public static List<NabProfile> parse(String json, String source) {
        Map<String, Object> root = NabJson.asObject(NabJson.parse(json, source), source);
        List<NabProfile> profiles = new ArrayList<>();
        for (Map.Entry<String, Object> e : root.entrySet()) {
            String where = source + " profile \"" + e.getKey() + "\"";
            Map<String, Object> profile = NabJson.asObject(e.getValue(), where);
            Map<String, Object> costs = NabJson.asObject(profile.get("CostMatrix"), where + " CostMatrix");
            profiles.add(new NabProfile(e.getKey(),
                    weight(costs, "tpWeight", where),
                    weight(costs, "fpWeight", where),
                    weight(costs, "fnWeight", where),
                    costs.containsKey("tnWeight") ? weight(costs, "tnWeight", where) : 0.0));
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected at least one profile but found none");
        }
        return Collections.unmodifiableList(profiles);
    }

    private static double weight(Map<String, Object> costs, String key, String where) {
        if (!costs.containsKey(key)) {
            throw new IllegalArgumentException(where + ": expected CostMatrix." + key + " but it is missing");
        }
        return NabJson.asNumber(costs.get(key), where + " CostMatrix." + key);
    }

    private static void requireWeight(String profile, String key, double value, boolean strictlyPositive) {
        boolean ok = Double.isFinite(value) && (strictlyPositive ? value > 0 : value >= 0);
        if (!ok) {
            throw new IllegalArgumentException("profile \"" + profile + "\": " + key + " must be finite and "
                    + (strictlyPositive ? "> 0" : ">= 0") + " but was " + value);
        }
    }
}
