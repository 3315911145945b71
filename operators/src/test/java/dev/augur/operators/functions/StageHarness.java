package dev.augur.operators.functions;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

/**
 * Golden snapshots for state-compatibility tests. A snapshot written by an earlier build is committed under
 * {@code src/test/resources/savepoints/}; tests restore it with the current build. Run the tests with
 * {@code -Daugur.writeGoldenSnapshots=true} to (re)write a missing one, and commit it with the version in its name.
 */
final class StageHarness {
    private StageHarness() {
    }

    static Path golden(String name) {
        return Path.of("src/test/resources/savepoints").resolve(name);
    }

    /** Returns the committed golden snapshot, writing {@code current} as it first when asked to. */
    static OperatorSubtaskState goldenOrWrite(String name, OperatorSubtaskState current) throws Exception {
        Path p = golden(name);
        if (!Files.exists(p)) {
            if (!Boolean.getBoolean("augur.writeGoldenSnapshots")) {
                throw new IllegalStateException("expected a committed golden snapshot at " + p.toAbsolutePath()
                        + " but found none; write it with -Daugur.writeGoldenSnapshots=true and commit it");
            }
            Files.createDirectories(p.getParent());
            OperatorSnapshotUtil.writeStateHandle(current, p.toString());
        }
        return OperatorSnapshotUtil.readStateHandle(p.toString());
    }
}
