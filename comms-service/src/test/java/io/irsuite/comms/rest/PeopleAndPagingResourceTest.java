package io.irsuite.comms.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Users, schedules, escalation policies and routes over HTTP: round trips, validation problems naming the field,
 * who may do what, deletions refused while something names the resource, on-call answers (across a DST switch),
 * the simulator, and concurrent writers that the database keeps consistent.
 */
@QuarkusTest
class PeopleAndPagingResourceTest {

    static final String ADMIN = "test-admin-token";
    static final String VIEWER = "viewer-token";
    static final String PROBLEM = "application/problem+json";

    /** What a test created, deleted in reverse order afterwards (routes before policies before schedules ...). */
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        Collections.reverse(created);
        created.forEach(path -> given().auth().oauth2(ADMIN).delete(path));
    }

    private ValidatableResponse put(String path, Object body) {
        ValidatableResponse r = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body).put(path).then();
        if (r.extract().statusCode() == 201) {
            created.add(path);
        }
        return r;
    }

    private String user(String prefix, Map<String, Object> body) {
        String name = prefix + "-" + NotificationFlowTest.shortId();
        put("/api/v1/users/" + name, body).statusCode(201);
        return name;
    }

    private String user(String prefix) {
        return user(prefix, Map.of("email", prefix + "@example.com"));
    }

    private static Map<String, Object> layer(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static void expectField(ValidatableResponse r, String field) {
        r.statusCode(400).contentType(PROBLEM).body("status", equalTo(400)).body("errors.field", hasItem(field))
                .body("detail", containsString(field));
    }

    // ---- users

    @Test
    void anAdminCreatesReplacesReadsAndDeletesAUser() {
        String name = "alice-" + NotificationFlowTest.shortId();
        String path = "/api/v1/users/" + name;
        put(path, Map.of("email", "Alice@Example.COM", "slackWebhook", "https://hooks.slack.com/services/T/B/X",
                "timeZone", "Europe/Berlin"))
                .statusCode(201).header("Location", endsWith(path))
                .body("name", equalTo(name)).body("email", equalTo("Alice@example.com"))
                .body("slackWebhook", equalTo("https://hooks.slack.com/***")).body("timeZone", equalTo("Europe/Berlin"));
        put(path, Map.of("webhook", "https://pager.example/alice?token=s3cret"))
                .statusCode(200).body("email", nullValue()).body("webhook", equalTo("https://pager.example/alice?***"))
                .body("timeZone", equalTo("UTC"));
        given().auth().oauth2(VIEWER).get(path).then().statusCode(200).body("webhook", not(containsString("s3cret")));
        given().auth().oauth2(VIEWER).get("/api/v1/users").then().statusCode(200).body("name", hasItem(name));
        given().auth().oauth2(ADMIN).delete(path).then().statusCode(204);
        given().auth().oauth2(VIEWER).get(path).then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString(name));
        given().auth().oauth2(ADMIN).delete(path).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void invalidUsersAreProblemsNamingTheField() {
        expectField(put("/api/v1/users/ok", Map.of("email", "not-an-email")), "email");
        expectField(put("/api/v1/users/ok", Map.of()), "email");
        expectField(put("/api/v1/users/ok", Map.of("email", "a@example.com", "slackWebhook", "ftp://x.example/y")),
                "slackWebhook");
        expectField(put("/api/v1/users/ok", Map.of("webhook", "https://hooks.example/${service}")), "webhook");
        expectField(put("/api/v1/users/ok", Map.of("email", "a@example.com", "timeZone", "+02:00")), "timeZone");
        expectField(put("/api/v1/users/ok", Map.of("email", "a@example.com", "timeZone", "Europe/Atlantis")),
                "timeZone");
        expectField(put("/api/v1/users/bad name", Map.of("email", "a@example.com")), "name");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"email\": ")
                .put("/api/v1/users/ok").then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("body"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"email\": {\"nested\": 1}}")
                .put("/api/v1/users/ok").then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("email"));
        given().auth().oauth2(VIEWER).get("/api/v1/users/ok").then().statusCode(404);
    }

    @Test
    void callsWithoutAValidTokenAre401AndTokensWithoutTheRoleAre403() {
        for (String path : List.of("/api/v1/users", "/api/v1/schedules", "/api/v1/escalation-policies", "/api/v1/routes",
                "/api/v1/schedules/any/oncall", "/api/v1/escalation-policies/any/simulate")) {
            given().get(path).then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
            given().auth().oauth2("not-a-token").get(path).then().statusCode(401).contentType(PROBLEM);
            given().auth().oauth2("ingest-token").get(path).then().statusCode(403).contentType(PROBLEM);
        }
        for (String path : List.of("/api/v1/users/x", "/api/v1/schedules/x", "/api/v1/escalation-policies/x",
                "/api/v1/routes/x")) {
            given().auth().oauth2(VIEWER).contentType(ContentType.JSON).body("{}").put(path)
                    .then().statusCode(403).contentType(PROBLEM);
            given().auth().oauth2(VIEWER).delete(path).then().statusCode(403).contentType(PROBLEM);
        }
        given().auth().oauth2(VIEWER).get("/api/v1/users").then().statusCode(200);
        given().auth().oauth2("admin-only-token").get("/api/v1/routes").then().statusCode(200);
    }

    // ---- schedules and on-call

    @Test
    void aScheduleRoundTripsNormalisedAndAnswersWhoIsOnCallAcrossTheSpringSwitch() {
        String alice = user("alice");
        String bob = user("bob");
        String name = "berlin-" + NotificationFlowTest.shortId();
        String path = "/api/v1/schedules/" + name;
        Map<String, Object> body = Map.of("timeZone", "Europe/Berlin", "layers", List.of(layer(
                "users", List.of(alice, bob), "rotation", "daily", "handoffAt", "2026-03-27T09:00:00+01:00")));
        put(path, body).statusCode(201).header("Location", endsWith(path))
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("layers[0].handoffAt", equalTo("2026-03-27T08:00:00Z"))
                .body("layers[0].shiftLengthHours", equalTo(24)).body("layers[0].users", equalTo(List.of(alice, bob)));
        put(path, body).statusCode(200);
        given().auth().oauth2(VIEWER).get(path).then().statusCode(200).body("name", equalTo(name))
                .body("layers[0].rotation", equalTo("daily"));
        given().auth().oauth2(VIEWER).get("/api/v1/schedules").then().statusCode(200).body("name", hasItem(name));

        // the shift over the switch is 23 h: 09:00 CET on the 28th to 09:00 CEST on the 29th
        given().auth().oauth2(VIEWER).queryParam("at", "2026-03-29T06:59:59Z").get(path + "/oncall")
                .then().statusCode(200).body("user", equalTo(bob))
                .body("from", equalTo("2026-03-28T08:00:00Z")).body("to", equalTo("2026-03-29T07:00:00Z"));
        // the handoff instant belongs to the next shift; an offset in `at` is read as the instant it names
        given().auth().oauth2(VIEWER).queryParam("at", "2026-03-29T09:00:00+02:00").get(path + "/oncall")
                .then().statusCode(200).body("user", equalTo(alice)).body("from", equalTo("2026-03-29T07:00:00Z"));
        // before the first handoff nobody: a 404 problem that says who comes next
        given().auth().oauth2(VIEWER).queryParam("at", "2026-03-01T00:00:00Z").get(path + "/oncall")
                .then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("nobody is on call")).body("detail", containsString("next: " + alice));
        // `at` defaults to now: the rotation runs for good from 2026-03-27
        given().auth().oauth2(VIEWER).get(path + "/oncall").then().statusCode(200).body("user", hasItemOf(alice, bob));
        given().auth().oauth2(VIEWER).queryParam("at", "yesterday").get(path + "/oncall")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("at"));
        given().auth().oauth2(VIEWER).get("/api/v1/schedules/no-such-" + NotificationFlowTest.shortId() + "/oncall")
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString("does not exist"));
    }

    private static org.hamcrest.Matcher<Object> hasItemOf(String a, String b) {
        return org.hamcrest.Matchers.anyOf(equalTo(a), equalTo(b));
    }

    @Test
    void invalidSchedulesAreProblemsNamingTheField() {
        String alice = user("alice");
        String path = "/api/v1/schedules/bad-" + NotificationFlowTest.shortId();
        expectField(put(path, Map.of("timeZone", "Europe/Berlin", "layers", List.of(layer("users",
                List.of(alice, "nobody-" + NotificationFlowTest.shortId()), "rotation", "weekly",
                "handoffAt", "2026-11-30T09:00:00Z")))), "layers[0].users[1]");
        expectField(put(path, Map.of("timeZone", "CEST", "layers", List.of(layer("users", List.of(alice),
                "rotation", "weekly", "handoffAt", "2026-11-30T09:00:00Z")))), "timeZone");
        expectField(put(path, Map.of("timeZone", "UTC", "layers", List.of(layer("users", List.of(alice),
                "rotation", "daily", "handoffAt", "2026-11-30T09:00:00Z", "restrictions",
                List.of(Map.of("type", "daily", "startTime", "22:00", "endTime", "25:00")))))),
                "layers[0].restrictions[0].endTime");
        expectField(put(path, Map.of("timeZone", "UTC", "layers", List.of(layer("users", List.of(alice),
                "rotation", "daily", "shiftLengthHours", 12, "handoffAt", "2026-11-30T09:00:00Z")))),
                "layers[0].shiftLengthHours");
        expectField(put(path, Map.of("timeZone", "UTC", "layers", List.of(layer("users", List.of(alice),
                "rotation", "daily", "handoffAt", "monday")))), "layers[0].handoffAt");
        expectField(put(path, Map.of("timeZone", "UTC", "layers", List.of(layer("users", List.of(alice),
                "rotation", "daily", "handoffAt", "2026-11-30T09:00:00Z")), "overrides",
                List.of(Map.of("user", alice, "from", "2026-12-02T00:00:00Z", "to", "2026-12-01T00:00:00Z")))),
                "overrides[0].to");
        expectField(put(path, Map.of("timeZone", "UTC", "layers", List.of())), "layers");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"timeZone\": \"UTC\", \"layers\": [{\"users\": \"alice\"}]}").put(path)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("layers[0].users"));
        given().auth().oauth2(VIEWER).get(path).then().statusCode(404);
    }

    // ---- policies, routes, deletions

    @Test
    void policiesAndRoutesRoundTripAndNothingStillNamedCanBeDeleted() {
        String alice = user("alice");
        String dave = user("dave");
        String schedule = "primary-" + NotificationFlowTest.shortId();
        put("/api/v1/schedules/" + schedule, Map.of("timeZone", "UTC", "layers", List.of(layer("users", List.of(alice),
                "rotation", "weekly", "handoffAt", "2026-01-05T09:00:00Z")))).statusCode(201);
        String policy = "payments-" + NotificationFlowTest.shortId();
        String policyPath = "/api/v1/escalation-policies/" + policy;

        expectField(put(policyPath, Map.of("levels", List.of(
                Map.of("delayMinutes", 0, "targets", List.of(Map.of("type", "schedule", "name", schedule))),
                Map.of("delayMinutes", 5, "targets", List.of(Map.of("type", "user", "name", "ghost-" + policy)))),
                "repeat", 2)), "levels[1].targets[0].name");
        expectField(put(policyPath, Map.of("levels", List.of(
                Map.of("delayMinutes", 0, "targets", List.of(Map.of("type", "channel", "name", "no-channel-" + policy)))))),
                "levels[0].targets[0].name");
        expectField(put(policyPath, Map.of("levels", List.of(
                Map.of("delayMinutes", 3, "targets", List.of(Map.of("type", "user", "name", dave)))))),
                "levels[0].delayMinutes");
        expectField(put(policyPath, Map.of("levels", List.of(
                Map.of("targets", List.of(Map.of("type", "team", "name", dave)))))), "levels[0].targets[0].type");
        expectField(put(policyPath, Map.of("levels", List.of(
                Map.of("targets", List.of(Map.of("type", "user", "name", dave)))), "repeat", 1.5)), "repeat");

        put(policyPath, Map.of("levels", List.of(
                Map.of("delayMinutes", 0, "targets", List.of(Map.of("type", "schedule", "name", schedule))),
                Map.of("delayMinutes", 5, "targets", List.of(Map.of("type", "user", "name", dave)))), "repeat", 2))
                .statusCode(201).header("Location", endsWith(policyPath))
                .body("levels[1].delayMinutes", equalTo(5)).body("levels[1].targets[0].type", equalTo("user"))
                .body("repeat", equalTo(2)).body("repeatDelayMinutes", equalTo(5));
        given().auth().oauth2(VIEWER).get(policyPath).then().statusCode(200).body("name", equalTo(policy))
                .body("levels", hasSize(2));
        given().auth().oauth2(VIEWER).get("/api/v1/escalation-policies").then().statusCode(200)
                .body("name", hasItem(policy));

        String owner = "team-" + NotificationFlowTest.shortId();
        expectField(put("/api/v1/routes/" + owner, Map.of("policy", "no-such-" + policy)), "policy");
        expectField(put("/api/v1/routes/" + owner, Map.of()), "policy");
        put("/api/v1/routes/" + owner, Map.of("policy", policy)).statusCode(201)
                .body("owner", equalTo(owner)).body("policy", equalTo(policy));
        put("/api/v1/routes/" + owner, Map.of("policy", policy)).statusCode(200);
        given().auth().oauth2(VIEWER).get("/api/v1/routes/" + owner).then().statusCode(200).body("policy", equalTo(policy));
        given().auth().oauth2(VIEWER).get("/api/v1/routes").then().statusCode(200).body("owner", hasItem(owner));
        given().auth().oauth2(VIEWER).get("/api/v1/routes/unknown-" + owner).then().statusCode(404).contentType(PROBLEM);

        // what is still named cannot go: 409 problems that say by whom
        given().auth().oauth2(ADMIN).delete("/api/v1/users/" + alice).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("schedule " + schedule));
        given().auth().oauth2(ADMIN).delete("/api/v1/users/" + dave).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("escalation policy " + policy));
        given().auth().oauth2(ADMIN).delete("/api/v1/schedules/" + schedule).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString(policy));
        given().auth().oauth2(ADMIN).delete(policyPath).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString(owner));
        // ... and, in order, everything can
        given().auth().oauth2(ADMIN).delete("/api/v1/routes/" + owner).then().statusCode(204);
        given().auth().oauth2(ADMIN).delete(policyPath).then().statusCode(204);
        given().auth().oauth2(ADMIN).delete("/api/v1/schedules/" + schedule).then().statusCode(204);
        given().auth().oauth2(ADMIN).delete("/api/v1/users/" + alice).then().statusCode(204);
        given().auth().oauth2(ADMIN).delete("/api/v1/users/" + dave).then().statusCode(204);
        given().auth().oauth2(VIEWER).get(policyPath).then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(ADMIN).delete("/api/v1/routes/" + owner).then().statusCode(404).contentType(PROBLEM);
    }

    // ---- the simulator

    @Test
    void theSimulatorResolvesAWeeklyRotationARestrictionAndAnOverrideWhenEachLevelFires() {
        String id = NotificationFlowTest.shortId();
        String alice = user("alice", Map.of("email", "alice@example.com", "slackWebhook", "https://hooks.slack.com/a"));
        String bob = user("bob");
        String carol = user("carol", Map.of("webhook", "https://pager.example/carol?token=s3cret"));
        String dave = user("dave");
        String erin = user("erin");
        String zoe = user("zoe");
        String channel = "war-room-" + id;
        put("/api/v1/channels/" + channel, Map.of("type", "slack", "url", "https://hooks.slack.com/services/T/B/W"))
                .statusCode(201);
        // Europe/Berlin (CEST): alice/bob weekly from Monday 07:00 local, erin's nights 00:00-07:00 above them,
        // carol overriding 05:30Z-06:00Z on Monday 2026-06-08
        String primary = "primary-" + id;
        put("/api/v1/schedules/" + primary, Map.of("timeZone", "Europe/Berlin",
                "layers", List.of(
                        layer("users", List.of(alice, bob), "rotation", "weekly", "handoffAt", "2026-06-01T05:00:00Z"),
                        layer("users", List.of(erin), "rotation", "daily", "handoffAt", "2026-06-01T00:00:00Z",
                                "restrictions", List.of(Map.of("type", "daily", "startTime", "00:00", "endTime", "07:00")))),
                "overrides", List.of(Map.of("user", carol, "from", "2026-06-08T05:30:00Z", "to", "2026-06-08T06:00:00Z"))))
                .statusCode(201);
        String later = "later-" + id;
        put("/api/v1/schedules/" + later, Map.of("timeZone", "UTC", "layers", List.of(layer("users", List.of(zoe),
                "rotation", "daily", "handoffAt", "2026-07-01T00:00:00Z")))).statusCode(201);
        String policy = "payments-" + id;
        put("/api/v1/escalation-policies/" + policy, Map.of("levels", List.of(
                        Map.of("delayMinutes", 0, "targets", List.of(Map.of("type", "schedule", "name", primary))),
                        Map.of("delayMinutes", 5, "targets", List.of(Map.of("type", "schedule", "name", primary),
                                Map.of("type", "user", "name", dave))),
                        Map.of("delayMinutes", 10, "targets", List.of(Map.of("type", "channel", "name", channel),
                                Map.of("type", "schedule", "name", later)))),
                "repeat", 1, "repeatDelayMinutes", 20)).statusCode(201);

        // the on-call answers the levels will meet
        String oncall = "/api/v1/schedules/" + primary + "/oncall";
        given().auth().oauth2(VIEWER).queryParam("at", "2026-06-08T04:58:00Z").get(oncall).then().statusCode(200)
                .body("user", equalTo(erin)).body("from", equalTo("2026-06-07T22:00:00Z"))
                .body("to", equalTo("2026-06-08T05:00:00Z"));
        given().auth().oauth2(VIEWER).queryParam("at", "2026-06-08T05:00:00Z").get(oncall).then().statusCode(200)
                .body("user", equalTo(bob)).body("to", equalTo("2026-06-08T05:30:00Z"));
        given().auth().oauth2(VIEWER).queryParam("at", "2026-06-08T06:00:00Z").get(oncall).then().statusCode(200)
                .body("user", equalTo(bob)).body("from", equalTo("2026-06-08T06:00:00Z"))
                .body("to", equalTo("2026-06-08T22:00:00Z"));

        ValidatableResponse sim = given().auth().oauth2(VIEWER).queryParam("at", "2026-06-08T04:58:00Z")
                .get("/api/v1/escalation-policies/" + policy + "/simulate").then().statusCode(200)
                .body("policy", equalTo(policy)).body("at", equalTo("2026-06-08T04:58:00Z"));
        List<Map<String, Object>> pages = sim.extract().jsonPath().getList("pages");
        List<String> rows = pages.stream().map(p -> p.get("minute") + " r" + p.get("repeat") + " L" + p.get("level")
                + " " + (p.get("user") != null ? p.get("user") : p.get("channel")) + " " + p.get("contact") + " "
                + p.get("to") + (p.get("note") == null ? "" : " (" + p.get("note") + ")")).toList();
        String nobody = " (nobody is on call on schedule " + later + " (next: " + zoe + " from 2026-07-01T00:00:00Z))";
        assertEquals(List.of(
                "0 r0 L1 " + erin + " email erin@example.com",
                "5 r0 L2 " + bob + " email bob@example.com",
                "5 r0 L2 " + dave + " email dave@example.com",
                "15 r0 L3 " + channel + " slack https://hooks.slack.com/***",
                "15 r0 L3 null null null" + nobody,
                "35 r1 L1 " + carol + " webhook https://pager.example/carol?***",
                "40 r1 L2 " + carol + " webhook https://pager.example/carol?***",
                "40 r1 L2 " + dave + " email dave@example.com",
                "50 r1 L3 " + channel + " slack https://hooks.slack.com/***",
                "50 r1 L3 null null null" + nobody), rows);
        sim.body("pages[1].at", equalTo("2026-06-08T05:03:00Z"))
                .body("pages[1].target.type", equalTo("schedule")).body("pages[1].target.name", equalTo(primary))
                .body("pages[2].target.type", equalTo("user"));
        assertTrue(!sim.extract().asString().contains(alice), "alice is not on call at any firing");

        given().auth().oauth2(VIEWER).queryParam("at", "soon").get("/api/v1/escalation-policies/" + policy + "/simulate")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("at"));
        given().auth().oauth2(VIEWER).get("/api/v1/escalation-policies/none-" + id + "/simulate")
                .then().statusCode(404).contentType(PROBLEM);
        // `at` defaults to now: every level of both walks fires (zoe is on call by then, alice maybe, with two contacts)
        given().auth().oauth2(VIEWER).get("/api/v1/escalation-policies/" + policy + "/simulate").then().statusCode(200)
                .body("pages.level", hasItem(3)).body("pages.repeat", hasItem(1)).body("pages.note", everyItem(nullValue()));
    }

    // ---- concurrent writers (as from two replicas): the database decides

    @Test
    void concurrentWritersOfOneUserCreateItOnceAndADeleteRacingAScheduleNeverLeavesADanglingMember() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            String name = "racer-" + NotificationFlowTest.shortId();
            List<Future<Integer>> puts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                puts.add(pool.submit(() -> given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                        .body(Map.of("email", "racer@example.com")).put("/api/v1/users/" + name).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : puts) {
                statuses.add(f.get());
            }
            created.add("/api/v1/users/" + name);
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(s -> s == 200).count(), statuses.toString());

            for (int round = 0; round < 6; round++) {
                String victim = user("victim");
                String schedule = "race-" + NotificationFlowTest.shortId();
                Future<Integer> del = pool.submit(() -> given().auth().oauth2(ADMIN)
                        .delete("/api/v1/users/" + victim).statusCode());
                Future<Integer> sched = pool.submit(() -> given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                        .body(Map.of("timeZone", "UTC", "layers", List.of(layer("users", List.of(victim),
                                "rotation", "daily", "handoffAt", "2026-01-01T00:00:00Z"))))
                        .put("/api/v1/schedules/" + schedule).statusCode());
                int deleted = del.get();
                int scheduled = sched.get();
                if (scheduled == 201) {
                    created.add(created.indexOf("/api/v1/users/" + victim) + 1, "/api/v1/schedules/" + schedule);
                }
                // exactly one wins: the user is deleted and the schedule refused, or the schedule names the user
                // and the delete is refused
                assertTrue((deleted == 204 && (scheduled == 400 || scheduled == 409))
                        || (scheduled == 201 && deleted == 409), "delete " + deleted + ", schedule " + scheduled);
                if (scheduled == 201) {
                    given().auth().oauth2(VIEWER).get("/api/v1/users/" + victim).then().statusCode(200);
                } else {
                    given().auth().oauth2(VIEWER).get("/api/v1/schedules/" + schedule).then().statusCode(404);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
