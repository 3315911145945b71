package dev.augur.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The few calls of Flink's REST API (the same one the web UI uses) that the cluster commands need: jar upload and run,
 * job and checkpoint status, stop with a savepoint, cancel, TaskManagers. Plain HTTP and JSON, so the launcher needs
 * no Flink on its classpath. Every non-2xx answer fails with the method, path, status and Flink's error text.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String baseUrl() {
        return base;
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), "GET", path);
    }

    public JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), "POST", path);
    }

    /** Whether the REST endpoint answers at all. */
    public boolean isUp() {
        try {
            get("/overview");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Uploads a job jar; returns the id to run it by. */
    public String uploadJar(Path jar) {
        String boundary = "augur-" + UUID.randomUUID();
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 1024,
                    Files.size(jar) + 1024));
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            Files.copy(jar, body);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            JsonNode r = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), "POST", "/jars/upload");
            String file = r.path("filename").asText("");
            if (!"success".equals(r.path("status").asText()) || file.isEmpty()) {
                throw new IllegalStateException("expected {status: success, filename} from /jars/upload but found "
                        + r);
            }
            return Path.of(file).getFileName().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job jar " + jar, e);
        }
    }

    /** The ids of the jars the cluster holds. */
    public List<String> jarIds() {
        List<String> ids = new ArrayList<>();
        get("/jars").path("files").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }

    /**
     * Runs an uploaded jar's main class (which submits the job); returns the job id.
     *
     * @param savepointPath a savepoint or retained checkpoint to start from, or null
     */
    public String runJar(String jarId, String entryClass, List<String> args, int parallelism, String savepointPath) {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putPOJO("programArgsList", args);
        body.put("parallelism", parallelism);
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
            body.put("allowNonRestoredState", false);
        }
        JsonNode r = post("/jars/" + jarId + "/run", body);
        String id = r.path("jobid").asText("");
        if (id.isEmpty()) {
            throw new IllegalStateException("expected a jobid from /jars/" + jarId + "/run but found " + r);
        }
        return id;
    }

    /** The job's state: INITIALIZING, CREATED, RUNNING, RESTARTING, FAILED, CANCELED, FINISHED, ... */
    public String jobState(String jobId) {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Whether the job is RUNNING with every task RUNNING (not only scheduled). */
    public boolean allTasksRunning(String jobId) {
        JsonNode j = get("/jobs/" + jobId);
        if (!"RUNNING".equals(j.path("state").asText())) {
            return false;
        }
        for (JsonNode v : j.path("vertices")) {
            JsonNode tasks = v.path("tasks");
            int running = tasks.path("RUNNING").asInt(0);
            if (running != v.path("parallelism").asInt(-1)) {
                return false;
            }
        }
        return true;
    }

    public JsonNode checkpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /**
     * Stops the job with a savepoint in {@code targetDirectory} (no drain: event time does not jump to the end, so
     * the job can continue from it) and waits for it; returns the savepoint's path.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout)
            throws InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("targetDirectory", targetDirectory);
        body.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", body).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(s.path("status").path("id").asText())) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("stop-with-savepoint of job " + jobId + " failed: "
                            + op.path("failure-cause").path("stack-trace").asText(op.toString()));
                }
                return op.path("location").asText();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("expected the savepoint of job " + jobId + " within " + timeout
                + " but it was not complete");
    }

    public void cancel(String jobId) {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()), "PATCH", "/jobs/" + jobId);
    }

    /** The job's web UI page. */
    public String jobUrl(String jobId) {
        return base + "/#/job/running/" + jobId + "/overview";
    }

    private JsonNode send(HttpRequest.Builder b, String method, String path) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("expected 2xx from " + method + " " + base + path + " but found "
                        + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }
}
