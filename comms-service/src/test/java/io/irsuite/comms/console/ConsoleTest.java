package io.irsuite.comms.console;

import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.WebhookReceiver;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The responder console as a browser sees it: sign-in cookie, pages, CSRF refusals, roles, bad input. */
@QuarkusTest
class ConsoleTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
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

    /** A session cookie value for {@code token}. */
    static String signIn(String token) {
        Response r = given().redirects().follow(false).formParam("token", token).post("/console/sign-in");
        assertEquals(303, r.statusCode(), r.asString());
        return r.cookie(ConsoleResource.COOKIE);
    }

    static RequestSpecification as(String session) {
        return given().redirects().follow(false).cookie(ConsoleResource.COOKIE, session);
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), "no CSRF field in " + html);
        return m.group(1);
    }

    @Test
    void signingInSetsAnHttpOnlyStrictCookieForTheConsoleOnly() {
        Response r = given().redirects().follow(false).formParam("token", "responder-token").post("/console/sign-in");
        assertEquals(303, r.statusCode());
        assertEquals("/console/incidents", r.header("Location"));
        String cookie = r.header("Set-Cookie");
        assertThat(cookie, allOf(startsWith(ConsoleResource.COOKIE + "="), containsString("; Path=/console"),
                containsString("; HttpOnly"), containsString("; SameSite=Strict"), containsString("; Max-Age=28800")));
        assertFalse(cookie.contains("Secure"), "plain HTTP: no Secure flag, or the browser would drop it");
        assertFalse(cookie.contains("responder-token"), "the cookie holds a session id, never the token");

        String behindTls = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .formParam("token", "responder-token").post("/console/sign-in").header("Set-Cookie");
        assertThat(behindTls, containsString("; Secure"));
    }

    /**
     * Behind the Ingress (TLS ends there; it forwards plain HTTP with X-Forwarded-* or Forwarded): every redirect stays
     * relative, so the browser keeps the host and scheme it used, and the cookie is Secure whenever the browser came
     * over HTTPS, as the first proxy says, also when signing out.
     */
    @Test
    void behindTheIngressRedirectsAreRelativeAndTheCookieIsSecure() {
        Map<String, String> ingress = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "ir.example.com",
                "X-Forwarded-Port", "443", "X-Forwarded-Prefix", "/elsewhere", "Forwarded", "for=192.0.2.60;host=ir.example.com;proto=https");
        Response signIn = given().redirects().follow(false).headers(ingress).formParam("token", "responder-token")
                .post("/console/sign-in");
        assertEquals(303, signIn.statusCode());
        assertEquals("/console/incidents", signIn.header("Location"));
        assertThat(signIn.header("Set-Cookie"), containsString("; Secure"));
        String session = signIn.cookie(ConsoleResource.COOKIE);
        given().redirects().follow(false).headers(ingress).get("/console").then().statusCode(303)
                .header("Location", "/console/incidents");
        given().redirects().follow(false).headers(ingress).get("/console/incidents").then().statusCode(303)
                .header("Location", "/console/sign-in");
        as(session).headers(ingress).get("/console/sign-in").then().statusCode(303).header("Location", "/console/incidents");
        String csrf = csrf(as(session).headers(ingress).get("/console/incidents").then().statusCode(200).extract().asString());
        as(session).headers(ingress).formParam("csrf", csrf).post("/console/sign-out").then().statusCode(303)
                .header("Location", "/console/sign-in")
                .header("Set-Cookie", allOf(containsString("Max-Age=0"), containsString("; Path=/console"), containsString("; Secure")));

        // a chain of proxies: the first one faced the browser
        assertThat(signInCookie(Map.of("X-Forwarded-Proto", "https, http")), containsString("; Secure"));
        assertThat(signInCookie(Map.of("Forwarded", "for=192.0.2.60;proto=https, for=10.0.0.7;proto=http")),
                containsString("; Secure"));
        assertThat(signInCookie(Map.of("Forwarded", "for=192.0.2.60;Proto=\"https\"")), containsString("; Secure"));
        // plain HTTP all the way: a Secure cookie would be dropped by the browser
        assertThat(signInCookie(Map.of("X-Forwarded-Proto", "http, https")), not(containsString("Secure")));
        assertThat(signInCookie(Map.of("Forwarded", "for=192.0.2.60;proto=http;by=https")), not(containsString("Secure")));
    }

    private static String signInCookie(Map<String, String> headers) {
        return given().redirects().follow(false).headers(headers).formParam("token", "responder-token")
                .post("/console/sign-in").then().statusCode(303).extract().header("Set-Cookie");
    }

    @Test
    void aWrongEmptyOrIngestOnlyTokenDoesNotSignIn() {
        given().formParam("token", "not-a-token").post("/console/sign-in").then().statusCode(401)
                .header("Set-Cookie", (String) null).body(containsString("That token is not valid."));
        given().formParam("token", "  ").post("/console/sign-in").then().statusCode(400)
                .body(containsString("token is required."));
        given().formParam("token", "a\u0000b").post("/console/sign-in").then().statusCode(400);
        given().formParam("token", "x".repeat(1500)).post("/console/sign-in").then().statusCode(400);
        // beyond the HTTP layer's form limit: refused before the console sees it, still a client error
        given().formParam("token", "x".repeat(5000)).post("/console/sign-in").then().statusCode(413);
        given().formParam("token", "ingest-token").post("/console/sign-in").then().statusCode(403)
                .body(containsString("viewer, responder or admin"));
    }

    @Test
    void pagesNeedASession() {
        given().redirects().follow(false).get("/console/incidents").then().statusCode(303)
                .header("Location", "/console/sign-in");
        as("forged-session-id-that-is-not-in-the-database").get("/console/incidents").then().statusCode(303);
        given().redirects().follow(false).header("HX-Request", "true").get("/console/incidents").then()
                .statusCode(401).header("HX-Redirect", "/console/sign-in");
        given().redirects().follow(false).get("/console").then().statusCode(303).header("Location", "/console/incidents");
        given().get("/console/sign-in").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<label for=\"token\">"))
                // no OpenID Connect provider configured (ConsoleOidcTest has one): tokens only
                .body(not(containsString("oidc-sign-in")));
        given().redirects().follow(false).get("/console/oidc/sign-in").then().statusCode(401);
    }

    @Test
    void anIncidentAppearsInTheListAndItsPageShowsTheTriage() {
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(125).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String service = "console-" + incident.toString().substring(0, 8);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("HighErrorRate on " + service, "SEV2", service, t0, t0.plusSeconds(5))));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentTriaged, incident,
                t0.plusSeconds(6), "triage", Payload.triaged(1, "SEV2", "payments-db", service)));
        String session = signIn("responder-token");

        await().atMost(DEADLINE).until(() -> as(session).get("/console/incidents?service=" + service).asString()
                .contains("/console/incidents/" + incident));
        String list = as(session).get("/console/incidents?service=" + service + "&severity=SEV2").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'")).extract().asString();
        assertThat(list, allOf(containsString("HighErrorRate on " + service), containsString("hx-trigger=\"every 3s\""),
                containsString("<th scope=\"col\">Severity</th>"), containsString("2m")));
        // the UTC as text (what a browser without JavaScript shows) and on hover; console.js rewrites the text only
        String utc = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC).format(t0);
        assertThat(list, containsString("<time datetime=\"" + t0 + "\" title=\"" + utc + "\">" + utc + "</time>"));
        // htmx polls the list fragment only
        String fragment = as(session).header("HX-Request", "true").get("/console/incidents?service=" + service)
                .then().statusCode(200).extract().asString();
        assertThat(fragment, allOf(startsWith("<div id=\"incident-list\""), not(containsString("<html"))));
        // detection moves the status (IncidentStatusChanged); triage alone leaves it OPEN
        assertThat(as(session).get("/console/incidents?status=OPEN&service=" + service).asString(),
                containsString("/console/incidents/" + incident));
        assertThat(as(session).get("/console/incidents?status=RESOLVED&service=" + service).asString(),
                not(containsString("/console/incidents/" + incident)));
        assertThat(as(session).get("/console/incidents?severity=SEV4&service=" + service).asString(),
                not(containsString("/console/incidents/" + incident)));

        String page = as(session).get("/console/incidents/" + incident).then().statusCode(200).extract().asString();
        assertThat(page, allOf(containsString("payments-db"), containsString("connection pool exhausted"),
                containsString("errorRate 12% &gt; 10%"), containsString("91%"), containsString("HighErrorRate"),
                containsString("IncidentTriaged"), containsString("id=\"acknowledge\""), containsString("id=\"resolve\""),
                containsString("<label for=\"note\">")));

        as(session).formParam("csrf", csrf(page)).formParam("service", "payments-db").formParam("category", "database")
                .post("/console/incidents/" + incident + "/feedback").then().statusCode(502)
                .body(containsString("triage-service could not be reached"));

        String viewer = signIn("viewer-token");
        String viewed = as(viewer).get("/console/incidents/" + incident).then().statusCode(200).extract().asString();
        assertThat(viewed, allOf(containsString("payments-db"), not(containsString("id=\"acknowledge\"")),
                not(containsString("id=\"resolve\"")), not(containsString("action=\"/console/incidents/"))));
    }

    @Test
    void actionsRefuseAPostWithoutTheSessionsCsrfToken() {
        UUID incident = UUID.randomUUID();
        String path = "/console/incidents/" + incident + "/acknowledge";
        String session = signIn("responder-token");
        String csrf = csrf(as(session).get("/console/incidents").asString());

        given().redirects().follow(false).formParam("csrf", csrf).post(path).then().statusCode(403);
        as(session).formParam("note", "x").post(path).then().statusCode(403)
                .body(containsString("CSRF token"));
        as(session).formParam("csrf", "wrong").post(path).then().statusCode(403);
        as(session).formParam("csrf", csrf(as(signIn("responder-token")).get("/console/incidents").asString()))
                .post(path).then().statusCode(403);
        as(session).formParam("csrf", csrf).formParam("note", "fixed").post("/console/incidents/" + incident + "/resolve")
                .then().statusCode(502).body(containsString("detection-service could not be reached"));

        String viewer = signIn("viewer-token");
        String viewerCsrf = csrf(as(viewer).get("/console/incidents").asString());
        as(viewer).formParam("csrf", viewerCsrf).post(path).then().statusCode(403)
                .body(containsString("responder role"));
    }

    @Test
    void aPendingExecutionOffersApproveAndRejectToAResponderOnly() {
        UUID incident = UUID.randomUUID();
        UUID execution = UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(30);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("DiskFull on billing", "SEV4", "billing", t0, t0)));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.RemediationApprovalRequested, incident,
                t0.plusSeconds(2), "remediation", new Payloads.RemediationApprovalRequested(execution, "db-failover",
                        "database_failover", "billing", "runbook db-failover requires approval")));
        String session = signIn("responder-token");
        String path = "/console/incidents/" + incident;
        await().atMost(DEADLINE).until(() -> as(session).get(path).asString().contains("id=\"approve\""));
        String page = as(session).get(path).asString();
        assertThat(page, allOf(containsString("PENDING_APPROVAL"), containsString("id=\"reject\""),
                containsString("action=\"" + path + "/executions/" + execution + "/approve\""),
                // the executions' steps come from remediation: unreachable here, the page says so and still renders
                containsString("remediation-service could not be reached: the executions are not shown.")));
        String csrf = csrf(page);

        assertThat(as(signIn("viewer-token")).get(path).asString(), allOf(containsString("PENDING_APPROVAL"),
                not(containsString("id=\"approve\"")), not(containsString("/executions/"))));
        as(session).formParam("note", "go").post(path + "/executions/" + execution + "/approve").then().statusCode(403);
        as(session).formParam("csrf", csrf).post(path + "/executions/" + execution + "/approve").then().statusCode(502)
                .body(containsString("remediation-service could not be reached"));
        as(session).formParam("csrf", csrf).post(path + "/executions/nope/reject").then().statusCode(400)
                .body(containsString("executionId must be a UUID"));
    }

    @Test
    void theIncidentPageShowsWhoWasPagedAndTheAcknowledgement() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String user = "paged-" + id;
        String service = "console-paging-" + id;
        try (WebhookReceiver pager = WebhookReceiver.start()) {
            admin("/api/v1/users/" + user, Map.of("webhook", pager.url()));
            // a second level far away keeps the escalation walking (status sent) until the acknowledgement
            admin("/api/v1/escalation-policies/console-" + id, Map.of("repeat", 0, "levels",
                    List.of(Map.of("delayMinutes", 0, "targets", List.of(Map.of("type", "user", "name", user))),
                            Map.of("delayMinutes", 30, "targets", List.of(Map.of("type", "user", "name", user))))));
            admin("/api/v1/routes/team-console-" + id, Map.of("policy", "console-" + id));
            broker.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(service, 1,
                    "team-console-" + id, "service", List.of(), null, System.currentTimeMillis()));
            // the owner is looked up when the incident arrives: wait for the catalog replica
            await().atMost(DEADLINE).until(() -> pool.preparedQuery("SELECT 1 FROM catalog_service WHERE name = $1")
                    .execute(Tuple.of(service)).await().atMost(Duration.ofSeconds(5)).size() == 1);
            UUID incident = UUID.randomUUID();
            Instant t0 = Instant.now().minusSeconds(10);
            broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0,
                    "detection", Payload.opened("checkout down on " + service, "SEV1", service, t0, t0)));
            String session = signIn("viewer-token");
            String path = "/console/incidents/" + incident;
            await().atMost(DEADLINE).until(() -> as(session).get(path).asString().contains("<th scope=\"row\">" + user));
            assertThat(as(session).get(path).asString(), containsString("<td class=\"page-status\">sent</td>"));

            Instant now = Instant.now();
            broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentAcknowledged, incident, now,
                    "detection", new Payloads.IncidentAcknowledged(user, "on it", now)));
            await().atMost(DEADLINE).until(() -> as(session).get(path).asString()
                    .contains("<td class=\"page-status\">acknowledged</td>"));
            assertThat(as(session).get(path).asString(), containsString(" by " + user));
        }
    }

    static void admin(String path, Object body) {
        given().auth().oauth2("test-admin-token").contentType("application/json").body(body).put(path)
                .then().statusCode(anyOf(equalTo(200), equalTo(201)));
    }

    @Test
    void badInputIsAnErrorPageNeverA500() {
        String session = signIn("responder-token");
        String csrf = csrf(as(session).get("/console/incidents").asString());
        as(session).get("/console/incidents?status=BOGUS").then().statusCode(400).contentType(startsWith("text/html"))
                .body(containsString("status must be one of"));
        as(session).get("/console/incidents?severity=P9").then().statusCode(400);
        as(session).get("/console/incidents?service=<script>").then().statusCode(400)
                .body(not(containsString("<script>")));
        as(session).get("/console/incidents/not-a-uuid").then().statusCode(400).body(containsString("id must be a UUID"));
        as(session).get("/console/incidents/" + UUID.randomUUID()).then().statusCode(404);
        as(session).formParam("csrf", csrf).post("/console/incidents/nope/acknowledge").then().statusCode(400);
        as(session).formParam("csrf", csrf).formParam("note", "n".repeat(2001))
                .post("/console/incidents/" + UUID.randomUUID() + "/resolve").then().statusCode(400)
                .body(containsString("note must be at most 2000"));
        as(session).contentType("application/json").body("{}").post("/console/incidents/" + UUID.randomUUID()
                + "/acknowledge").then().statusCode(415);
    }

    @Test
    void signingOutEndsTheSessionOnEveryReplica() {
        String session = signIn("admin-only-token");
        String csrf = csrf(as(session).get("/console/incidents").asString());
        as(session).post("/console/sign-out").then().statusCode(403);
        as(session).formParam("csrf", csrf).post("/console/sign-out").then().statusCode(303)
                .header("Location", "/console/sign-in").header("Set-Cookie", containsString("Max-Age=0"));
        // the row is gone from the database, which every replica reads
        as(session).get("/console/incidents").then().statusCode(303).header("Location", "/console/sign-in");
    }

    @Test
    void assetsAreServedLocally() {
        given().get("/console/assets/htmx.min.js").then().statusCode(200).contentType(startsWith("text/javascript"))
                .body(containsString("htmx"));
        given().get("/console/assets/console.css").then().statusCode(200).contentType(startsWith("text/css"));
        given().get("/console/assets/console.js").then().statusCode(200);
        given().get("/console/assets/nothing.js").then().statusCode(404);
    }
}
