package dev.augur.models.eval;

import dev.augur.models.stream.EnsembleProcessor;
import dev.augur.models.stream.PendingTarget;
import java.util.HashMap;
import java.util.Map;

/** The pending targets of one series in a {@link HashMap}: what the job keeps in a Flink MapState. */
final class MapTargetStore implements EnsembleProcessor.TargetStore {
    private final Map<Long, PendingTarget> map = new HashMap<>();

    @Override
    public PendingTarget get(long target) {
        return map.get(target);
    }

    @Override
    public void put(long target, PendingTarget p) {
        map.put(target, p);
    }

    @Override
    public void remove(long target) {
        map.remove(target);
    }

    int size() {
        return map.size();
    }
}
