package dev.augur.alerting.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's files, served from the jar: the page ({@code /}), its script and style ({@code /static/...}) and
 * the chart library, Apache ECharts from the {@code org.webjars.npm:echarts} jar ({@code /webjars/echarts/echarts.min.js},
 * whatever version is on the class path). Loaded once at start; a missing file fails the start naming it.
 */
public final class DashboardAssets {
    private static final String BASE = "/dev/augur/alerting/dashboard/";
    private static final String ECHARTS_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

    /** A file to serve. */
    public record Asset(String contentType, byte[] bytes, boolean immutable) {
    }

    private final Map<String, Asset> byPath;

    private DashboardAssets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    /** Reads every file from the class path. */
    public static DashboardAssets load() {
        Map<String, Asset> m = new HashMap<>();
        Asset index = new Asset("text/html; charset=utf-8", read(BASE + "index.html"), false);
        m.put("/", index);
        m.put("/index.html", index);
        m.put("/static/app.js", new Asset("text/javascript; charset=utf-8", read(BASE + "app.js"), false));
        m.put("/static/app.css", new Asset("text/css; charset=utf-8", read(BASE + "app.css"), false));
        String echarts = "/META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";
        m.put("/webjars/echarts/echarts.min.js", new Asset("text/javascript; charset=utf-8", read(echarts), true));
        return new DashboardAssets(Map.copyOf(m));
    }

    /** The file for a request path, or null. */
    public Asset find(String path) {
        return byPath.get(path);
    }

    private static String echartsVersion() {
        Properties p = new Properties();
        try (InputStream in = DashboardAssets.class.getResourceAsStream(ECHARTS_POM)) {
            if (in == null) {
                throw new IllegalStateException("the chart library is missing: expected " + ECHARTS_POM
                        + " from org.webjars.npm:echarts on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ECHARTS_POM, e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("dashboard file " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
