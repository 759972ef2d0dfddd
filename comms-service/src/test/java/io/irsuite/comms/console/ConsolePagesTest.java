package io.irsuite.comms.console;

import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.RemediationApi;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.irsuite.comms.console.ConsoleTest.DEADLINE;
import static io.irsuite.comms.console.ConsoleTest.admin;
import static io.irsuite.comms.console.ConsoleTest.as;
import static io.irsuite.comms.console.ConsoleTest.signIn;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's schedules, runbooks and metrics pages and the on-call column of the list, as a browser gets them:
 * real HTTP with the session cookie, comms' real database and broker; remediation's runbook reads answered on a real
 * port by {@link RemediationApi}.
 */
@QuarkusTest
@WithTestResource(RemediationApi.class)
class ConsolePagesTest {

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
    void thePagesNeedASession() {
        for (String path : List.of("/console/schedules", "/console/runbooks", "/console/runbooks/db-failover",
                "/console/metrics")) {
            given().redirects().follow(false).get(path).then().statusCode(303).header("Location", "/console/sign-in");
            as("forged-session-id-that-is-not-in-the-database").get(path).then().statusCode(303);
            given().redirects().follow(false).header("HX-Request", "true").get(path).then().statusCode(401)
                    .header("HX-Redirect", "/console/sign-in");
        }
        String page = as(signIn("viewer-token")).get("/console/incidents").asString();
        assertThat(page, allOf(containsString("<a href=\"/console/schedules\">Schedules</a>"),
                containsString("<a href=\"/console/runbooks\">Runbooks</a>"),
                containsString("<a href=\"/console/metrics\">Metrics</a>")));
    }

    @Test
    void theSchedulePageShowsNowNextAndTheWeekWithAnOverride() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String alice = "alice-" + id;
        String bob = "bob-" + id;
        String carol = "carol-" + id;
        for (String user : List.of(alice, bob, carol)) {
            admin("/api/v1/users/" + user, Map.of("email", user + "@example.com"));
        }
        // alice and bob take turns by the UTC day (alice today); carol overrides the two hours around now
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant today = hour.truncatedTo(ChronoUnit.DAYS);
        Instant firstHandoff = today.minus(Duration.ofDays(2));
        Instant overrideFrom = hour.minus(Duration.ofHours(1));
        Instant overrideTo = hour.plus(Duration.ofHours(1));
        String schedule = "primary-" + id;
        admin("/api/v1/schedules/" + schedule, Map.of("timeZone", "UTC",
                "layers", List.of(Map.of("users", List.of(alice, bob), "rotation", "daily",
                        "handoffAt", firstHandoff.toString())),
                "overrides", List.of(Map.of("user", carol, "from", overrideFrom.toString(), "to", overrideTo.toString()))));

        String page = as(signIn("viewer-token")).get("/console/schedules").then().statusCode(200)
                .contentType(startsWith("text/html")).extract().asString();
        String card = section(page, "data-schedule=\"" + schedule + "\"");
        assertThat(card, allOf(containsString("<dd>UTC</dd>"),
                containsString("<dd class=\"on-call-now\"><strong>" + carol + "</strong>, from <time datetime=\""
                        + overrideFrom + "\""),
                containsString("until <time datetime=\"" + overrideTo + "\"")));
        // next: whoever the rotation has when the override ends (alice today, bob when it ends at midnight)
        Instant overrideEnd = overrideTo;
        Instant nextDay = overrideEnd.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        String next = ChronoUnit.DAYS.between(firstHandoff, overrideEnd) % 2 == 0 ? alice : bob;
        assertThat(card, containsString("<dd class=\"on-call-next\"><strong>" + next + "</strong>, from <time datetime=\""
                + overrideEnd + "\""));
        assertThat(card, containsString("until <time datetime=\"" + nextDay + "\""));
        // the week: carol, then the days in turn, each handoff at midnight UTC, up to 7 days ahead
        String week = card.substring(card.indexOf("The next 7 days"));
        assertThat(week, containsString("<th scope=\"row\">" + carol + "</th>"));
        for (int d = 1; d <= 6; d++) {
            Instant midnight = today.plus(Duration.ofDays(d));
            String user = ChronoUnit.DAYS.between(firstHandoff, midnight) % 2 == 0 ? alice : bob;
            assertThat("the shift from " + midnight, week, containsString("<th scope=\"row\">" + user + "</th>\n"
                    + "        <td><time datetime=\"" + midnight + "\""));
        }
        assertThat(week, not(containsString("nobody")));
    }

    @Test
    void theRunbooksPageShowsSuccessRateAndLastUseAndAVersionItsStepsApprovalAndVerify() {
        String viewer = signIn("viewer-token");
        String list = as(viewer).get("/console/runbooks").then().statusCode(200).extract().asString();
        String row = section(list, "data-runbook=\"db-failover\"", "</tr>");
        assertThat(row, allOf(containsString("<a href=\"/console/runbooks/db-failover\">Database failover</a>"),
                containsString("<td class=\"success-rate\">75%</td>"),
                containsString("<time datetime=\"2026-11-28T14:03:00Z\""), containsString("required: dba-oncall, sre-lead"),
                containsString("<td>4</td>"), containsString("1m")));
        assertThat(section(list, "data-runbook=\"rate-limit\"", "</tr>"), allOf(containsString("disabled"),
                containsString("<td class=\"success-rate\">–</td>"), containsString("never")));

        String runbook = as(viewer).get("/console/runbooks/db-failover").then().statusCode(200).extract().asString();
        assertThat(runbook, allOf(containsString("version 2"), containsString("<dd class=\"success-rate\">75%</dd>"),
                containsString("<dd id=\"approval\">required: dba-oncall, sre-lead</dd>"),
                containsString("<code>POST http://db-adapter:8080/failover/${service} → 200</code>"),
                containsString("timeout 60 s, 1 retry 5 s apart"),
                containsString("<code>demote: POST http://db-adapter:8080/failback/${service} → 200</code>"),
                containsString("<code>wait 30 s</code>"), containsString("<code>rollout-restart</code>"),
                containsString("every alert of the incident resolved within 300 s"),
                containsString("then sum(rate(db_errors_total[1m])) ≤ 0.5"),
                containsString("<a href=\"/console/runbooks/db-failover?version=1\">version 1</a>"),
                containsString("<strong aria-current=\"page\">version 2</strong>")));

        String first = as(viewer).get("/console/runbooks/db-failover?version=1").then().statusCode(200).extract()
                .asString();
        assertThat(first, allOf(containsString("Database failover (first cut)"), containsString("An older version"),
                containsString("<dd id=\"approval\">no</dd>"), containsString("<p id=\"verify\">None"),
                containsString("<strong aria-current=\"page\">version 1</strong>"),
                not(containsString("failback")), not(containsString("success-rate"))));
    }

    @Test
    void runbookRefusalsAndBadInputAreErrorPagesNeverA500() {
        String viewer = signIn("viewer-token");
        as(viewer).get("/console/runbooks/no-such-book").then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("no runbook no-such-book"));
        as(viewer).get("/console/runbooks/db-failover?version=7").then().statusCode(404)
                .body(containsString("no runbook 7"));
        as(viewer).get("/console/runbooks/Bad..Id").then().statusCode(400).body(containsString("id must be a runbook id"));
        as(viewer).get("/console/runbooks/db-failover?version=0").then().statusCode(400)
                .body(containsString("version must be a whole number"));
        as(viewer).get("/console/runbooks/db-failover?version=x").then().statusCode(400);
        // remediation decides who may read: a token without the viewer role gets its refusal, in its words
        as(signIn("admin-only-token")).get("/console/runbooks").then().statusCode(403)
                .body(containsString("this token may not read runbooks"));
    }

    @Test
    void theMetricsPageDrawsEachSeverityOverTimeAndTheSameValuesAsATable() {
        // April 2021: no other test starts incidents then
        Instant day3 = Instant.parse("2021-04-03T10:00:00Z");
        Instant day4 = Instant.parse("2021-04-04T10:00:00Z");
        String service = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        incident("SEV1", service, day3, 60, 300, 1800);
        incident("SEV3", service, day3.plusSeconds(600), 30, 60, 7200);
        incident("SEV1", service, day4, 120, 600, 3600);
        String session = signIn("viewer-token");
        String path = "/console/metrics?from=2021-04-01&to=2021-04-07&per=day";
        // each incident's events arrive in order: once all three are resolved, all their times are in
        await().atMost(DEADLINE).until(() -> {
            String shown = as(session).get(path).asString();
            return shown.contains("<title>SEV1, 2021-04-03: 30 minutes</title>")
                    && shown.contains("<title>SEV1, 2021-04-04: 60 minutes</title>")
                    && shown.contains("<title>SEV3, 2021-04-03: 120 minutes</title>");
        });
        String page = as(session).get(path).then().statusCode(200).extract().asString();

        String mttr = section(page, "<section class=\"card chart\" aria-labelledby=\"mttr-h\">", "</svg>");
        assertThat(mttr, allOf(containsString("role=\"img\""), containsString("<title id=\"mttr-t\">MTTR by severity, per day</title>"),
                containsString("data-series=\"SEV1\""), containsString("data-series=\"SEV3\""),
                not(containsString("data-series=\"SEV2\"")), containsString("<polyline points=\""),
                containsString("MTTR (minutes)"), containsString("Day (UTC)"), containsString(">04-01</text>"),
                containsString("<g class=\"series\" data-series=\"SEV1\" stroke=\"#82071e\" fill=\"#82071e\">")));
        // seven days, a point for each day with an incident of that severity, a line through consecutive ones
        assertTrue(mttr.split("<circle ", -1).length - 1 == 3, mttr);
        String mttdTable = section(page, "<table class=\"chart-values\" data-chart=\"mttd\">", "</table>");
        assertThat(mttdTable, allOf(containsString("<th scope=\"col\">SEV1</th><th scope=\"col\">SEV3</th>"),
                containsString("<th scope=\"row\">2021-04-03</th><td>60</td><td>30</td>"),
                containsString("<th scope=\"row\">2021-04-04</th><td>120</td><td>–</td>"),
                containsString("<th scope=\"row\">2021-04-05</th><td>–</td><td>–</td>"),
                containsString("MTTD (seconds) by severity")));
        assertThat(section(page, "<table class=\"chart-values\" data-chart=\"mtta\">", "</table>"),
                containsString("<th scope=\"row\">2021-04-03</th><td>5</td><td>1</td>"));
        assertThat(page, allOf(containsString("<tr data-severity=\"SEV1\"><th scope=\"row\">SEV1</th><td>2</td>"),
                containsString("<tr data-severity=\"all\"><th scope=\"row\">all</th><td>3</td>"),
                containsString("<input id=\"m-from\" name=\"from\" type=\"date\" value=\"2021-04-01\"")));

        String weekly = as(session).get("/console/metrics?from=2021-04-01&to=2021-04-14&per=week").then()
                .statusCode(200).extract().asString();
        assertThat(section(weekly, "<table class=\"chart-values\" data-chart=\"mttr\">", "</table>"), allOf(
                containsString("<th scope=\"row\">2021-04-01 – 2021-04-07</th><td>45</td><td>120</td>"),
                containsString("<th scope=\"row\">2021-04-08 – 2021-04-14</th><td>–</td><td>–</td>")));
    }

    @Test
    void badMetricsRangesAreErrorPagesNamingTheField() {
        String session = signIn("viewer-token");
        as(session).get("/console/metrics").then().statusCode(200).body(containsString("value=\""
                + LocalDate.now(ZoneOffset.UTC) + "\""));
        as(session).get("/console/metrics?from=yesterday").then().statusCode(400)
                .body(containsString("from must be a date"));
        as(session).get("/console/metrics?per=month").then().statusCode(400).body(containsString("per must be day or week"));
        as(session).get("/console/metrics?from=2021-04-08&to=2021-04-01").then().statusCode(400)
                .body(containsString("from must not be after to"));
        as(session).get("/console/metrics?from=2019-01-01&to=2021-01-01").then().statusCode(400)
                .body(containsString("at most 366 days"));
    }

    @Test
    void theListShowsWhoIsOnCallForEachActiveIncident() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String user = "oncall-" + id;
        String service = "oncall-svc-" + id;
        admin("/api/v1/users/" + user, Map.of("email", user + "@example.com"));
        admin("/api/v1/schedules/list-" + id, Map.of("timeZone", "UTC", "layers", List.of(Map.of("users", List.of(user),
                "rotation", "daily", "handoffAt", Instant.now().minus(Duration.ofDays(1)).toString()))));
        admin("/api/v1/escalation-policies/list-" + id, Map.of("levels", List.of(Map.of("delayMinutes", 0,
                "targets", List.of(Map.of("type", "schedule", "name", "list-" + id))))));
        admin("/api/v1/routes/team-list-" + id, Map.of("policy", "list-" + id));
        broker.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(service, 1,
                "team-list-" + id, "service", List.of(), null, System.currentTimeMillis()));
        await().atMost(DEADLINE).until(() -> pool.preparedQuery("SELECT 1 FROM catalog_service WHERE name = $1")
                .execute(Tuple.of(service)).await().atMost(Duration.ofSeconds(5)).size() == 1);

        // one incident on the service itself, one elsewhere whose root cause triage puts on the service
        UUID direct = UUID.randomUUID();
        UUID byRootCause = UUID.randomUUID();
        String elsewhere = "elsewhere-" + id;
        Instant t0 = Instant.now().minusSeconds(60);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, direct, t0, "detection",
                Payload.opened("slow on " + service, "SEV3", service, t0, t0)));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, byRootCause, t0, "detection",
                Payload.opened("errors on " + elsewhere, "SEV3", elsewhere, t0, t0)));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentTriaged, byRootCause,
                t0.plusSeconds(5), "triage", Payload.triaged(1, "SEV3", service, elsewhere)));
        String session = signIn("viewer-token");
        String onCall = "<td class=\"on-call\">" + user + "</td>";
        await().atMost(DEADLINE).until(() -> row(as(session).get("/console/incidents?service=" + service).asString(),
                direct).contains(onCall));
        await().atMost(DEADLINE).until(() -> row(as(session).get("/console/incidents?service=" + elsewhere).asString(),
                byRootCause).contains(onCall));
        assertThat(as(session).get("/console/incidents?service=" + service).asString(),
                containsString("<th scope=\"col\">On call</th>"));

        // a resolved incident has nobody on call for it
        Instant resolved = Instant.now();
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentResolved, direct, resolved,
                "detection", new Payloads.IncidentResolved("detection", null, "all alerts resolved", t0, resolved)));
        await().atMost(DEADLINE).until(() -> row(as(session).get("/console/incidents?service=" + service).asString(),
                direct).contains("<td class=\"on-call\"><span class=\"empty\">–</span></td>"));
    }

    /** An incident of {@code severity} started at {@code start}, detected, acknowledged and resolved after it. */
    private void incident(String severity, String service, Instant start, long detectSeconds, long acknowledgeSeconds,
                          long resolveSeconds) {
        UUID id = UUID.randomUUID();
        Instant detected = start.plusSeconds(detectSeconds);
        Instant acknowledged = detected.plusSeconds(acknowledgeSeconds);
        Instant resolved = start.plusSeconds(resolveSeconds);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, id, detected, "detection",
                Payload.opened(severity + " on " + service, severity, service, start, detected)));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentAcknowledged, id, acknowledged,
                "detection", new Payloads.IncidentAcknowledged("alice", null, acknowledged)));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentResolved, id, resolved, "detection",
                new Payloads.IncidentResolved("detection", null, "all alerts resolved", start, resolved)));
    }

    private static String row(String page, UUID incident) {
        return section(page, "data-incident=\"" + incident + "\"", "</tr>");
    }

    private static String section(String page, String marker) {
        return section(page, marker, "</section>");
    }

    /** The part of {@code page} from {@code marker} to the next {@code end}; empty when the marker is missing. */
    private static String section(String page, String marker, String end) {
        int from = page.indexOf(marker);
        if (from < 0) {
            return "";
        }
        int to = page.indexOf(end, from);
        return to < 0 ? page.substring(from) : page.substring(from, to + end.length());
    }
}
