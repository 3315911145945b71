package dev.augur.models.metrics.nab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NAB's stored thresholds ({@code config/thresholds.json}): for each detector and profile the threshold NAB's
 * optimiser chose and the raw score it reported. Some entries predate the current exhaustive sweep and are not its
 * optimum (SCORING.md sections 6 and 8); scoring at them reproduces the published numbers. Immutable.
 */
public final class NabThresholds {

    /**
     * @param threshold theta as NAB stored it
     * @param score the raw corpus score NAB stored with it
     */
    public record Entry(double threshold, double score) {
    }

    private final Map<String, Map<String, Entry>> entries;

    private NabThresholds(Map<String, Map<String, Entry>> entries) {
        this.entries = entries;
    }

    public static NabThresholds load(Path thresholdsJson) throws IOException {
        return parse(Files.readString(thresholdsJson, StandardCharsets.UTF_8), thresholdsJson.toString());
    }

    /**
     * @param json {@code {detector: {profile: {"threshold": t, "score": s}}}}
     * @param source where it came from, for error messages
     */
    public static NabThresholds parse(String json, String source) {
        Map<String, Object> root = NabJson.asObject(NabJson.parse(json, source), source);
        Map<String, Map<String, Entry>> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Object> d : root.entrySet()) {
            Map<String, Entry> byProfile = new LinkedHashMap<>();
            for (Map.Entry<String, Object> p : NabJson.asObject(d.getValue(), source + " " + d.getKey()).entrySet()) {
                String where = source + " " + d.getKey() + "." + p.getKey();
                Map<String, Object> e = NabJson.asObject(p.getValue(), where);
                byProfile.put(p.getKey(), new Entry(NabJson.asNumber(e.get("threshold"), where + ".threshold"),
                        NabJson.asNumber(e.get("score"), where + ".score")));
            }
            entries.put(d.getKey(), Collections.unmodifiableMap(byProfile));
        }
        return new NabThresholds(Collections.unmodifiableMap(entries));
    }

    /** @throws IllegalArgumentException naming the detectors or profiles that are present */
    public Entry get(String detector, String profile) {
        Map<String, Entry> byProfile = entries.get(detector);
        if (byProfile == null) {
            throw new IllegalArgumentException("no thresholds for detector \"" + detector + "\"; present: "
                    + entries.keySet());
        }
        Entry e = byProfile.get(profile);
        if (e == null) {
            throw new IllegalArgumentException("no threshold for detector \"" + detector + "\" and profile \""
                    + profile + "\"; present: " + byProfile.keySet());
        }
        return e;
    }

    public Map<String, Map<String, Entry>> asMap() {
        return entries;
    }
}
