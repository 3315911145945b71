package dev.augur.models.neural;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the folder into which ONNX Runtime's Java loader ({@code ai.onnxruntime.OnnxRuntime.init}, 1.22.0) copied
 * its native libraries ({@code java.io.tmpdir/onnxruntime-java<random>}). The loader only marks it for deletion on
 * exit, and marks the folder before its files, so the JVM tries the folder first (not empty yet) and an empty folder
 * stays after every run; a crashed JVM leaves the libraries too (20 MB each). On Linux and macOS a loaded library may be
 * unlinked while mapped, so the folder is removed as soon as the environment has loaded them. Windows keeps loaded
 * libraries locked: nothing is done there.
 */
final class NativeLibraryCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraryCleanup.class);
    private static boolean done;

    private NativeLibraryCleanup() {
    }

    /** Call after {@code OrtEnvironment.getEnvironment()}; removes the loader's folder once per JVM. */
    static synchronized void afterLoad() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return;
        }
        Path dir;
        try {
            Field f = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
            f.setAccessible(true);
            dir = (Path) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("ONNX Runtime's native folder not found ({}); left to the JVM's delete-on-exit", e.toString());
            return;
        }
        if (dir == null || !dir.getFileName().toString().startsWith("onnxruntime-java") || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> paths = s.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
            LOG.debug("removed ONNX Runtime's native folder {}", dir);
        } catch (IOException e) {
            LOG.warn("could not remove ONNX Runtime's native folder {}: {}", dir, e.getMessage());
        }
    }
}
