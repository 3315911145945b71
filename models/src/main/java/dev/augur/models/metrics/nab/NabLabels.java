package dev.augur.models.metrics.nab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ground-truth anomaly windows of a NAB corpus, as timestamps (NAB {@code labels/combined_windows.json};
 * SCORING.md sections 0 and 1): for each data file, named by its path relative to the data directory such as
 * {@code realKnownCause/nyc_taxi.csv}, an ordered list of closed intervals [start, end] whose ends are timestamps of
 * rows of that file.
 *
 * <p>The windows are fixed by NAB's labelling step (Lavin &amp; Ahmad 2015): about 10% of each
 * file's rows, centred on the labelled anomalies, windows in the probationary period dropped and overlapping windows
 * merged. Nothing here recomputes them. Immutable.
 */
public final class NabLabels {

    /**
     * One labelled window, both ends inclusive.
     *
     * @param start first timestamp, epoch microseconds (see {@link NabTimestamps})
     * @param end last timestamp, {@code >= start}
     */
    public record Window(long start, long end) {
        public Window {
            if (end < start) {
                throw new IllegalArgumentException("window end " + NabTimestamps.format(end)
                        + " must not precede its start " + NabTimestamps.format(start));
            }
        }

        @Override
        public String toString() {
            return "[" + NabTimestamps.format(start) + ", " + NabTimestamps.format(end) + "]";
        }
    }

    private final Map<String, List<Window>> windows;

    private NabLabels(Map<String, List<Window>> windows) {
        this.windows = windows;
    }

    /**
     * @param windows file path to its windows in time order; copied
     * @throws IllegalArgumentException if a file's windows are out of order or overlap
     */
    public static NabLabels of(Map<String, List<Window>> windows) {
        Map<String, List<Window>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<Window>> e : windows.entrySet()) {
            List<Window> list = List.copyOf(e.getValue());
            for (int k = 1; k < list.size(); k++) {
                if (list.get(k).start() <= list.get(k - 1).end()) {
                    throw new IllegalArgumentException("labels for " + e.getKey() + ": window " + k + " " + list.get(k)
                            + " must start after window " + (k - 1) + " " + list.get(k - 1) + " ends");
                }
            }
            copy.put(e.getKey(), list);
        }
        return new NabLabels(Collections.unmodifiableMap(copy));
    }

    /** Reads NAB's {@code combined_windows.json}: {@code {"<category>/<file>.csv": [[start, end], ...]}}. */
    public static NabLabels load(Path windowsJson) throws IOException {
        return parse(Files.readString(windowsJson, StandardCharsets.UTF_8), windowsJson.toString());
    }

    /**
     * @param json the content of a {@code combined_windows.json} file
     * @param source where it came from, for error messages
     */
    public static NabLabels parse(String json, String source) {
        Map<String, Object> root = NabJson.asObject(NabJson.parse(json, source), source);
        Map<String, List<Window>> windows = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : root.entrySet()) {
            String where = source + " file \"" + e.getKey() + "\"";
            List<Window> list = new ArrayList<>();
            List<Object> pairs = NabJson.asArray(e.getValue(), where);
            for (int k = 0; k < pairs.size(); k++) {
                List<Object> pair = NabJson.asArray(pairs.get(k), where + " window " + k);
                if (pair.size() != 2) {
                    throw new IllegalArgumentException(where + " window " + k
                            + ": expected [start, end] but found " + pair.size() + " elements");
                }
                long start = NabTimestamps.parse(NabJson.asString(pair.get(0), where + " window " + k + " start"));
                long end = NabTimestamps.parse(NabJson.asString(pair.get(1), where + " window " + k + " end"));
                list.add(new Window(start, end));
            }
            windows.put(e.getKey(), list);
        }
        return of(windows);
    }

    /** The labelled files, in file order. */
    public Set<String> files() {
        return windows.keySet();
    }

    /**
     * @param file a path such as {@code realKnownCause/nyc_taxi.csv}
     * @return its windows in time order, possibly empty
     * @throws IllegalArgumentException if the file has no labels entry
     */
    public List<Window> windows(String file) {
        List<Window> list = windows.get(file);
        if (list == null) {
            throw new IllegalArgumentException("no labels for data file \"" + file + "\"; the labels cover "
                    + windows.size() + " files");
        }
        return list;
    }

    /** K, the number of windows over all files; NAB's perfect score is A_TP * K. */
    public int windowCount() {
        int k = 0;
        for (List<Window> list : windows.values()) {
            k += list.size();
        }
        return k;
    }

    /** The labels of the given files only, e.g. to score a subset of the corpus. */
    public NabLabels restrictTo(Set<String> files) {
        Map<String, List<Window>> sub = new LinkedHashMap<>();
        for (String f : files) {
            sub.put(f, windows(f));
        }
        return new NabLabels(Collections.unmodifiableMap(sub));
    }
}
