package dev.augur.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.augur.alerting.AlertingAppConfig;
import dev.augur.ingest.IngestAppConfig;
import dev.augur.ingest.feed.SyntheticFeedConfig;
import dev.augur.schemas.config.CommandLine;
import dev.augur.schemas.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files ({@code deploy/compose}, {@code deploy/k8s}, {@code deploy/docker}) checked as far as possible
 * without a Docker engine or a Kubernetes cluster: every YAML file parses; images and jar paths match what the build
 * produces (artifact ids, version, classifier, Flink version); every app's arguments, with the ConfigMap values
 * substituted, pass that app's own configuration parser (unknown keys and out-of-range values fail there); the job's
 * arguments use only keys of {@code AugurOptions} or {@code kafka.*} (the operators module checks them with the job's
 * parser and Flink's option classes); nothing is published beyond 127.0.0.1.
 */
class DeploymentFilesTest {
    static final Path HOME = Path.of(System.getProperty("augur.home", "..")).toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Pattern VAR = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");

    static String pomValue(Path pom, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(pom));
        assertTrue(m.find(), "expected " + regex + " in " + pom);
        return m.group(1);
    }

    static String version() throws IOException {
        return pomValue(HOME.resolve("pom.xml"), "<artifactId>augur-parent</artifactId>\\s*<version>([^<]+)</version>");
    }

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode n = (JsonNode) it.next();
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }

    static List<Path> yamlFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("deploy/compose", "deploy/k8s")) {
            try (Stream<Path> s = Files.list(HOME.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    static List<String> strings(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }

    /** The image tags the Dockerfiles say they build ({@code docker build ... -t IMAGE .}), by Dockerfile. */
    static Map<String, String> builtImages() throws IOException {
        Map<String, String> images = new HashMap<>();
        for (String f : List.of("Dockerfile.job", "Dockerfile.apps")) {
            images.put(f, pomValue(HOME.resolve("deploy/docker").resolve(f), "-t (\\S+) \\."));
        }
        return images;
    }

    @Test
    void everyYamlFileParsesAndKubernetesObjectsAreComplete() throws IOException {
        List<Path> files = yamlFiles();
        assertTrue(files.size() >= 3, "expected the compose file and the Kubernetes files but found " + files);
        Set<String> kinds = new HashSet<>();
        for (Path f : files) {
            List<JsonNode> docs = documents(f);
            assertFalse(docs.isEmpty(), f + " holds no YAML document");
            if (f.startsWith(HOME.resolve("deploy/k8s"))) {
                for (JsonNode d : docs) {
                    for (String field : List.of("apiVersion", "kind", "metadata")) {
                        assertTrue(d.hasNonNull(field), f + ": a document lacks '" + field + "': " + d);
                    }
                    assertFalse(d.path("metadata").path("name").asText().isEmpty(), f + ": unnamed " + d.get("kind"));
                    kinds.add(d.get("kind").asText());
                }
            }
        }
        assertTrue(kinds.containsAll(Set.of("FlinkDeployment", "Deployment", "ConfigMap")), "kinds found: " + kinds);
    }

    @Test
    void dockerfilesCopyTheArtifactsTheBuildProduces() throws IOException {
        String version = version();
        Path docker = HOME.resolve("deploy/docker");
        String jobDockerfile = Files.readString(docker.resolve("Dockerfile.job"));
        String classifier = pomValue(HOME.resolve("operators/pom.xml"), "<shadedClassifierName>([^<]+)<");
        String jobJar = "operators/target/augur-operators-" + version + "-" + classifier + ".jar";
        assertTrue(jobDockerfile.contains("COPY --chown=flink:flink " + jobJar + " /opt/flink/usrlib/augur-job.jar"),
                "Dockerfile.job must copy " + jobJar + " (artifact id, version and classifier of the build)");
        String flinkVersion = pomValue(HOME.resolve("pom.xml"), "<flink.version>([^<]+)<");
        assertTrue(jobDockerfile.contains("FROM flink:" + flinkVersion + "-"), "Dockerfile.job must build on flink:"
                + flinkVersion + " (the build's flink.version)");
        String apps = Files.readString(docker.resolve("Dockerfile.apps"));
        assertTrue(apps.contains("deploy/target/augur-deploy-" + version + ".jar"), "Dockerfile.apps must copy the"
                + " deploy jar of version " + version);
        Matcher copy = Pattern.compile("(?m)^COPY (deploy/conf/\\S+) ").matcher(apps);
        while (copy.find()) {
            assertTrue(Files.isRegularFile(HOME.resolve(copy.group(1))), "Dockerfile.apps copies a missing "
                    + copy.group(1));
        }
        for (String image : builtImages().values()) {
            assertTrue(image.endsWith(":" + version), "image " + image + " is not tagged with version " + version);
        }
        String ignore = Files.readString(HOME.resolve(".dockerignore"));
        assertTrue(ignore.contains("!operators/target/augur-operators-*-job.jar"), ".dockerignore must let the job jar"
                + " into the build context");
    }

    /** Runs an app's own configuration parser over its arguments (values substituted), as the app does at start. */
    static void parseAppArgs(String where, List<String> command) {
        String main = command.get(0);
        String[] args = command.subList(1, command.size()).toArray(String[]::new);
        try {
            Class.forName(main, false, DeploymentFilesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            fail(where + ": main class " + main + " does not exist");
        }
        Map<String, Consumer<String[]>> parsers = Map.of(
                "dev.augur.ingest.IngestApp", IngestAppConfig::fromArgs,
                "dev.augur.alerting.AlertingApp", AlertingAppConfig::fromArgs,
                "dev.augur.ingest.feed.SyntheticFeed", a -> SyntheticFeedConfig.from(CommandLine.parse(a)),
                "dev.augur.deploy.Launcher", a -> {
                    assertEquals("topics", a[0], where);
                    Map<String, String> o = Launcher.parse(a, 1);
                    assertTrue(Set.of("bootstrap-servers", "topic-prefix", "partitions", "replication-factor")
                            .containsAll(o.keySet()), where + ": unknown topics option in " + o.keySet());
                });
        Consumer<String[]> parser = parsers.get(main);
        assertNotNull(parser, where + ": no parser known for " + main);
        try {
            parser.accept(args);
        } catch (RuntimeException e) {
            fail(where + ": " + main + " rejects its arguments " + List.of(args) + ": " + e.getMessage());
        }
    }

    static Set<String> augurOptionKeys() throws IOException {
        String src = Files.readString(HOME.resolve(
                "operators/src/main/java/dev/augur/operators/config/AugurOptions.java"));
        Set<String> keys = new HashSet<>();
        Matcher m = Pattern.compile("ConfigOptions\\.key\\(\"([^\"]+)\"\\)").matcher(src);
        while (m.find()) {
            keys.add(m.group(1));
        }
        assertTrue(keys.size() > 20, "expected AugurOptions' keys but found " + keys);
        return keys;
    }

    /** Job arguments: Augur's own options, Kafka pass-through, or one of the Flink keys the job documents. */
    static void checkJobArgs(String where, List<String> args) throws IOException {
        Set<String> augur = augurOptionKeys();
        for (int i = 0; i < args.size(); i += 2) {
            String a = args.get(i);
            assertTrue(a.startsWith("--") && i + 1 < args.size(), where + ": expected --key value pairs but found "
                    + a);
            String key = a.substring(2);
            assertTrue(augur.contains(key) || key.startsWith("kafka.") || key.equals("state.backend.type"),
                    where + ": job option '" + key + "' is neither in AugurOptions nor kafka.* nor state.backend.type");
        }
    }

    @Test
    void composeServicesUseBuiltImagesValidArgumentsAndLoopbackPorts() throws IOException {
        JsonNode compose = documents(HOME.resolve("deploy/compose/docker-compose.yml")).get(0);
        JsonNode services = compose.path("services");
        Set<String> names = new HashSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(Set.of("kafka", "jobmanager", "taskmanager", "ingest", "alerting", "feed",
                "topics")), "compose services: " + names);
        Map<String, String> built = builtImages();
        int apps = 0;
        for (String name : names) {
            JsonNode s = services.get(name);
            String image = s.path("image").asText();
            for (JsonNode p : s.path("ports")) {
                assertTrue(p.asText().startsWith("127.0.0.1:"), name + ": port " + p.asText() + " is published beyond"
                        + " 127.0.0.1");
            }
            if (image.equals(built.get("Dockerfile.apps"))) {
                parseAppArgs("compose service " + name, strings(s.path("command")));
                apps++;
            } else if (image.equals(built.get("Dockerfile.job"))) {
                List<String> cmd = strings(s.path("command"));
                if (cmd.get(0).equals("standalone-job")) {
                    assertEquals(List.of("standalone-job", "--job-classname", "dev.augur.operators.AugurJob"),
                            cmd.subList(0, 3), name);
                    checkJobArgs("compose service " + name, cmd.subList(3, cmd.size()));
                } else {
                    assertEquals(List.of("taskmanager"), cmd, name);
                }
            } else {
                assertEquals("kafka", name, "service " + name + " uses image " + image + " that no Dockerfile builds");
                assertTrue(image.startsWith("apache/kafka:" + pomValue(HOME.resolve("pom.xml"),
                        "<kafka.version>([^<]+)<")), "kafka image " + image + " must match the build's kafka.version");
            }
        }
        assertEquals(4, apps, "topics, ingest, alerting and feed use the apps image");
    }

    @Test
    void kubernetesDeploymentsTakeTheirSettingsFromConfigMapsAndParse() throws IOException {
        Map<String, Map<String, String>> configMaps = new HashMap<>();
        List<JsonNode> deployments = new ArrayList<>();
        JsonNode flink = null;
        for (Path f : yamlFiles()) {
            if (!f.startsWith(HOME.resolve("deploy/k8s"))) {
                continue;
            }
            for (JsonNode d : documents(f)) {
                switch (d.get("kind").asText()) {
                    case "ConfigMap" -> {
                        Map<String, String> data = new HashMap<>();
                        d.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
                        configMaps.put(d.path("metadata").path("name").asText(), data);
                    }
                    case "Deployment" -> deployments.add(d);
                    case "FlinkDeployment" -> flink = d;
                    default -> { }
                }
            }
        }
        Map<String, String> built = builtImages();
        assertEquals(2, deployments.size(), "ingest and alerting Deployments");
        for (JsonNode d : deployments) {
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                String where = d.path("metadata").path("name").asText() + "/" + c.path("name").asText();
                assertEquals(built.get("Dockerfile.apps"), c.path("image").asText(), where);
                Map<String, String> env = new HashMap<>();
                for (JsonNode e : c.path("env")) {
                    JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                    assertFalse(ref.isMissingNode(), where + ": env " + e.path("name").asText() + " is not from a "
                            + "ConfigMap");
                    Map<String, String> cm = configMaps.get(ref.path("name").asText());
                    assertNotNull(cm, where + ": ConfigMap " + ref.path("name").asText() + " does not exist");
                    String v = cm.get(ref.path("key").asText());
                    assertNotNull(v, where + ": ConfigMap " + ref.path("name").asText() + " has no key "
                            + ref.path("key").asText());
                    env.put(e.path("name").asText(), v);
                }
                List<String> args = new ArrayList<>();
                for (String a : strings(c.path("args"))) {
                    Matcher m = VAR.matcher(a);
                    StringBuilder sb = new StringBuilder();
                    while (m.find()) {
                        String v = env.get(m.group(1));
                        assertNotNull(v, where + ": $(" + m.group(1) + ") is not defined in env");
                        m.appendReplacement(sb, Matcher.quoteReplacement(v));
                    }
                    m.appendTail(sb);
                    args.add(sb.toString());
                }
                parseAppArgs(where, args);
            }
        }
        assertNotNull(flink, "a FlinkDeployment");
        JsonNode job = flink.path("spec").path("job");
        assertEquals(built.get("Dockerfile.job"), flink.path("spec").path("image").asText());
        assertEquals("local:///opt/flink/usrlib/augur-job.jar", job.path("jarURI").asText(),
                "jarURI must be where Dockerfile.job puts the jar");
        assertEquals("dev.augur.operators.AugurJob", job.path("entryClass").asText());
        checkJobArgs("FlinkDeployment", strings(job.path("args")));
        assertEquals("rocksdb", flink.path("spec").path("flinkConfiguration").path("state.backend.type").asText());
    }

    @Test
    void theValidationCatchesAnUnknownKey() {
        // the checks above must be able to fail: an option no app knows is refused by the app's parser
        List<String> bad = List.of("dev.augur.ingest.IngestApp", "--bootstrap-servers", "k:9092", "--no-such-option",
                "1");
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> parseAppArgs("test", bad));
        assertTrue(e.getMessage().contains("no-such-option"), e.getMessage());
        List<Setting<?>> known = IngestAppConfig.SETTINGS;
        assertTrue(known.stream().anyMatch(s -> s.key().equals("bootstrap-servers")));
    }
}
