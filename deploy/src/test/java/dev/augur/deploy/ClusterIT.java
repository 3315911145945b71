package dev.augur.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.deploy.cluster.ChaosScenario;
import dev.augur.deploy.cluster.ClusterCommand;
import dev.augur.deploy.cluster.ClusterOptions;
import dev.augur.deploy.cluster.DetachedProcess;
import dev.augur.deploy.cluster.RescaleScenario;
import dev.augur.deploy.cluster.StandaloneCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The standalone cluster on real parts: a KRaft broker, a Flink JobManager and two TaskManagers, each its own JVM,
 * started as {@code ./augur cluster up} starts them. Checks that everything listens on 127.0.0.1 only, that the web UI
 * and jar submission answer, that a deployed job runs without its Kafka secret reaching any log; a short fault
 * injection run (two TaskManager kills and one JobManager kill; {@code ./augur cluster chaos} does five and one) and a
 * rescaling run (2 -> 1 -> 4 through savepoints), each compared record for record with a failure-free run; and that
 * {@code down} leaves no process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static final Path HOME = Path.of(System.getProperty("augur.home", "..")).toAbsolutePath().normalize();
    static Path work;
    static StandaloneCluster cluster;
    static List<DetachedProcess> started;

    @BeforeAll
    static void up() throws Exception {
        work = Files.createTempDirectory("augur-cluster-it-");
        cluster = StandaloneCluster.up(new ClusterOptions(HOME, work, "127.0.0.1", 2, 2, 4, "augur."), System.out);
        started = new ArrayList<>(cluster.state().processes());
    }

    @AfterAll
    static void down() throws Exception {
        if (cluster == null) {
            return;
        }
        List<DetachedProcess> all = new ArrayList<>(started);
        all.addAll(StandaloneCluster.attach(HOME, work).state().processes());
        List<String> left = StandaloneCluster.attach(HOME, work).down(System.out);
        assertEquals(List.of(), left, "processes left after down");
        for (DetachedProcess p : all) {
            assertFalse(p.isAlive(), p.role() + " (pid " + p.pid() + ") still runs after down");
        }
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    @Order(1)
    void everyProcessListensOnLoopbackOnlyAndTheWebUiAnswers() throws Exception {
        Map<String, Set<String>> sockets = new HashMap<>();
        StandaloneCluster now = StandaloneCluster.attach(HOME, work); // pids change when a scenario kills processes
        for (DetachedProcess p : now.state().processes()) {
            Set<String> l = ListeningSockets.of(p.pid());
            assertFalse(l.isEmpty(), p.role() + " listens nowhere?");
            sockets.put(p.role(), l);
            for (String s : l) {
                assertTrue(s.startsWith("127.0.0.1:"), p.role() + " listens on " + s + " (expected 127.0.0.1 only): "
                        + l);
            }
        }
        assertTrue(sockets.get("jobmanager").contains("127.0.0.1:" + cluster.state().restPort()), sockets.toString());
        assertTrue(sockets.get("broker").contains("127.0.0.1:" + cluster.state().brokerPort()), sockets.toString());
        var http = java.net.http.HttpClient.newHttpClient();
        String index = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.state().restUrl()
                + "/")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(index.contains("Apache Flink"), "the web UI's page: " + index.substring(0,
                Math.min(200, index.length())));
        assertTrue(cluster.rest().get("/config").path("features").path("web-submit").asBoolean(),
                "jar submission enabled");
    }

    @Test
    @Order(2)
    void deployRunsTheJobAndNoSecretReachesALog() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int rc = ClusterCommand.deploy(HOME, List.of("--work-dir", work.toString(), "--topic-prefix", "augur.",
                "--kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"augur\" password=\"" + secret + "\";",
                "--kafka.ssl.truststore.password", secret), out);
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, printed);
        String id = printed.replaceAll("(?s).*job ([0-9a-f]{32}) submitted.*", "$1");
        assertEquals(32, id.length(), printed);
        assertTrue(printed.contains("job URL: " + cluster.state().restUrl() + "/#/job/running/" + id), printed);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!cluster.rest().allTasksRunning(id) && System.nanoTime() < deadline) {
            Thread.sleep(300);
        }
        assertTrue(cluster.rest().allTasksRunning(id), "job " + id + " state " + cluster.rest().jobState(id));
        var cp = cluster.rest().get("/jobs/" + id + "/checkpoints/config");
        assertEquals("EmbeddedRocksDBStateBackend", cp.path("state_backend").asText(), cp.toString());
        assertEquals(2, cluster.rest().get("/jobs/" + id).path("vertices").get(0).path("parallelism").asInt());
        Thread.sleep(3000); // let the Kafka clients log their configuration
        cluster.rest().cancel(id);
        assertFalse(printed.contains(secret), "deploy printed the secret");
        boolean maskedInClientConfig = false;
        try (Stream<Path> files = Files.walk(work.resolve("logs"))) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(secret), f + " holds the secret");
                maskedInClientConfig |= text.contains("sasl.jaas.config = [hidden]");
            }
        }
        assertTrue(maskedInClientConfig, "expected a Kafka client of the job to log its configuration with "
                + "sasl.jaas.config = [hidden] (the setting reached the client, masked)");
    }

    @Test
    @Order(3)
    void failuresOfTaskManagersAndTheJobManagerChangeNoCommittedRecord() throws Exception {
        ChaosScenario.Result r = new ChaosScenario(HOME, work, 4, 5, 2, 11).execute(System.out);
        assertEquals(3, r.failures().size(), r.failures().toString());
        assertEquals(List.of("taskmanager", "taskmanager", "jobmanager"), r.failures().stream()
                .map(ChaosScenario.Failure::kind).toList());
        for (ChaosScenario.Failure f : r.failures()) {
            assertTrue(f.recoveryMillis() > 0, f.toString());
        }
        assertTrue(r.steps() > 50, "the feed ran " + r.steps() + " steps");
        assertTrue(r.comparison().compared() >= 4 * r.steps() + 4 * (r.steps() - 1), r.comparison().toString());
        assertEquals(0, r.comparison().lost(), r.comparison().toString());
        assertEquals(0, r.comparison().duplicated(), r.comparison().toString());
        assertTrue(r.comparison().identical(), r.comparison().toString());
    }

    @Test
    @Order(4)
    void rescalingThroughSavepointsChangesNoCommittedRecord() throws Exception {
        RescaleScenario.Result r = new RescaleScenario(HOME, work, 4, 5, List.of(2, 1, 4), 4, 5).execute(System.out);
        assertEquals(List.of(1, 4), r.rescales().stream().map(RescaleScenario.Rescale::to).toList());
        assertTrue(r.comparison().compared() >= 4 * r.steps() + 4 * (r.steps() - 1), r.comparison().toString());
        assertTrue(r.comparison().identical(), r.comparison().toString());
    }
}
