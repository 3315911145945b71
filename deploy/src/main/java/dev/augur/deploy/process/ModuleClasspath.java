package dev.augur.deploy.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runtime classpath of one of Augur's modules in a built checkout: {@code <module>/target/classes} followed by
 * the dependency list Maven wrote to {@code <module>/target/run-classpath.txt} at package time.
 */
public final class ModuleClasspath {
    private ModuleClasspath() {
    }

    /**
     * @param home the repository root (where {@code ./augur} lives)
     * @param module module directory name, e.g. {@code operators}
     * @throws IllegalStateException when the module has not been built, saying how to build it
     */
    public static String of(Path home, String module) {
        Path classes = home.resolve(module).resolve("target/classes");
        Path listing = home.resolve(module).resolve("target/run-classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(listing)) {
            throw new IllegalStateException("expected a built module at " + home.resolve(module) + " (target/classes"
                    + " and target/run-classpath.txt) but found none: run `mvn -B -DskipTests package` in " + home);
        }
        try {
            String deps = Files.readString(listing).trim();
            return classes.toAbsolutePath() + (deps.isEmpty() ? "" : File.pathSeparator + deps);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + listing, e);
        }
    }

    /**
     * Only the dependency list of a module that has no classes of its own (such as {@code deploy/flink-cluster}, the
     * Flink cluster's classpath).
     *
     * @throws IllegalStateException when the module has not been built, saying how to build it
     */
    public static String dependenciesOf(Path home, String module) {
        Path listing = home.resolve(module).resolve("target/run-classpath.txt");
        if (!Files.isRegularFile(listing)) {
            throw new IllegalStateException("expected " + listing + " but found none: run `mvn -B -DskipTests package`"
                    + " in " + home);
        }
        try {
            return Files.readString(listing).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + listing, e);
        }
    }
}
