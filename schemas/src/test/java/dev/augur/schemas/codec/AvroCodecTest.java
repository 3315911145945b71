package dev.augur.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.schemas.kafka.AvroKafkaSerde;
import dev.augur.schemas.records.Alert;
import dev.augur.schemas.records.AlertState;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.CoverageEntry;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.Forecast;
import dev.augur.schemas.records.ForecastStep;
import dev.augur.schemas.records.Matrix;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import dev.augur.schemas.records.Severity;
import dev.augur.schemas.records.SubjectKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
    static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    static Observation observation() {
        return Observation.newBuilder().setSeries("plant-1/temp").setGroup("plant-1").setEventTime(T)
                .setValue(21.5).setLabels(Map.of("unit", "C")).build();
    }

    static List<SpecificRecordBase> examples() {
        Forecast f = Forecast.newBuilder().setSeries("s").setModel("ar-rls").setModelVersion("1").setOriginTime(T)
                .setStepMillis(60_000).setLevels(List.of(0.05, 0.5, 0.95))
                .setSteps(List.of(ForecastStep.newBuilder().setHorizon(1).setTargetTime(T.plusSeconds(60))
                        .setMean(1.0).setQuantiles(List.of(0.5, 1.0, 1.5)).build()))
                .build();
        AnomalyScore a = AnomalyScore.newBuilder().setSeries("s").setTime(T).setObserved(3).setExpected(1)
                .setLower(0).setUpper(2).setScore(0.99).setTailProbability(0.01).setModel("ar-rls").build();
        Alert al = Alert.newBuilder().setId("a1").setSubject("g").setSubjectKind(SubjectKind.GROUP)
                .setMembers(List.of("s1", "s2")).setSeverity(Severity.CRITICAL).setState(AlertState.OPEN)
                .setStartTime(T).setPeakScore(0.999).setRule("r").setReason("3 of 5 >= 0.99").build();
        DeadLetter d = DeadLetter.newBuilder().setSourceTopic("augur.raw").setSourcePartition(0)
                .setSourceOffset(42L).setStage("ingest.validate").setErrorType("UNPARSEABLE")
                .setErrorMessage("expected JSON").setOriginal(ByteBuffer.wrap(new byte[] {1, 2, 3})).setTime(T)
                .build();
        ModelDiagnostics m = ModelDiagnostics.newBuilder().setSubject("g").setModel("var").setModelVersion("1")
                .setTime(T).setObservations(10).setOrder(2).setCoefficients(List.of(0.1, 0.2)).setNoiseVariance(1)
                .setCoverage(List.of(CoverageEntry.newBuilder().setLevel(0.9).setAchieved(0.88).setCount(100)
                        .build()))
                .setMatrices(Map.of("irf.h1", Matrix.newBuilder().setRows(1).setCols(2)
                        .setValues(List.of(1.0, 2.0)).build()))
                .build();
        return List.of(observation(), f, a, al, d, m);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void everyRecordRoundTripsThroughSingleObjectEncoding() {
        for (SpecificRecordBase r : examples()) {
            AvroCodec codec = AvroCodec.of(r.getClass());
            byte[] bytes = codec.encode(r);
            assertEquals((byte) 0xC3, bytes[0], "single-object marker");
            assertEquals((byte) 0x01, bytes[1], "single-object marker");
            assertEquals(r, codec.decode(bytes));
            AvroKafkaSerde serde = AvroKafkaSerde.of(r.getClass());
            assertEquals(r, serde.deserialize("t", serde.serialize("t", r)));
        }
    }

    @Test
    void plainJsonIsABadHeader() {
        AvroCodec<Observation> codec = AvroCodec.of(Observation.class);
        RecordDecodingException e = assertThrows(RecordDecodingException.class,
                () -> codec.decode("{\"series\":\"s\"}".getBytes()));
        assertEquals("BAD_HEADER", e.errorType());
        assertTrue(e.getMessage().contains("expected Avro single-object encoding of Observation"), e.getMessage());
        assertTrue(e.getMessage().contains("7B 22"), "shows the leading bytes: " + e.getMessage());
    }

    @Test
    void anotherRecordTypeIsAnUnknownSchema() {
        byte[] forecastBytes = AvroCodec.of(AnomalyScore.class).encode((AnomalyScore) examples().get(2));
        RecordDecodingException e = assertThrows(RecordDecodingException.class,
                () -> AvroCodec.of(Observation.class).decode(forecastBytes));
        assertEquals("UNKNOWN_SCHEMA", e.errorType());
        assertTrue(e.getMessage().contains("known schema"), e.getMessage());
    }

    @Test
    void truncatedBodyIsReported() {
        byte[] ok = AvroCodec.of(Observation.class).encode(observation());
        byte[] cut = Arrays.copyOf(ok, 14);
        RecordDecodingException e = assertThrows(RecordDecodingException.class,
                () -> AvroCodec.of(Observation.class).decode(cut));
        assertTrue(e.errorType().equals("TRUNCATED") || e.errorType().equals("CORRUPT"), e.errorType());
        assertTrue(e.getMessage().contains("14 bytes"), e.getMessage());
    }

    @Test
    void kafkaSerdeWrapsErrorsWithTheTopic() {
        AvroKafkaSerde<Observation> serde = AvroKafkaSerde.of(Observation.class);
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize("augur.observations", new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().startsWith("topic augur.observations: expected"), e.getMessage());
    }

    @Test
    void encodingIsDeterministic() {
        AvroCodec<Observation> codec = AvroCodec.of(Observation.class);
        assertArrayEquals(codec.encode(observation()), codec.encode(observation()));
    }

    /**
     * The codec's own writer gives the bytes of Avro's {@code BinaryMessageEncoder} for every record type, for
     * forecasts large enough to grow the buffer, and after an encode that failed half-way (a null in a required
     * field) on the same thread.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void bytesAreAvrosSingleObjectEncoding() throws Exception {
        java.util.List<SpecificRecordBase> records = new java.util.ArrayList<>(examples());
        java.util.Random r = new java.util.Random(9);
        for (int n : new int[] {1, 12, 200}) {
            java.util.List<ForecastStep> steps = new java.util.ArrayList<>();
            for (int h = 1; h <= n; h++) {
                steps.add(ForecastStep.newBuilder().setHorizon(h).setTargetTime(T.plusSeconds(60L * h))
                        .setMean(r.nextGaussian()).setQuantiles(List.of(r.nextDouble(), r.nextDouble(), Double.NaN))
                        .build());
            }
            records.add(Forecast.newBuilder().setSeries("s" + n).setModel("ensemble").setModelVersion("1;ar=1")
                    .setOriginTime(T).setStepMillis(60_000).setLevels(List.of(0.05, 0.5, 0.95)).setSteps(steps)
                    .build());
        }
        AvroCodec<Observation> obs = AvroCodec.of(Observation.class);
        Observation broken = observation();
        broken.setSeries(null);
        // fails after the header and before the body is complete: the next encode must not carry those bytes
        assertThrows(RuntimeException.class, () -> obs.encode(broken));
        for (SpecificRecordBase rec : records) {
            org.apache.avro.specific.SpecificData model = org.apache.avro.specific.SpecificData.getForClass(
                    rec.getClass());
            org.apache.avro.message.BinaryMessageEncoder avro = new org.apache.avro.message.BinaryMessageEncoder(
                    model, rec.getSchema());
            ByteBuffer b = avro.encode(rec);
            byte[] expected = new byte[b.remaining()];
            b.get(expected);
            assertArrayEquals(expected, AvroCodec.of((Class) rec.getClass()).encode(rec), rec.getClass().getName());
        }
    }
}
