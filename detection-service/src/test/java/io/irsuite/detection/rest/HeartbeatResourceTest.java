package io.irsuite.detection.rest;

import io.irsuite.detection.domain.Heartbeat;
import io.irsuite.detection.domain.HeartbeatRules;
import io.irsuite.detection.domain.Severity;
import io.irsuite.detection.repository.RaisedAlertRepository;
import io.irsuite.detection.service.HeartbeatService;
import io.irsuite.detection.service.RaisedAlerts;
import io.irsuite.platform.work.SafeContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.irsuite.detection.Api.ADMIN;
import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.RESPONDER;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.minutesAgo;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Heartbeats through the HTTP API on the real database, with the real tick: definitions, pings, a missed
 * heartbeat opening an incident and its ping resolving it, the Alertmanager Watchdog, two replicas racing.
 */
@QuarkusTest
class HeartbeatResourceTest {

    static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    HeartbeatService heartbeats;

    @Inject
    RaisedAlerts raised;

    @Inject
    RaisedAlertRepository raisedAlerts;

    @Inject
    Vertx vertx;

    static ValidatableResponse put(String name, String body) {
        return given().auth().oauth2(ADMIN).contentType("application/json").body(body)
                .when().put("/api/v1/heartbeats/" + name).then();
    }

    static ValidatableResponse ping(String name) {
        return given().auth().oauth2(INGEST).when().post("/api/v1/heartbeats/" + name + "/ping").then();
    }

    static ValidatableResponse get(String name) {
        return given().auth().oauth2(VIEWER).when().get("/api/v1/heartbeats/" + name).then();
    }

    static void delete(String name) {
        given().auth().oauth2(ADMIN).when().delete("/api/v1/heartbeats/" + name).then().statusCode(204);
    }

    /** The current alert of {@code fingerprint}, or null while there is none. */
    static Map<String, Object> alert(String fingerprint) {
        var response = given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fingerprint).then();
        int status = response.extract().statusCode();
        return status == 404 ? null : response.statusCode(200).extract().path("");
    }

    /** Waits for the alert of {@code fingerprint} to be grouped into an incident; returns it. */
    static Map<String, Object> awaitGrouped(String fingerprint) {
        return await().atMost(DEADLINE).until(() -> alert(fingerprint), a -> a != null && a.get("incidentId") != null);
    }

    @Test
    void putCreatesThenReplacesAndDeleteRemoves() {
        String name = uniqueService("hb-crud");
        String service = uniqueService("cron");
        put(name, "{\"service\":\"%s\",\"intervalSeconds\":3600,\"graceSeconds\":60}".formatted(service))
                .statusCode(201).header("Location", containsString("/api/v1/heartbeats/" + name))
                .body("name", equalTo(name)).body("service", equalTo(service))
                .body("intervalSeconds", equalTo(3600)).body("graceSeconds", equalTo(60))
                .body("severity", equalTo("SEV3")).body("state", equalTo("new"))
                .body("lastPingAt", nullValue()).body("deadline", notNullValue())
                .body("fingerprint", equalTo("heartbeat:" + name));
        put(name, "{\"service\":\"%s\",\"intervalSeconds\":7200,\"severity\":\"high\"}".formatted(service))
                .statusCode(200).body("intervalSeconds", equalTo(7200)).body("graceSeconds", equalTo(0))
                .body("severity", equalTo("SEV2"));
        get(name).statusCode(200).body("intervalSeconds", equalTo(7200));
        given().auth().oauth2(VIEWER).when().get("/api/v1/heartbeats").then().statusCode(200)
                .body("name", hasItem(name));

        ping(name).statusCode(200).body("state", equalTo("ok")).body("pingCount", equalTo(1))
                .body("lastPingAt", notNullValue());

        delete(name);
        get(name).statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("heartbeat " + name + " does not exist"));
        ping(name).statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).when().delete("/api/v1/heartbeats/" + name).then().statusCode(404);
    }

    @Test
    void onlyAdminsDefineIngestPingsViewersRead() {
        String name = uniqueService("hb-auth");
        String body = "{\"service\":\"s\",\"intervalSeconds\":3600}";
        given().contentType("application/json").body(body).when().put("/api/v1/heartbeats/" + name)
                .then().statusCode(401).contentType("application/problem+json");
        for (String token : List.of(INGEST, VIEWER, RESPONDER)) {
            given().auth().oauth2(token).contentType("application/json").body(body)
                    .when().put("/api/v1/heartbeats/" + name).then().statusCode(403);
        }
        put(name, body).statusCode(201);
        given().when().post("/api/v1/heartbeats/" + name + "/ping").then().statusCode(401);
        given().auth().oauth2("wrong-token").when().post("/api/v1/heartbeats/" + name + "/ping").then().statusCode(401);
        given().auth().oauth2(VIEWER).when().post("/api/v1/heartbeats/" + name + "/ping").then().statusCode(403);
        ping(name).statusCode(200);
        given().auth().oauth2(INGEST).when().get("/api/v1/heartbeats/" + name).then().statusCode(403);
        given().when().get("/api/v1/heartbeats").then().statusCode(401);
        given().auth().oauth2(VIEWER).when().delete("/api/v1/heartbeats/" + name).then().statusCode(403);
        delete(name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL in service       | {\"service\":\"a\\u0000b\",\"intervalSeconds\":60}          | service",
            "no service           | {\"intervalSeconds\":60}                                  | service",
            "no interval          | {\"service\":\"s\"}                                       | intervalSeconds",
            "negative interval    | {\"service\":\"s\",\"intervalSeconds\":-1}                | intervalSeconds",
            "interval over 7 days | {\"service\":\"s\",\"intervalSeconds\":604801}            | intervalSeconds",
            "interval as text     | {\"service\":\"s\",\"intervalSeconds\":\"often\"}         | intervalSeconds",
            "negative grace       | {\"service\":\"s\",\"intervalSeconds\":60,\"graceSeconds\":-5} | graceSeconds",
            "unknown severity     | {\"service\":\"s\",\"intervalSeconds\":60,\"severity\":\"doom\"} | severity",
            "not an object        | [1]                                                       | body",
    })
    void badInputIsA400NamingTheField(String ignored, String body, String field) {
        String name = uniqueService("hb-bad");
        put(name, body).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
        get(name).statusCode(404);
    }

    @Test
    void aBadNameIsA400() {
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"service\":\"s\",\"intervalSeconds\":60}")
                .when().put("/api/v1/heartbeats/has space").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"service\":\"s\",\"intervalSeconds\":60}")
                .when().put("/api/v1/heartbeats/" + "x".repeat(101)).then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        given().auth().oauth2(ADMIN).contentType("application/json").when().put("/api/v1/heartbeats/no-body")
                .then().statusCode(400).contentType("application/problem+json");
        given().urlEncodingEnabled(false).auth().oauth2(INGEST).when().post("/api/v1/heartbeats/a%00b/ping").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aMissedHeartbeatOpensAnIncidentAndThePingResolvesIt() {
        String name = uniqueService("hb-miss");
        String service = uniqueService("batch");
        put(name, "{\"service\":\"%s\",\"intervalSeconds\":1,\"graceSeconds\":1}".formatted(service)).statusCode(201);

        Map<String, Object> alert = awaitGrouped("heartbeat:" + name);
        assertThat(alert.get("name"), equalTo("HeartbeatMissed"));
        assertThat(alert.get("source"), equalTo("heartbeat"));
        assertThat(alert.get("service"), equalTo(service));
        assertThat(alert.get("status"), equalTo("firing"));
        assertThat(alert.get("severity"), equalTo("SEV3"));
        assertThat((String) alert.get("summary"), startsWith("no ping from " + name + " for "));
        assertThat(alert.get("labels"), equalTo(Map.of("heartbeat", name)));
        String incident = (String) alert.get("incidentId");
        getIncident(incident).statusCode(200).body("title", equalTo("HeartbeatMissed on " + service))
                .body("status", equalTo("OPEN"));
        get(name).statusCode(200).body("state", equalTo("missed")).body("missedAt", notNullValue());

        // a longer interval keeps it missed until the ping, and keeps the ping from missing again in this test
        put(name, "{\"service\":\"%s\",\"intervalSeconds\":3600}".formatted(service)).statusCode(200)
                .body("state", equalTo("missed"));
        ping(name).statusCode(200).body("state", equalTo("ok")).body("missedAt", nullValue());
        await().atMost(DEADLINE).until(() -> "resolved".equals(alert("heartbeat:" + name).get("status")));
        // resolved once its only alert stayed resolved for the (test) stabilisation window
        await().atMost(DEADLINE).until(() -> "RESOLVED".equals(getIncident(incident).extract().path("status")));
        delete(name);
    }

    @Test
    void deletingAMissedHeartbeatResolvesItsAlert() {
        String name = uniqueService("hb-del");
        put(name, "{\"service\":\"%s\",\"intervalSeconds\":1}".formatted(uniqueService("job"))).statusCode(201);
        awaitGrouped("heartbeat:" + name);
        delete(name);
        await().atMost(DEADLINE).until(() -> "resolved".equals(alert("heartbeat:" + name).get("status")));
    }

    @Test
    void twoReplicasRacingOnADueHeartbeatRaiseOneAlert() throws Exception {
        String name = uniqueService("hb-race");
        String service = uniqueService("race");
        String fingerprint = "heartbeat:" + name;
        put(name, "{\"service\":\"%s\",\"intervalSeconds\":1}".formatted(service)).statusCode(201);

        // two callers play two replicas' ticks as fast as they can (the real tick is a third)
        List<String> marked = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        List<CompletableFuture<Void>> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < until && !Objects.equals(alertStatus(fingerprint), "firing")) {
                    marked.addAll(SafeContext.run(vertx, () -> heartbeats.detectMissed()
                                    .call(() -> raised.deliverPending()))
                            .await().atMost(Duration.ofSeconds(10)));
                }
            }, pool));
        }
        CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat("the miss was taken at most once by the racers",
                marked.stream().filter(name::equals).count(), lessThanOrEqualTo(1L));
        Map<String, Object> alert = awaitGrouped(fingerprint);
        // a second raise would be a duplicate of the same fingerprint: receiveCount 2
        await().during(Duration.ofSeconds(2)).atMost(DEADLINE)
                .until(() -> ((Number) alert(fingerprint).get("receiveCount")).intValue() == 1);
        getIncident((String) alert.get("incidentId")).statusCode(200).body("alertCount", equalTo(1));
        given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                .then().statusCode(200).body("size()", equalTo(1));
        delete(name);
    }

    private static String alertStatus(String fingerprint) {
        Map<String, Object> a = alert(fingerprint);
        return a == null ? null : (String) a.get("status");
    }

    @Test
    void aRaisedAlertNotDeliveredBeforeACrashIsDeliveredByALaterTick() {
        String name = uniqueService("hb-crash");
        String fingerprint = "heartbeat:" + name;
        Instant now = Instant.now();
        Heartbeat h = new Heartbeat(name, uniqueService("crashy"), 60, 0, Severity.SEV3, Heartbeat.State.MISSED, null,
                0, now, now, now.minusSeconds(61), now.minusSeconds(61));
        // the miss committed; then a replica took the alert to deliver it and died before it did
        List<RaisedAlertRepository.Claimed> taken = SafeContext.run(vertx, () -> raisedAlerts
                        .raise(raisedAlerts.pool(), HeartbeatRules.missed(h, now))
                        .chain(() -> raisedAlerts.claimPending(10, Duration.ofSeconds(2), fingerprint)))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(taken.size(), lessThanOrEqualTo(1));
        // its claim runs out and a tick delivers it
        Map<String, Object> alert = awaitGrouped(fingerprint);
        assertThat(alert.get("status"), equalTo("firing"));
        assertThat(((Number) alert.get("receiveCount")).intValue(), equalTo(1));

        SafeContext.run(vertx, () -> raisedAlerts.resolve(raisedAlerts.pool(), fingerprint))
                .await().atMost(Duration.ofSeconds(10));
        await().atMost(DEADLINE).until(() -> "resolved".equals(alert(fingerprint).get("status")));
    }

    @Test
    void alertmanagersWatchdogPingsItsHeartbeatInsteadOfBeingStored() {
        String name = uniqueService("wd");
        String service = uniqueService("am-svc");
        put(name, "{\"service\":\"monitoring\",\"intervalSeconds\":3600}").statusCode(201);
        String body = """
                {"version":"4","status":"firing","receiver":"ir","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://am:9093","groupKey":"k",
                 "alerts":[
                  {"status":"firing","labels":{"alertname":"Watchdog","severity":"none","heartbeat":"%s"},
                   "annotations":{},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","fingerprint":"wd00000000000001"},
                  {"status":"firing","labels":{"alertname":"DiskFull","service":"%s"},
                   "annotations":{},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z"}]}"""
                .formatted(name, minutesAgo(1), service, minutesAgo(1));
        given().auth().oauth2(INGEST).contentType("application/json").body(body)
                .when().post("/api/v1/alerts/alertmanager").then().statusCode(202)
                .body("alerts.outcome", equalTo(List.of("heartbeat", "new")))
                .body("alerts[0].fingerprint", equalTo("wd00000000000001"))
                .body("alerts[0].incidentId", nullValue());
        get(name).statusCode(200).body("state", equalTo("ok")).body("pingCount", equalTo(1));
        assertThat(alert("wd00000000000001"), nullValue());

        // all or nothing: a webhook refused for its other alert pings nothing, and names that alert's position
        String bad = body.replace("\"service\":\"" + service + "\"", "\"team\":\"x\"");
        given().auth().oauth2(INGEST).contentType("application/json").body(bad)
                .when().post("/api/v1/alerts/alertmanager").then().statusCode(400)
                .body("errors[0].field", equalTo("alerts[1].labels.service"));
        get(name).statusCode(200).body("pingCount", equalTo(1));
        delete(name);

        // without its heartbeat a Watchdog is an ordinary alert, as before
        String orphan = body.replace("\"heartbeat\":\"" + name + "\"", "\"job\":\"" + service + "\"")
                .replace("wd00000000000001", "wd00000000000002");
        given().auth().oauth2(INGEST).contentType("application/json").body(orphan)
                .when().post("/api/v1/alerts/alertmanager").then().statusCode(202)
                .body("alerts[0].outcome", equalTo("new"));
    }
}
