package dev.augur.ingest.feed.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes fault labels as CSV: header {@code series,group,kind,start,end}, then one row per fault with ISO-8601 UTC
 * instants, e.g. {@code sensor-3,sensor-group-1,level_shift,2024-01-01T06:40:00Z,2024-01-01T08:10:00Z} (group empty
 * when none). Each row is flushed as it is written, so the file matches what was sent even after a crash.
 */
public final class FaultLabelCsvWriter implements Consumer<FaultLabel>, AutoCloseable {
    public static final String HEADER = "series,group,kind,start,end";

    private final Writer out;

    public FaultLabelCsvWriter(Writer out) {
        this.out = out;
        write(HEADER);
    }

    /** Creates (or replaces) {@code file}. */
    public static FaultLabelCsvWriter create(Path file) throws IOException {
        return new FaultLabelCsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    @Override
    public void accept(FaultLabel f) {
        write(cell(f.series()) + "," + (f.group() == null ? "" : cell(f.group())) + "," + f.kind().label() + ","
                + f.start() + "," + f.end());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void write(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fault labels file", e);
        }
    }

    private static String cell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
