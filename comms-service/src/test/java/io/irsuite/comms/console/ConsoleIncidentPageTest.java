package io.irsuite.comms.console;

import io.irsuite.comms.support.OwnerStandIn;
import io.irsuite.comms.support.Payload;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.irsuite.comms.console.ConsoleTest.DEADLINE;
import static io.irsuite.comms.console.ConsoleTest.admin;
import static io.irsuite.comms.console.ConsoleTest.as;
import static io.irsuite.comms.console.ConsoleTest.csrf;
import static io.irsuite.comms.console.ConsoleTest.signIn;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incident page's blast-radius graph, executions, root-cause feedback, roles and action items, over real HTTP
 * against the application. Remediation and triage cannot run in comms' tests, so a real HTTP server stands in for
 * their APIs ({@link OwnerStandIn}, in an application of its own that points the console at it); roles and action
 * items are comms' own.
 */
@QuarkusTest
@TestProfile(ConsoleIncidentPageTest.OwnersAnswer.class)
class ConsoleIncidentPageTest {

    /** The console's remediation and triage URLs point at the stand-in. */
    public static class OwnersAnswer implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StandIn.class));
        }
    }

    public static class StandIn implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            String url = OwnerStandIn.shared().url();
            return Map.of("ir.console.remediation-url", url, "ir.console.triage-url", url);
        }

        @Override
        public void stop() {
            // the server ends with the JVM, like the local stack
        }
    }

    private static final Pattern PRINCIPAL = Pattern.compile("Signed in as <strong>([^<]+)</strong>");

    private final OwnerStandIn owners = OwnerStandIn.shared();
    private TestBroker broker;
    @Inject
    Pool pool;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void theBlastRadiusIsDrawnWithTheCatalogsDependenciesAndTheRootCauseMarked() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String db = "db-" + id;
        String checkout = "checkout-" + id;
        String frontend = "frontend-" + id;
        String odd = "odd<b>&'" + id;
        catalog(frontend, List.of(checkout));
        catalog(checkout, List.of(db, "not-in-the-blast-radius"));
        catalog(db, List.of());
        await().atMost(DEADLINE).until(() -> pool.preparedQuery("SELECT 1 FROM catalog_service WHERE name = ANY($1)")
                .execute(Tuple.of(new String[]{frontend, checkout, db})).await().atMost(Duration.ofSeconds(5)).size() == 3);
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("Errors on " + frontend, "SEV2", frontend, t0, t0)));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentTriaged, incident, t0.plusSeconds(2),
                "triage", new Payloads.IncidentTriaged(1, "SEV2", List.of(),
                        new Payloads.RootCause(db, "database", 0.9, List.of("pool exhausted")),
                        List.of(new Payloads.Candidate(db, "database", 0.9)), List.of(frontend, odd, checkout, db),
                        List.of(), false)));

        String viewer = signIn("viewer-token");
        String path = "/console/incidents/" + incident;
        await().atMost(DEADLINE).until(() -> as(viewer).get(path).asString().contains("<svg class=\"graph\""));
        String page = as(viewer).get(path).then().statusCode(200).extract().asString();
        String oddEscaped = "odd&lt;b&gt;&amp;&#39;" + id;
        assertThat(page, allOf(
                containsString("<title id=\"blast-title-across\">Blast radius: 4 services, root cause " + db + "</title>"),
                containsString("<div class=\"scroll graph-down\">"),
                containsString("<desc id=\"blast-desc-across\">" + frontend + " depends on " + checkout + ". " + checkout
                        + " depends on " + db + ". An arrow points from a service to what it depends on.</desc>"),
                containsString("<path class=\"edge\" data-from=\"" + frontend + "\" data-to=\"" + checkout + "\""),
                containsString("<path class=\"edge\" data-from=\"" + checkout + "\" data-to=\"" + db + "\""),
                containsString("<g class=\"node root\" data-service=\"" + db + "\">"),
                containsString("<g class=\"node\" data-service=\"" + oddEscaped + "\">"),
                containsString("<li><strong>" + db + "</strong> (root cause)</li>"),
                containsString("<li>" + checkout + ": depends on " + db + "</li>"),
                not(containsString("odd<b>")), not(containsString("not-in-the-blast-radius"))));
        assertEquals(2 * 2, count(page, "<path class=\"edge\""), "the edges between the blast radius' services only, "
                + "in each of the two drawings");
        // left to right by dependency depth (the first drawing): a service left of what it depends on
        assertTrue(x(page, frontend) < x(page, checkout) && x(page, checkout) < x(page, db), page);
        assertEquals(x(page, frontend), x(page, oddEscaped), "a service without known dependencies starts on the left");
    }

    @Test
    void executionsAndTheirStepsAreReadFromRemediationWithThePersonsToken() {
        UUID incident = UUID.randomUUID();
        UUID execution = UUID.randomUUID();
        openWithRemediation(incident, execution);
        String longOutput = "line 1 of the rollout <status>\n" + "more output\n".repeat(30);
        owners.answer("GET", "/api/v1/executions?incidentId=" + incident, 200, TestBroker.JSON.createArrayNode()
                .add(TestBroker.JSON.createObjectNode().put("id", execution.toString()).put("incidentId", incident.toString())
                        .put("runbookId", "rollback-deploy").put("runbookVersion", 3).put("action", "rollback")
                        .put("target", "checkout").put("status", "RUNNING").put("dryRun", false)
                        .set("steps", TestBroker.JSON.createArrayNode()
                                .add(TestBroker.JSON.createObjectNode().put("name", "roll back").put("type", "kubernetes")
                                        .put("status", "SUCCEEDED").put("attempts", 2)
                                        .put("startedAt", "2026-11-22T10:00:00Z").put("finishedAt", "2026-11-22T10:00:07Z")
                                        .put("output", longOutput))
                                .add(TestBroker.JSON.createObjectNode().put("name", "validate").put("type", "validate")
                                        .put("status", "RUNNING").put("attempts", 1)
                                        .put("startedAt", "2026-11-22T10:00:08Z").put("output", "<b>200</b> & fine"))))
                .toString());
        String session = signIn("responder-token");
        String path = "/console/incidents/" + incident;
        await().atMost(DEADLINE).until(() -> as(session).get(path).asString().contains("data-execution=\"" + execution));
        String page = as(session).get(path).then().statusCode(200).extract().asString();
        assertThat(page, allOf(containsString("rollback-deploy v3: rollback on checkout <span class=\"status "
                        + "execution-status\">RUNNING</span>"),
                containsString("<th scope=\"row\">roll back</th><td class=\"step-status\">SUCCEEDED</td><td>2</td>"),
                containsString("<time datetime=\"2026-11-22T10:00:07Z\""),
                containsString("<details id=\"output-" + execution + "-0\" hx-preserve=\"true\"><summary>line 1 of the "
                        + "rollout &lt;status&gt; (31 lines, "),
                containsString("<th scope=\"row\">validate</th><td class=\"step-status\">RUNNING</td>"),
                containsString("<pre>&lt;b&gt;200&lt;/b&gt; &amp; fine</pre>"),
                // approve and reject stay as they were
                containsString("id=\"approve\""), not(containsString("id=\"executions-unavailable\""))));
        List<OwnerStandIn.Received> reads = owners.received("GET", "/api/v1/executions?incidentId=" + incident);
        assertTrue(reads.stream().allMatch(r -> "Bearer responder-token".equals(r.authorization())), reads.toString());

        // remediation refuses: the page still renders and says why
        owners.answer("GET", "/api/v1/executions?incidentId=" + incident, 403,
                "{\"status\":403,\"title\":\"Forbidden\",\"detail\":\"this token lacks the role this operation needs\"}");
        assertThat(as(session).get(path).then().statusCode(200).extract().asString(), allOf(
                containsString("remediation-service refused to list the executions (403: this token lacks the role this"
                        + " operation needs)."), containsString("id=\"remediation-status\"")));
    }

    @Test
    void feedbackReachesTriageWithThePersonsTokenAndItsRefusalIsShown() {
        UUID incident = UUID.randomUUID();
        openTriaged(incident, "payments-db");
        String feedback = "/api/v1/incidents/" + incident + "/feedback";
        owners.answer("POST", feedback, 200, "{\"applied\":true,\"modelVersion\":4}");
        String session = signIn("responder-token");
        String path = "/console/incidents/" + incident;
        await().atMost(DEADLINE).until(() -> as(session).get(path).asString().contains("id=\"confirm-root-cause\""));
        String page = as(session).get(path).asString();
        assertThat(page, allOf(containsString("action=\"" + path + "/feedback\""),
                containsString("value=\"payments-db\""), containsString("<option value=\"database\" selected>")));
        String csrf = csrf(page);

        as(session).formParam("service", "checkout").formParam("category", "deploy").post(path + "/feedback")
                .then().statusCode(403);
        assertTrue(owners.received("POST", feedback).isEmpty(), "a POST without the CSRF token reaches nobody");
        as(session).formParam("csrf", csrf).formParam("service", "checkout").formParam("category", "deploy")
                .formParam("note", "v2 of checkout did it").post(path + "/feedback")
                .then().statusCode(303).header("Location", path + "?done=confirmed");
        OwnerStandIn.Received sent = owners.received("POST", feedback).get(0);
        assertEquals("Bearer responder-token", sent.authorization());
        assertEquals("checkout", sent.json().at("/rootCause/service").asText());
        assertEquals("deploy", sent.json().at("/rootCause/category").asText());
        assertEquals("v2 of checkout did it", sent.json().path("note").asText());
        assertEquals(principal(page), sent.json().path("by").asText());
        assertThat(as(session).get(path + "?done=confirmed").asString(),
                containsString("<p class=\"notice\" role=\"status\" id=\"notice\">Root cause confirmed to triage.</p>"));

        // triage's refusal in its own words, with its status
        owners.answer("POST", feedback, 404, "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"incident " + incident
                + " has not been triaged\"}");
        as(session).formParam("csrf", csrf).formParam("service", "checkout").formParam("category", "deploy")
                .post(path + "/feedback").then().statusCode(404)
                .body(allOf(containsString("Not confirmed"), containsString("incident " + incident + " has not been triaged")));
        as(session).formParam("csrf", csrf).formParam("service", " ").formParam("category", "weather")
                .post(path + "/feedback").then().statusCode(400)
                .body(containsString("service is required; category must be one of deploy, config,"));
        assertEquals(2, owners.received("POST", feedback).size(), "bad input is refused before triage is asked");

        String viewer = signIn("viewer-token");
        assertThat(as(viewer).get(path).asString(), allOf(containsString("payments-db"),
                not(containsString("confirm-root-cause")), not(containsString("action=\"/console/incidents/"))));
        as(viewer).formParam("csrf", csrf(as(viewer).get(path).asString())).formParam("service", "checkout")
                .formParam("category", "deploy").post(path + "/feedback").then().statusCode(403)
                .body(containsString("responder role"));
        assertEquals(2, owners.received("POST", feedback).size());
    }

    @Test
    void rolesAndActionItemsChangeWhatThePageShows() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String user = "ic-" + id;
        admin("/api/v1/users/" + user, Map.of("email", user + "@example.com"));
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("Latency on search-" + id, "SEV3", "search-" + id, t0, t0)));
        String session = signIn("responder-token");
        String path = "/console/incidents/" + incident;
        await().atMost(DEADLINE).until(() -> as(session).get(path).statusCode() == 200);
        String page = as(session).get(path).asString();
        assertThat(page, allOf(containsString("No role assigned."), containsString("No action items yet."),
                containsString("id=\"assign-role\""), containsString("id=\"add-action-item\"")));
        String csrf = csrf(page);
        String me = principal(page);

        as(session).formParam("role", "commander").formParam("user", user).post(path + "/roles").then().statusCode(403);
        as(session).formParam("csrf", csrf).formParam("role", "commander").formParam("user", user).post(path + "/roles")
                .then().statusCode(303).header("Location", path + "?done=assigned");
        as(session).formParam("csrf", csrf).formParam("role", "commander").formParam("user", "nobody-" + id)
                .post(path + "/roles").then().statusCode(400).body(containsString("no user named nobody-" + id));
        as(session).formParam("csrf", csrf).formParam("role", "janitor").formParam("user", user).post(path + "/roles")
                .then().statusCode(400).body(containsString("role must be one of commander, communications, scribe"));

        as(session).formParam("csrf", csrf).formParam("title", "Alert on <pool> & saturation").formParam("owner", "team-search")
                .formParam("priority", "high").formParam("dueDate", "2099-01-31").post(path + "/action-items")
                .then().statusCode(303).header("Location", path + "?done=added");
        as(session).formParam("csrf", csrf).formParam("title", "x").formParam("owner", "y").formParam("priority", "urgent")
                .formParam("dueDate", "tomorrow").post(path + "/action-items").then().statusCode(400)
                .body(containsString("priority must be one of high, medium, low; dueDate must be a date like 2026-12-07"));

        page = as(session).get(path + "?done=added").asString();
        assertThat(page, allOf(containsString("Action item added."),
                containsString("<tr data-role=\"commander\"><th scope=\"row\">incident commander</th><td class=\"role-user\">"
                        + user + "</td><td>" + me + "</td>"),
                containsString("<th scope=\"row\">Alert on &lt;pool&gt; &amp; saturation</th><td>team-search</td><td>high</td>"),
                containsString("<td>2099-01-31</td><td class=\"item-status\">open</td>"),
                containsString("aria-label=\"Mark done: Alert on &lt;pool&gt; &amp; saturation\"")));
        String item = attribute(page, "data-action-item");
        given().auth().oauth2("viewer-token").get("/api/v1/action-items?incidentId=" + incident).then().statusCode(200)
                .body(allOf(containsString("\"createdBy\":\"" + me + "\""), containsString("\"status\":\"open\"")));

        String viewer = signIn("viewer-token");
        String viewed = as(viewer).get(path).asString();
        assertThat(viewed, allOf(containsString("<td class=\"role-user\">" + user + "</td>"),
                containsString("Alert on &lt;pool&gt;"), not(containsString("Mark done")),
                not(containsString("id=\"assign-role\"")), not(containsString("action=\"/console/incidents/"))));
        String viewerCsrf = csrf(viewed);
        as(viewer).formParam("csrf", viewerCsrf).post(path + "/action-items/" + item + "/done").then().statusCode(403);
        as(viewer).formParam("csrf", viewerCsrf).formParam("role", "scribe").formParam("user", user).post(path + "/roles")
                .then().statusCode(403);
        as(session).post(path + "/action-items/" + item + "/done").then().statusCode(403);
        assertThat(as(session).get(path).asString(), allOf(containsString("<td class=\"item-status\">open</td>"),
                not(containsString("data-role=\"scribe\""))));

        as(session).formParam("csrf", csrf).post(path + "/action-items/" + item + "/done")
                .then().statusCode(303).header("Location", path + "?done=closed");
        as(session).formParam("csrf", csrf).post(path + "/action-items/" + UUID.randomUUID() + "/done")
                .then().statusCode(404).body(containsString("no action item"));
        page = as(session).get(path).asString();
        assertThat(page, allOf(containsString("<td class=\"item-status\">done</td>"), not(containsString("Mark done"))));
    }

    private void catalog(String name, List<String> dependsOn) {
        broker.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(name, 2, "team",
                "service", dependsOn, null, System.currentTimeMillis()));
    }

    private void openTriaged(UUID incident, String root) {
        Instant t0 = Instant.now().minusSeconds(60);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("Errors on checkout", "SEV2", "checkout", t0, t0)));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentTriaged, incident, t0.plusSeconds(2),
                "triage", Payload.triaged(1, "SEV2", root, "checkout")));
    }

    private void openWithRemediation(UUID incident, UUID execution) {
        Instant t0 = Instant.now().minusSeconds(60);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("Errors on checkout", "SEV2", "checkout", t0, t0)));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.RemediationApprovalRequested, incident,
                t0.plusSeconds(2), "remediation", new Payloads.RemediationApprovalRequested(execution, "rollback-deploy",
                        "rollback", "checkout", "runbook rollback-deploy requires approval")));
    }

    private static String principal(String page) {
        Matcher m = PRINCIPAL.matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    private static String attribute(String page, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find(), "no " + name + " in " + page);
        return m.group(1);
    }

    /** The left edge of a service's box in the graph. */
    private static int x(String page, String service) {
        Matcher m = Pattern.compile("data-service=\"" + Pattern.quote(service) + "\">\\s*<title>[^<]*</title>\\s*<rect x=\"(\\d+)\"")
                .matcher(page);
        assertTrue(m.find(), "no box for " + service);
        return Integer.parseInt(m.group(1));
    }

    private static int count(String page, String needle) {
        return page.split(Pattern.quote(needle), -1).length - 1;
    }
}
