package dev.augur.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every current schema must be compatible both ways with every released version: readers of a released version can
 * read what the current code writes (forward), and the current code can read what a released version wrote
 * (backward, e.g. replays and old checkpoints). Released versions live in
 * {@code src/main/resources/dev/augur/schemas/released/vN/}; copy the schemas there when releasing.
 */
class SchemaCompatibilityTest {
    static final List<Class<?>> RECORDS = List.of(Observation.class, Forecast.class, AnomalyScore.class, Alert.class,
            DeadLetter.class, ModelDiagnostics.class);

    @Test
    void everyRecordTypeHasAReleasedSchema() {
        for (Class<?> c : RECORDS) {
            assertFalse(AvroCodec.releasedSchemas(c).isEmpty(), "no released schema for " + c.getSimpleName());
        }
    }

    @Test
    void currentSchemasAreFullyCompatibleWithEveryReleasedVersion() {
        List<String> problems = new ArrayList<>();
        for (Class<?> c : RECORDS) {
            Schema current = SpecificData.get().getSchema(c);
            for (Schema released : AvroCodec.releasedSchemas(c)) {
                problems.addAll(incompatibilities(released, current, c.getSimpleName()));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyFieldHasADoc() {
        for (Class<?> c : RECORDS) {
            checkDocs(SpecificData.get().getSchema(c), c.getSimpleName());
        }
    }

    private static void checkDocs(Schema s, String path) {
        if (s.getType() == Schema.Type.RECORD) {
            assertTrue(s.getDoc() != null && !s.getDoc().isBlank(), "record " + path + " has no doc");
            for (Schema.Field f : s.getFields()) {
                assertTrue(f.doc() != null && !f.doc().isBlank(), "field " + path + "." + f.name() + " has no doc");
                checkDocs(f.schema(), path + "." + f.name());
            }
        } else if (s.getType() == Schema.Type.UNION) {
            for (Schema b : s.getTypes()) {
                checkDocs(b, path);
            }
        } else if (s.getType() == Schema.Type.ARRAY) {
            checkDocs(s.getElementType(), path + "[]");
        } else if (s.getType() == Schema.Type.MAP) {
            checkDocs(s.getValueType(), path + "{}");
        }
    }

    /** The check itself must catch breaking changes, or the test above proves nothing. */
    @ParameterizedTest
    @ValueSource(strings = {
        // a new field without a default: old data cannot be read by the new reader
        """
        {"type":"record","name":"Observation","namespace":"dev.augur.schemas.records","fields":[
          {"name":"series","type":"string"},{"name":"group","type":["null","string"],"default":null},
          {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"value","type":"double"},{"name":"labels","type":{"type":"map","values":"string"},"default":{}},
          {"name":"quality","type":"int"}]}
        """,
        // a field removed that old readers need without a default: old readers cannot read new data
        """
        {"type":"record","name":"Observation","namespace":"dev.augur.schemas.records","fields":[
          {"name":"series","type":"string"},{"name":"group","type":["null","string"],"default":null},
          {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"labels","type":{"type":"map","values":"string"},"default":{}}]}
        """,
        // a type narrowed: double -> float
        """
        {"type":"record","name":"Observation","namespace":"dev.augur.schemas.records","fields":[
          {"name":"series","type":"string"},{"name":"group","type":["null","string"],"default":null},
          {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"value","type":"float"},{"name":"labels","type":{"type":"map","values":"string"},"default":{}}]}
        """})
    void breakingChangesAreDetected(String changed) {
        Schema released = AvroCodec.releasedSchemas(Observation.class).get(0);
        Schema candidate = new Schema.Parser().parse(changed);
        assertFalse(incompatibilities(released, candidate, "Observation").isEmpty(),
                "a breaking change was not detected");
    }

    @Test
    void addingAnOptionalFieldIsAllowed() {
        Schema released = AvroCodec.releasedSchemas(Observation.class).get(0);
        Schema candidate = new Schema.Parser().parse("""
                {"type":"record","name":"Observation","namespace":"dev.augur.schemas.records","fields":[
                  {"name":"series","type":"string"},{"name":"group","type":["null","string"],"default":null},
                  {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"value","type":"double"},
                  {"name":"labels","type":{"type":"map","values":"string"},"default":{}},
                  {"name":"quality","type":["null","int"],"default":null}]}
                """);
        assertEquals(List.of(), incompatibilities(released, candidate, "Observation"));
    }

    static List<String> incompatibilities(Schema released, Schema current, String name) {
        List<String> out = new ArrayList<>();
        var forward = SchemaCompatibility.checkReaderWriterCompatibility(released, current);
        if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            out.add(name + ": readers of the released schema cannot read the current one: "
                    + forward.getResult().getIncompatibilities());
        }
        var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            out.add(name + ": the current schema cannot read data of the released one: "
                    + backward.getResult().getIncompatibilities());
        }
        return out;
    }
}
