package dev.augur.alerting;

import static dev.augur.alerting.Records.at;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.alerting.json.RecordJson;
import dev.augur.schemas.topics.Topic;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by Selenium)
 * against the real app on a real broker, with the default rules: observations, forecasts with quantiles and scores
 * including a burst go in; the chart must hold the observations, the forecast mean and both bands, anomaly markers
 * and an alert span, live updates must arrive, and the alert must be listed. Saves {@code target/dashboard.png}.
 *
 * <p>Chromium and chromedriver are looked up at {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (or
 * {@code -Daugur.chromium=}, {@code -Daugur.chromedriver=}). When they are missing the test is skipped, except on CI
 * ({@code CI=true}), where it fails.
 */
class DashboardBrowserIT {
    private static final String TOKEN = "browser-token-0123";
    private static final String SERIES = "demo/s-1";

    private static Path require(String property, String defaultPath, String aptPackage) {
        Path p = Path.of(System.getProperty(property, defaultPath));
        if (!Files.isExecutable(p)) {
            String msg = "no " + p + " (install it: apt-get install -y --no-install-recommends chromium "
                    + "chromium-driver; package " + aptPackage + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("browser test on CI: " + msg);
            }
            Assumptions.abort("browser test skipped: " + msg);
        }
        return p;
    }

    @Test
    void chartHoldsDataBandsAndAlertsAndUpdatesLive() throws Exception {
        Path chromium = require("augur.chromium", "/usr/bin/chromium", "chromium");
        Path chromedriver = require("augur.chromedriver", "/usr/bin/chromedriver", "chromium-driver");
        try (TestStack stack = TestStack.start("dashboard-it")) {
            List<String> args = stack.appArgs("dashboard-app", "state");
            args.addAll(List.of("--token", TOKEN));
            try (AppProcess app = stack.startApp(args, "app")) {
                String url = app.awaitDashboardUrl(Duration.ofSeconds(60));
                Random rnd = new Random(7);
                double level = 50;
                for (int i = 0; i < 120; i++) {
                    double mean = 50 + 5 * Math.sin(i / 12.0);
                    level = mean + rnd.nextGaussian();
                    // two bursts: the first alert resolves, the second (after the spike rule's cool-down) stays open
                    boolean burst = (i >= 100 && i < 103) || i >= 117;
                    double observed = burst ? level + 9 : level;
                    for (String s : List.of(SERIES, "demo/s-2")) {
                        double v = s.equals(SERIES) ? observed : level - 10;
                        stack.send(Topic.OBSERVATIONS, s, Records.observation(s, "demo/group-0", at(i), v));
                        stack.send(Topic.FORECASTS, s, Records.forecast(s, at(i), 12,
                                (s.equals(SERIES) ? 50 : 40) + 5 * Math.sin((i + 1) / 12.0), 1.2));
                        double score = s.equals(SERIES) && burst ? 0.999999 : 0.9 * rnd.nextDouble();
                        stack.send(Topic.ANOMALIES, s, Records.score(s, "demo/group-0", at(i), score, i < 5, v,
                                (s.equals(SERIES) ? 50 : 40) + 5 * Math.sin(i / 12.0)));
                    }
                }
                stack.flush();
                // the default rules raise the second spike (the first one resolved): it stays open
                stack.awaitGet(url + "api/alerts?state=open", TOKEN,
                        b -> b.contains("\"id\":\"spike:" + SERIES + ":" + at(117) + "\""), Duration.ofSeconds(60), app);

                ChromeOptions options = new ChromeOptions();
                options.setBinary(chromium.toFile());
                Path profile = Files.createTempDirectory(stack.work, "chromium-profile");
                options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1100");
                ChromeDriverService service = new ChromeDriverService.Builder()
                        .usingDriverExecutable(chromedriver.toFile())
                        .usingAnyFreePort()
                        .withLogFile(stack.work.resolve("chromedriver.log").toFile())
                        .build();
                ChromeDriver driver = new ChromeDriver(service, options);
                try {
                    driver.get(url + "?token=" + TOKEN + "#series=" + SERIES.replace("/", "%2F"));
                    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                    JavascriptExecutor js = driver;
                    wait.until(d -> "true".equals(js.executeScript("return document.body.dataset.chartReady;")));
                    wait.until(d -> !d.findElements(By.cssSelector("#alerts tbody tr")).isEmpty());

                    JsonNode chart = chartSeries(js);
                    int observed = count(chart, "observed");
                    assertTrue(observed >= 100, "observations on the chart: " + chart);
                    assertTrue(count(chart, "mean") >= 100, "forecast mean on the chart: " + chart);
                    assertTrue(count(chart, "band90-width") >= 100 && count(chart, "band90-lower") >= 100,
                            "90% band: " + chart);
                    assertTrue(count(chart, "band80-width") >= 100, "80% band: " + chart);
                    assertTrue(count(chart, "anomalies") >= 6, "anomaly markers: " + chart);
                    assertTrue(count(chart, "score") >= 100, "scores: " + chart);
                    assertTrue(find(chart, "observed").get("areas").asInt() >= 2, "alert spans: " + chart);
                    String title = driver.findElement(By.id("chart-title")).getText();
                    assertTrue(title.equals(SERIES), title);

                    String table = driver.findElement(By.id("alerts")).getText();
                    assertTrue(table.contains("spike") && table.contains(SERIES) && table.contains("CRITICAL"),
                            "alert list: " + table);
                    String list = driver.findElement(By.id("series-list")).getText();
                    assertTrue(list.contains(SERIES) && list.contains("demo/s-2"), "series list: " + list);
                    assertTrue(!driver.findElements(By.cssSelector("#series-list li .dot.CRITICAL")).isEmpty(),
                            "the series with the open alert is marked critical");

                    wait.until(d -> "live".equals(d.findElement(By.id("connection")).getText()));
                    for (int i = 120; i < 125; i++) {
                        stack.send(Topic.OBSERVATIONS, SERIES, Records.observation(SERIES, "demo/group-0", at(i),
                                52));
                    }
                    stack.flush();
                    wait.until(d -> {
                        try {
                            return count(chartSeries(js), "observed") >= observed + 5;
                        } catch (Exception e) {
                            return false;
                        }
                    });

                    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
                    Path png = Path.of("target", "dashboard.png");
                    Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
                    assertTrue(Files.size(png) > 20_000, "screenshot " + png);
                } finally {
                    driver.quit();
                }
                app.stop();
            }
        }
    }

    /** {@code [{id, n (data points), areas (mark areas)}]} of the chart's series, read from ECharts. */
    private static JsonNode chartSeries(JavascriptExecutor js) throws Exception {
        Object out = js.executeScript("""
                var c = echarts.getInstanceByDom(document.getElementById('chart'));
                var o = c.getOption();
                return JSON.stringify(o.series.map(function (s) {
                  return { id: s.id, n: (s.data || []).length,
                           areas: s.markArea && s.markArea.data ? s.markArea.data.length : 0 };
                }));
                """);
        return RecordJson.MAPPER.readTree(String.valueOf(out));
    }

    private static JsonNode find(JsonNode series, String id) {
        for (JsonNode s : series) {
            if (id.equals(s.get("id").asText())) {
                return s;
            }
        }
        throw new AssertionError("no chart series '" + id + "' in " + series);
    }

    private static int count(JsonNode series, String id) {
        return find(series, id).get("n").asInt();
    }
}
