package dev.augur.ingest.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.ingest.IngestConfig;
import dev.augur.schemas.config.ConfigException;
import dev.augur.ingest.validate.JsonLineValidator;
import dev.augur.ingest.validate.ValidationResult;
import dev.augur.schemas.records.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaRecordSinkTest {
    @Test
    void sendsSeriesKeyedJsonLinesThatIngestAccepts() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        FeedRecord r = new FeedRecord("sensor-1", "plant-\"a\"", Instant.parse("2024-01-01T00:01:00.250Z")
                .toEpochMilli(), -0.125, Map.of("fault", "spike", "unit", "\u00b0C"));
        try (KafkaRecordSink sink = new KafkaRecordSink(producer, "augur.raw")) {
            sink.send(r);
        }
        assertTrue(producer.closed());
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertEquals(1, sent.size());
        assertEquals("augur.raw", sent.get(0).topic());
        assertEquals("sensor-1", sent.get(0).key());

        ValidationResult v = new JsonLineValidator(IngestConfig.defaults()).validate(sent.get(0).value());
        Observation o = ((ValidationResult.Accepted) v).observation();
        assertEquals(r.series(), o.getSeries());
        assertEquals(r.group(), o.getGroup());
        assertEquals(r.eventTimeMillis(), o.getEventTime().toEpochMilli());
        assertEquals(r.value(), o.getValue());
        assertEquals(r.labels(), o.getLabels());
    }

    @Test
    void aFailedSendStopsTheFeed() {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        KafkaRecordSink sink = new KafkaRecordSink(producer, "augur.raw");
        sink.send(new FeedRecord("s", null, 0, 1));
        producer.errorNext(new TimeoutException("broker gone"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sink.send(new FeedRecord("s", null, 1, 1)));
        assertTrue(e.getMessage().contains("broker gone"), e.getMessage());
    }

    @Test
    void producerIsIdempotentWithAcksAll() {
        Properties p = KafkaRecordSink.producerProperties("b:9092", "id", Map.of("security.protocol", "SSL",
                "linger.ms", "20"));
        assertEquals("true", p.getProperty("enable.idempotence"));
        assertEquals("all", p.getProperty("acks"));
        assertEquals("SSL", p.getProperty("security.protocol"));
        assertEquals("20", p.getProperty("linger.ms"));
        assertEquals("1", p.getProperty("max.in.flight.requests.per.connection"));
        assertEquals("b:9092", p.getProperty("bootstrap.servers"));
        assertEquals("--kafka.acks must be all for feed producers (idempotent) but was '1'",
                assertThrows(ConfigException.class,
                        () -> KafkaRecordSink.producerProperties("b:9092", "id", Map.of("acks", "1"))).getMessage());
        assertThrows(ConfigException.class, () -> KafkaRecordSink.producerProperties("b:9092", "id",
                Map.of("enable.idempotence", "false")));
    }
}
