package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.localstack.DemoTarget;
import io.irsuite.localstack.ScenarioReplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The responder console in a real browser: Debian's chromium, headless, driven by Selenium through the system's
 * {@code /usr/bin/chromedriver} (nothing downloaded at run time), in the time zone {@value #ZONE}, against the suite
 * launched as {@code ./run.sh --demo} launches it. First a new user follows the demo's incident from alert to resolved
 * (issue 13's "Done when"); then a responder signs in, sees an incident posted through detection's API appear in the
 * list by itself with its times in the browser's zone, opens it, reads the root cause once triaged, acknowledges it
 * with the keyboard alone, approves the rollback waiting for approval and watches it run, and resolves the incident
 * with a note; a viewer sees no action buttons; a POST without the session's CSRF token is refused. Screenshots of
 * the pages go to {@code target/screenshots}. Its own command (README, "Tests"); {@code .ci/run} installs chromium
 * and runs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final String ADMIN = "console-test-admin-token";
    private static final String RESPONDER = "console-test-responder-token";
    private static final String VIEWER = "console-test-viewer-token";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path SHOTS = Path.of("target", "screenshots");
    /** The browser's time zone: +05:30 all year, so never the UTC the pages are rendered in. */
    static final String ZONE = "Asia/Kolkata";
    /** The clock of a time as the browser's locale writes it: 24 hours, or 12 (Debian's chromium is en-US). */
    private static final List<DateTimeFormatter> CLOCKS = List.of(DateTimeFormatter.ofPattern("HH:mm:ss"),
            DateTimeFormatter.ofPattern("hh:mm:ss"));
    private static final DateTimeFormatter UTC_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** What the launcher prints while its demo runs: the incident it follows, by service, then by id. */
    private static final Pattern DEMO_FOLLOWS = Pattern.compile("^\\[demo\\] all alerts sent; following the incident of (\\S+)$");
    private static final Pattern DEMO_INCIDENT = Pattern.compile("^\\[demo\\] incident (\\S+) is \\w+ .*");
    private static final Pattern DEMO_DONE = Pattern.compile("^\\[demo\\] (the webhook received .*|FAILED: .*)");

    private static Path dataDir;
    private static LaunchedSuite suite;
    private static ScenarioReplay client;
    private static DemoTarget target;

    @BeforeAll
    static void startTheSuite() throws Exception {
        dataDir = Files.createTempDirectory("ir-console-test");
        // ./run.sh --demo: the launcher replays its demo scenario as soon as the suite is ready
        suite = LaunchedSuite.start(dataDir, ADMIN, Map.of("IR_SERVICE_ENV_IR_API_TOKENS",
                RESPONDER + "=responder:rita," + VIEWER + "=viewer:vera"), Map.of(), 1, List.of("--demo"));
        client = new ScenarioReplay(suite.endpoints(), System.out);
        target = DemoTarget.start(null);
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
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        // chromium reads its time zone from TZ, which it inherits from chromedriver
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("ir.chromedriver", "/usr/bin/chromedriver")))
                .withEnvironment(Map.of("TZ", ZONE))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** A wait that looks again when htmx replaced what it looked at (the pages refresh themselves every few seconds). */
    static WebDriverWait waitFor(WebDriver browser, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Clicks what {@code by} finds, finding it again if a refresh replaced it in between. */
    static void click(WebDriverWait wait, By by) {
        wait.until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /**
     * Issue 13's "Done when": a new user runs {@code ./run.sh --demo}, opens the console URL the launcher printed,
     * signs in with the admin token it printed and follows the demo incident from alert to resolved in the browser.
     * The launcher names the service whose incident it follows; the user finds it in the list, opens it and watches:
     * triage's root cause, the rollback running and succeeding, the alerts resolving, the incident resolving itself.
     * The demo's scenario (s10, a bad deploy) asks nobody's approval for this incident (its runbook does not need it
     * and triage clears the rollback for automatic remediation): the page must show that too, with no Approve.
     */
    @Test
    @Order(1)
    void aNewUserFollowsTheDemoIncidentFromAlertToResolved() throws Exception {
        String console = suite.printed("console");
        String token = suite.printed("admin token");
        assertEquals(suite.url("comms") + "/console", console, "the printed console URL");
        WebDriver browser = chromium();
        try {
            WebDriverWait wait = waitFor(browser, WAIT);
            browser.get(console);
            wait.until(ExpectedConditions.urlContains("/console/sign-in"));
            browser.findElement(By.id("token")).sendKeys(token);
            browser.findElement(By.cssSelector("form[action='/console/sign-in'] button")).click();
            wait.until(ExpectedConditions.urlContains("/console/incidents"));
            assertTrue(browser.findElement(By.cssSelector("header.top .who")).getText().contains("admin"),
                    "the header names who is signed in");

            // the terminal tells which incident the demo follows; the list shows it by itself
            String root = suite.awaitLine(DEMO_FOLLOWS, WAIT).group(1);
            // its row: the one whose services cell names the service (a list: "a, b, c")
            click(wait, By.xpath("//tr[@data-incident][td[contains(concat(', ', normalize-space(.), ','), ', " + root
                    + ",')]]/th/a"));
            wait.until(ExpectedConditions.urlMatches("/console/incidents/[0-9a-f-]{36}$"));
            String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
            assertEquals(id, suite.awaitLine(DEMO_INCIDENT, WAIT).group(1), "the incident the launcher follows");

            // triage names the bad deploy, with its evidence
            wait.until(ExpectedConditions.textToBe(By.id("root-cause-service"), root));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("root-cause"), "deploy v5.24.10 on " + root));
            // the rollback runs by itself and succeeds
            wait.until(ExpectedConditions.textToBe(By.id("remediation-status"), "SUCCEEDED"));
            String remediation = section(wait, "rem-h");
            assertTrue(remediation.contains("rollback of " + root + " with runbook rollback-deployment"), remediation);
            screenshot(browser, "demo-incident");
            // the alerts resolve once the fix is in, and after the stabilisation window so does the incident
            wait.until(ExpectedConditions.textToBe(By.id("incident-status"), "RESOLVED"));
            String timeline = section(wait, "timeline-h");
            for (String event : List.of("IncidentOpened", "IncidentTriaged", "RemediationStarted", "RemediationSucceeded",
                    "IncidentMitigated", "AlertResolved", "IncidentResolved")) {
                assertTrue(timeline.contains(event), "the timeline shows " + event + ": " + timeline);
            }
            assertFalse(timeline.contains("RemediationApprovalRequested"), "nothing waited for approval: " + timeline);
            assertTrue(browser.findElements(By.cssSelector("#approve, #acknowledge, #resolve")).isEmpty(),
                    "a resolved incident offers no action");
            screenshot(browser, "demo-incident-resolved");
            // and the terminal agrees
            suite.awaitLine(Pattern.compile("^\\[demo\\] incident " + Pattern.quote(id) + " is RESOLVED .*"), WAIT);
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(2)
    void aResponderFollowsAnIncidentFromAlertToResolvedAndAViewerOnlyReads() throws Exception {
        // after the demo: its runbooks are in place and its incident is over
        assertFalse(suite.awaitLine(DEMO_DONE, Duration.ofMinutes(5)).group(1).startsWith("FAILED"), "the demo ran");
        // a runbook for a rollback that needs a person's approval: the console shows Approve (its id sorts before
        // the demo's rollback-deployment, so it serves this incident's rollback)
        String rollback = target.baseUrl() + "/deployments/${namespace}/${deployment}/rollback";
        HttpResponse<String> runbook = client.call("PUT", suite.url("remediation") + "/api/v1/runbooks/console-rollback",
                "{\"name\":\"console rollback\",\"actions\":[\"rollback\"],\"requiresApproval\":true,\"steps\":[{\"name\":"
                        + "\"roll back the deployment\",\"type\":\"http\",\"method\":\"POST\",\"url\":\"" + rollback
                        + "\",\"expectedStatus\":200,\"timeoutSeconds\":10}]}");
        assertTrue(runbook.statusCode() < 300, runbook.body());
        String console = suite.url("comms") + "/console";
        String service = "shop-" + System.currentTimeMillis() % 100000;
        // a deploy of the service just before its errors: triage names it, with evidence; its rollback waits for a person
        client.call("PUT", suite.url("triage") + "/api/v1/catalog/services/" + service,
                "{\"tier\":1,\"owner\":\"team-shop\",\"kind\":\"service\",\"dependsOn\":[],"
                        + "\"kubernetes\":{\"namespace\":\"shop\",\"deployment\":\"" + service + "\"}}");
        client.call("POST", suite.url("triage") + "/api/v1/changes", "{\"service\":\"" + service + "\",\"type\":\"deploy\","
                + "\"version\":\"v2\",\"previousVersion\":\"v1\",\"description\":\"release\",\"at\":\""
                + Instant.now().minusSeconds(240) + "\"}");
        client.awaitCatalogReplica(List.of(service));
        // the service's team pages rita (on call all week through a schedule) when the incident needs a person
        String comms = suite.url("comms") + "/api/v1";
        for (String[] put : List.of(
                new String[]{"/users/rita", "{\"webhook\":\"" + target.webhookUrl() + "\"}"},
                new String[]{"/schedules/shop-primary", "{\"timeZone\":\"UTC\",\"layers\":[{\"rotation\":\"weekly\","
                        + "\"handoffAt\":\"" + Instant.now().minus(Duration.ofDays(1)) + "\",\"users\":[\"rita\"]}]}"},
                new String[]{"/escalation-policies/shop", "{\"levels\":[{\"delayMinutes\":0,\"targets\":[{\"type\":"
                        + "\"schedule\",\"name\":\"shop-primary\"}]}],\"repeat\":1}"},
                new String[]{"/routes/team-shop", "{\"policy\":\"shop\"}"})) {
            HttpResponse<String> answer = client.call("PUT", comms + put[0], put[1]);
            assertTrue(answer.statusCode() < 300, put[0] + ": " + answer.body());
        }

        WebDriver browser = chromium();
        try {
            browser.get(console);
            WebDriverWait wait = waitFor(browser, WAIT);
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
            By link = By.cssSelector("tr[data-incident='" + id + "'] a");
            wait.until(ExpectedConditions.elementToBeClickable(link));

            // its start in the browser's time zone, the UTC on hover; again once htmx has replaced the list
            By started = By.cssSelector("tr[data-incident='" + id + "'] time");
            assertShowsLocalTime(wait, started);
            JavascriptExecutor js = (JavascriptExecutor) browser;
            js.executeScript("document.getElementById('incident-list').dataset.old = 'yes'");
            wait.until(d -> js.executeScript("var list = document.getElementById('incident-list');"
                    + " return list !== null && list.dataset.old === undefined"));
            assertShowsLocalTime(wait, started);
            screenshot(browser, "incidents");
            click(wait, link);

            // the root cause appears by itself once triage has run
            wait.until(ExpectedConditions.textToBe(By.id("root-cause-service"), service));
            String page = section(wait, "cause-h");
            assertTrue(page.contains("deploy"), "the category: " + page);
            assertTrue(page.toLowerCase().contains("confidence"), page);
            assertShowsLocalTime(wait, By.cssSelector("#incident-live time"));
            screenshot(browser, "incident");

            // rita is paged (the rollback waits for a person), and the page is listed as sent
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#pages td.page-status"), "sent"));

            // the keyboard alone: the first Tab reaches the skip link, Enter skips the header, Tabs on to Acknowledge
            // (the page refreshes itself meanwhile: htmx gives the focus back to the element of the same id), Enter
            browser.get(console + "/incidents/" + id);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("acknowledge")));
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertEquals("Skip to the content", js.executeScript("return document.activeElement.textContent"));
            assertFocusVisible(js);
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            wait.until(d -> "main".equals(js.executeScript("return document.activeElement.id")));
            for (int tabs = 0; !"acknowledge".equals(js.executeScript("return document.activeElement.id")); tabs++) {
                assertTrue(tabs < 20, "20 Tabs did not reach Acknowledge; the focus is on "
                        + js.executeScript("return document.activeElement.outerHTML"));
                new Actions(browser).sendKeys(Keys.TAB).perform();
            }
            assertFocusVisible(js);
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            wait.until(ExpectedConditions.textToBe(By.id("notice"), "Incident acknowledged."));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("acknowledged-at")));
            assertNotNull(client.awaitIncident(service, i -> !i.path("acknowledgedAt").isNull(), Duration.ofSeconds(10)),
                    "detection recorded the acknowledgement");
            // acknowledging the incident acknowledges its page: the escalation stops, the page says by whom
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#pages td.page-status"), "acknowledged"));

            // remediation waits for a person: approve, and watch the rollback run
            wait.until(ExpectedConditions.elementToBeClickable(By.id("approve")));
            wait.until(ExpectedConditions.textToBe(By.id("remediation-status"), "PENDING_APPROVAL"));
            screenshot(browser, "incident-approval");
            browser.findElement(By.id("approval-note")).sendKeys("v2 is the suspect; roll it back");
            click(wait, By.id("approve"));
            wait.until(ExpectedConditions.textToBe(By.id("notice"), "Remediation approved."));
            wait.until(ExpectedConditions.textToBe(By.id("remediation-status"), "SUCCEEDED"));
            assertTrue(target.calls().stream().anyMatch(c -> c.method().equals("POST")
                            && c.path().equals("/deployments/shop/" + service + "/rollback")),
                    "the approved runbook called the deployment API: " + target.calls());

            browser.findElement(By.id("note")).sendKeys("Rolled back v2; errors gone.");
            click(wait, By.id("resolve"));
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

            // the other pages: who is on call (rita, this week), the runbooks with their use (this test's
            // approved rollback and the demo's), the response times as charts (the demo's incident and this one)
            browser.get(console + "/schedules");
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Schedules"));
            assertTrue(browser.getPageSource().contains("shop-primary"), "the schedule is listed");
            screenshot(browser, "schedules");
            browser.get(console + "/runbooks");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-runbook='console-rollback']")));
            assertFalse(browser.findElement(By.cssSelector("tr[data-runbook='console-rollback'] td.success-rate")).getText()
                    .isBlank(), "the runbook list has a success-rate column");
            screenshot(browser, "runbooks");
            browser.get(console + "/metrics");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("mttr-h")));
            assertFalse(browser.findElements(By.cssSelector("svg")).isEmpty(), "the metrics are drawn as SVG charts");
            screenshot(browser, "metrics");

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

    /**
     * The {@code <time>} that {@code time} finds shows the browser's clock in {@value #ZONE} once console.js has run,
     * and keeps the UTC the server wrote in its title (what a person sees on hover).
     */
    private static void assertShowsLocalTime(WebDriverWait wait, By time) {
        List<String> seen = wait.until(d -> {
            WebElement t = d.findElement(time);
            return "true".equals(t.getAttribute("data-local"))
                    ? List.of(t.getAttribute("datetime"), t.getText(), t.getAttribute("title")) : null;
        });
        Instant at = Instant.parse(seen.get(0));
        assertTrue(CLOCKS.stream().anyMatch(c -> seen.get(1).contains(c.withZone(ZoneId.of(ZONE)).format(at))),
                "the text shows the clock in " + ZONE + ": " + seen);
        assertTrue(CLOCKS.stream().noneMatch(c -> seen.get(1).contains(c.withZone(ZoneOffset.UTC).format(at))),
                "not the UTC clock: " + seen);
        assertEquals(UTC_TEXT.format(at), seen.get(2), "the UTC on hover: " + seen);
    }

    /** The focused element shows it: the console's focus ring, not the browser's default or none. */
    private static void assertFocusVisible(JavascriptExecutor js) {
        assertEquals("solid 3px", js.executeScript("var s = getComputedStyle(document.activeElement);"
                + " return s.outlineStyle + ' ' + s.outlineWidth"), "the focus ring of "
                + js.executeScript("return document.activeElement.outerHTML"));
    }

    /** The text of the page's section headed by the heading with id {@code heading}, read again after a refresh. */
    private static String section(WebDriverWait wait, String heading) {
        return wait.until(d -> d.findElement(By.cssSelector("section[aria-labelledby='" + heading + "']")).getText());
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
