package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.localstack.DemoTarget;
import io.irsuite.localstack.ScenarioReplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The responder console in a real browser: Debian's chromium, headless, driven by Selenium through the system's
 * {@code /usr/bin/chromedriver} (nothing downloaded at run time), against the launched suite. A responder signs
 * in, sees an incident posted through detection's API appear in the list by itself, opens it, reads the root
 * cause once triaged, acknowledges it, approves the rollback waiting for approval and watches it run, and resolves
 * the incident with a note; a viewer sees no action buttons; a POST without the session's CSRF token is refused. Screenshots of the pages go to {@code target/screenshots}.
 * Its own command (README, "Tests"); {@code .ci/run} installs chromium and runs it.
 */
class ConsoleBrowserTest {

    private static final String ADMIN = "console-test-admin-token";
    private static final String RESPONDER = "console-test-responder-token";
    private static final String VIEWER = "console-test-viewer-token";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path SHOTS = Path.of("target", "screenshots");

    private static Path dataDir;
    private static LaunchedSuite suite;
    private static ScenarioReplay client;
    private static DemoTarget target;

    @BeforeAll
    static void startTheSuite() throws Exception {
        dataDir = Files.createTempDirectory("ir-console-test");
        suite = LaunchedSuite.start(dataDir, ADMIN, Map.of("IR_SERVICE_ENV_IR_API_TOKENS",
                RESPONDER + "=responder:rita," + VIEWER + "=viewer:vera"));
        client = new ScenarioReplay(suite.endpoints(), System.out);
        target = DemoTarget.start(null);
        // the one runbook for a rollback needs a person's approval: the console shows Approve
        String rollback = target.baseUrl() + "/deployments/${namespace}/${deployment}/rollback";
        HttpResponse<String> runbook = client.call("PUT", suite.url("remediation") + "/api/v1/runbooks/console-rollback",
                "{\"name\":\"console rollback\",\"actions\":[\"rollback\"],\"requiresApproval\":true,\"steps\":[{\"name\":"
                        + "\"roll back the deployment\",\"type\":\"http\",\"method\":\"POST\",\"url\":\"" + rollback
                        + "\",\"expectedStatus\":200,\"timeoutSeconds\":10}]}");
        assertTrue(runbook.statusCode() < 300, runbook.body());
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
        if (suite != null) {
            suite.close();
        }
        LaunchedSuite.deleteData(dataDir);
    }

    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("ir.chromium", "/usr/bin/chromium"));
        // --no-sandbox: CI runs as root in a container, where chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("ir.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void aResponderFollowsAnIncidentFromAlertToResolvedAndAViewerOnlyReads() throws Exception {
        String console = suite.url("comms") + "/console";
        String service = "shop-" + System.currentTimeMillis() % 100000;
        // a deploy of the service just before its errors: triage names it, with evidence; no runbook, so it waits for people
        client.call("PUT", suite.url("triage") + "/api/v1/catalog/services/" + service,
                "{\"tier\":1,\"owner\":\"team-shop\",\"kind\":\"service\",\"dependsOn\":[],"
                        + "\"kubernetes\":{\"namespace\":\"shop\",\"deployment\":\"" + service + "\"}}");
        client.call("POST", suite.url("triage") + "/api/v1/changes", "{\"service\":\"" + service + "\",\"type\":\"deploy\","
                + "\"version\":\"v2\",\"previousVersion\":\"v1\",\"description\":\"release\",\"at\":\""
                + Instant.now().minusSeconds(240) + "\"}");
        client.awaitCatalogReplica(List.of(service));

        WebDriver browser = chromium();
        try {
            browser.get(console);
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.until(ExpectedConditions.urlContains("/console/sign-in"));
            screenshot(browser, "sign-in");
            browser.findElement(By.id("token")).sendKeys(RESPONDER);
            browser.findElement(By.cssSelector("form[action='/console/sign-in'] button")).click();
            wait.until(ExpectedConditions.urlContains("/console/incidents"));
            assertTrue(browser.getPageSource().contains("rita"), "the header names who is signed in");

            // the alert arrives after the page is open: the list shows it by polling, without a reload
            HttpResponse<String> accepted = client.call("POST", suite.url("detection") + "/api/v1/alerts",
                    "{\"source\":\"prometheus\",\"service\":\"" + service + "\",\"name\":\"HighErrorRate\","
                            + "\"severity\":\"critical\",\"summary\":\"5xx above 5%\",\"startsAt\":\""
                            + Instant.now().minusSeconds(60) + "\",\"metrics\":{\"errorRate\":0.2,\"usersAffectedPct\":15}}");
            assertEquals(202, accepted.statusCode(), accepted.body());
            JsonNode incident = client.awaitIncident(service, i -> true, Duration.ofSeconds(30));
            assertNotNull(incident, "detection opened an incident");
            String id = incident.get("id").asText();
            WebElement link = wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("tr[data-incident='" + id + "'] a")));
            wait.until(d -> d.findElements(By.cssSelector("time[data-local='true']")).size() > 0);
            screenshot(browser, "incidents");
            link.click();

            // the root cause appears by itself once triage has run
            wait.until(ExpectedConditions.textToBe(By.id("root-cause-service"), service));
            String page = browser.findElement(By.id("root-cause")).getText();
            assertTrue(page.contains("deploy"), "the category: " + page);
            assertTrue(page.toLowerCase().contains("confidence"), page);
            WebElement started = browser.findElement(By.cssSelector("time[datetime]"));
            assertTrue(started.getAttribute("title").endsWith("UTC"), "UTC on hover: " + started.getAttribute("title"));
            screenshot(browser, "incident");

            browser.findElement(By.id("acknowledge")).click();
            wait.until(ExpectedConditions.textToBe(By.id("notice"), "Incident acknowledged."));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("acknowledged-at")));
            assertNotNull(client.awaitIncident(service, i -> !i.path("acknowledgedAt").isNull(), Duration.ofSeconds(10)),
                    "detection recorded the acknowledgement");

            // remediation waits for a person: approve, and watch the rollback run
            wait.until(ExpectedConditions.elementToBeClickable(By.id("approve")));
            assertEquals("PENDING_APPROVAL", browser.findElement(By.id("remediation-status")).getText());
            screenshot(browser, "incident-approval");
            browser.findElement(By.id("approval-note")).sendKeys("v2 is the suspect; roll it back");
            browser.findElement(By.id("approve")).click();
            wait.until(ExpectedConditions.textToBe(By.id("notice"), "Remediation approved."));
            wait.until(ExpectedConditions.textToBe(By.id("remediation-status"), "SUCCEEDED"));
            assertTrue(target.calls().stream().anyMatch(c -> c.method().equals("POST")
                            && c.path().equals("/deployments/shop/" + service + "/rollback")),
                    "the approved runbook called the deployment API: " + target.calls());

            browser.findElement(By.id("note")).sendKeys("Rolled back v2; errors gone.");
            browser.findElement(By.id("resolve")).click();
            wait.until(ExpectedConditions.textToBe(By.id("notice"), "Incident resolved."));
            wait.until(ExpectedConditions.textToBe(By.id("incident-status"), "RESOLVED"));
            assertTrue(browser.findElements(By.id("resolve")).isEmpty(), "a resolved incident offers no resolve");
            assertNotNull(client.awaitIncident(service, i -> i.get("status").asText().equals("RESOLVED"),
                    Duration.ofSeconds(10)), "detection resolved it");
            screenshot(browser, "incident-resolved");

            // a forged POST: the session cookie (as a cross-site form would send it, were it not SameSite) without the CSRF token
            Cookie session = browser.manage().getCookieNamed("ir_console");
            assertTrue(session.isHttpOnly(), "the session cookie is HttpOnly");
            assertEquals("Strict", session.getSameSite());
            assertEquals("/console", session.getPath());
            HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(console + "/incidents/" + id + "/acknowledge"))
                    .header("Cookie", "ir_console=" + session.getValue())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("note=forged")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, forged.statusCode(), forged.body());

            // phone width: the same list, one column
            browser.get(console + "/incidents");
            browser.manage().window().setSize(new Dimension(390, 844));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-incident='" + id + "']")));
            screenshot(browser, "incidents-phone");
            browser.manage().window().setSize(new Dimension(1280, 1000));

            browser.findElement(By.cssSelector("form[action='/console/sign-out'] button")).click();
            wait.until(ExpectedConditions.urlContains("/console/sign-in"));

            // a viewer reads everything and is offered nothing to do
            browser.findElement(By.id("token")).sendKeys(VIEWER);
            browser.findElement(By.cssSelector("form[action='/console/sign-in'] button")).click();
            wait.until(ExpectedConditions.urlContains("/console/incidents"));
            browser.get(console + "/incidents/" + id);
            wait.until(ExpectedConditions.textToBe(By.id("root-cause-service"), service));
            assertTrue(browser.findElements(By.cssSelector("button#acknowledge, button#resolve, textarea#note")).isEmpty(),
                    "a viewer sees no action buttons");
            assertFalse(browser.getPageSource().contains("/acknowledge\""), "nor their forms");
            screenshot(browser, "incident-viewer");
        } finally {
            browser.quit();
        }
        List<String> timeline = client.call("GET", suite.url("comms") + "/api/v1/incidents/" + incident(service)
                + "/timeline", null).body().lines().toList();
        assertTrue(String.join("", timeline).contains("IncidentResolved"), "comms' timeline tells the resolution");
    }

    private static String incident(String service) throws IOException, InterruptedException {
        return client.awaitIncident(service, i -> true, Duration.ofSeconds(5)).get("id").asText();
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        System.out.println("screenshot: " + SHOTS.resolve(name + ".png").toAbsolutePath());
    }
}
