package dev.augur.ingest.feed.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FaultLabelCsvWriterTest {
    @Test
    void writesHeaderAndIsoRows() throws Exception {
        StringWriter out = new StringWriter();
        try (FaultLabelCsvWriter w = new FaultLabelCsvWriter(out)) {
            w.accept(new FaultLabel("sensor-3", "sensor-group-1", FaultKind.LEVEL_SHIFT,
                    Instant.parse("2024-01-01T06:40:00Z"), Instant.parse("2024-01-01T08:10:00Z"), 3.5));
            w.accept(new FaultLabel("a,b", null, FaultKind.JUMP, Instant.parse("2024-01-01T00:00:00Z"),
                    Instant.parse("2024-01-01T00:01:00Z"), -0.01));
        }
        assertEquals("series,group,kind,start,end\n"
                + "sensor-3,sensor-group-1,level_shift,2024-01-01T06:40:00Z,2024-01-01T08:10:00Z\n"
                + "\"a,b\",,jump,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z\n", out.toString());
    }
}
