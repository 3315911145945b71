package dev.augur.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job jar that {@code flink run} takes (built at {@code package}, so checked here at {@code verify}): its main class
 * is the job, it carries Augur, the Kafka connector, Avro, Flink's Avro support and the models, and none of the Flink
 * runtime that a cluster provides (two copies of Flink classes break a cluster's class loading).
 */
class JobJarIT {
    @Test
    void jobJarHoldsWhatACLusterLacksAndNothingItProvides() throws Exception {
        Path target = Path.of("target");
        Path jar;
        try (Stream<Path> s = Files.list(target)) {
            jar = s.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst().orElse(null);
        }
        assertNotNull(jar, "expected target/*-job.jar after package");
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals(AugurJob.class.getName(), j.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String must : new String[] {"dev/augur/operators/AugurJob.class",
                "dev/augur/models/stream/EnsembleProcessor.class", "dev/augur/schemas/records/Forecast.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "org/apache/flink/formats/avro/typeutils/AvroTypeInfo.class", "org/apache/avro/Schema.class",
                "org/apache/kafka/clients/producer/KafkaProducer.class"}) {
                assertNotNull(j.getEntry(must), "job jar lacks " + must);
            }
            for (String mustNot : new String[] {
                "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
                "org/apache/flink/runtime/minicluster/MiniCluster.class",
                "org/apache/flink/api/common/functions/MapFunction.class", "org/apache/logging/log4j/Logger.class",
                "org/slf4j/Logger.class", "log4j2-test.properties"}) {
                assertFalse(j.getEntry(mustNot) != null, "job jar must not carry " + mustNot);
            }
        }
        assertTrue(jar.toFile().length() < 256L * 1024 * 1024, "job jar size " + jar.toFile().length()
                + " bytes");
    }
}
