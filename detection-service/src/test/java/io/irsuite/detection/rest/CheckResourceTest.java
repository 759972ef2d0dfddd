package io.irsuite.detection.rest;

import io.irsuite.detection.repository.CheckRepository;
import io.irsuite.detection.service.CheckService;
import io.irsuite.platform.work.SafeContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Multi;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.irsuite.detection.Api.ADMIN;
import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.RESPONDER;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.uniqueService;
import static io.irsuite.detection.rest.HeartbeatResourceTest.DEADLINE;
import static io.irsuite.detection.rest.HeartbeatResourceTest.alert;
import static io.irsuite.detection.rest.HeartbeatResourceTest.awaitGrouped;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Synthetic checks through the HTTP API on the real database, with the real tick, probing local HTTP
 * servers: failing and recovering, redirects not followed, two replicas racing, auth and bad input.
 */
@QuarkusTest
class CheckResourceTest {

    @Inject
    CheckService checks;

    @Inject
    Vertx vertx;

    static ValidatableResponse put(String name, String body) {
        return given().auth().oauth2(ADMIN).contentType("application/json").body(body)
                .when().put("/api/v1/checks/" + name).then();
    }

    static ValidatableResponse get(String name) {
        return given().auth().oauth2(VIEWER).when().get("/api/v1/checks/" + name).then();
    }

    static void delete(String name) {
        given().auth().oauth2(ADMIN).when().delete("/api/v1/checks/" + name).then().statusCode(204);
    }

    static List<Map<String, Object>> results(String name) {
        return get(name).statusCode(200).extract().path("results");
    }

    @Test
    void putAppliesDefaultsAndReplacesAndDeleteRemoves() {
        String name = uniqueService("chk-crud");
        // nothing listens there: its probes fail quietly (default failuresBeforeAlert 2, interval 60 s)
        put(name, "{\"service\":\"web\",\"url\":\"http://127.0.0.1:9/health\"}")
                .statusCode(201).header("Location", containsString("/api/v1/checks/" + name))
                .body("service", equalTo("web")).body("method", equalTo("GET")).body("expectedStatus", equalTo(200))
                .body("intervalSeconds", equalTo(60)).body("timeoutSeconds", equalTo(10))
                .body("failuresBeforeAlert", equalTo(2)).body("severity", equalTo("SEV2"))
                .body("state", equalTo("new")).body("alerting", equalTo(false))
                .body("fingerprint", equalTo("check:" + name)).body("results", nullValue());
        put(name, """
                {"service":"web","url":"http://127.0.0.1:9/","method":"head","expectedStatus":204,
                 "intervalSeconds":30,"timeoutSeconds":5,"failuresBeforeAlert":3,"severity":"warning"}""")
                .statusCode(200).body("method", equalTo("HEAD")).body("expectedStatus", equalTo(204))
                .body("intervalSeconds", equalTo(30)).body("timeoutSeconds", equalTo(5))
                .body("failuresBeforeAlert", equalTo(3)).body("severity", equalTo("SEV3"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/checks").then().statusCode(200)
                .body("name", hasItem(name));
        await().atMost(DEADLINE).until(() -> !results(name).isEmpty());
        Map<String, Object> first = results(name).get(0);
        assertThat(first.get("passed"), equalTo(false));
        assertThat(first.get("status"), nullValue());
        assertThat((String) first.get("error"), containsString("connection"));
        delete(name);
        get(name).statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).when().delete("/api/v1/checks/" + name).then().statusCode(404);
    }

    @Test
    void onlyAdminsSetProbesViewersRead() {
        String name = uniqueService("chk-auth");
        String body = "{\"service\":\"s\",\"url\":\"http://127.0.0.1:9/\",\"intervalSeconds\":3600}";
        given().contentType("application/json").body(body).when().put("/api/v1/checks/" + name)
                .then().statusCode(401).contentType("application/problem+json");
        for (String token : List.of(INGEST, VIEWER, RESPONDER)) {
            given().auth().oauth2(token).contentType("application/json").body(body)
                    .when().put("/api/v1/checks/" + name).then().statusCode(403);
        }
        put(name, body).statusCode(201);
        get(name).statusCode(200);
        given().auth().oauth2(INGEST).when().get("/api/v1/checks/" + name).then().statusCode(403);
        given().when().get("/api/v1/checks/" + name).then().statusCode(401);
        given().auth().oauth2(RESPONDER).when().delete("/api/v1/checks/" + name).then().statusCode(403);
        delete(name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL in url           | {\"service\":\"s\",\"url\":\"http://a/\\u0000\"}                         | url",
            "no url               | {\"service\":\"s\"}                                                    | url",
            "relative url         | {\"service\":\"s\",\"url\":\"/health\"}                                | url",
            "file url             | {\"service\":\"s\",\"url\":\"file:///etc/passwd\"}                     | url",
            "credentials in url   | {\"service\":\"s\",\"url\":\"https://user:pw@a.example/\"}             | url",
            "no service           | {\"url\":\"http://a/\"}                                                | service",
            "POST                 | {\"service\":\"s\",\"url\":\"http://a/\",\"method\":\"POST\"}          | method",
            "unknown method       | {\"service\":\"s\",\"url\":\"http://a/\",\"method\":\"BREW\"}          | method",
            "status 700           | {\"service\":\"s\",\"url\":\"http://a/\",\"expectedStatus\":700}       | expectedStatus",
            "negative interval    | {\"service\":\"s\",\"url\":\"http://a/\",\"intervalSeconds\":-10}      | intervalSeconds",
            "interval as text     | {\"service\":\"s\",\"url\":\"http://a/\",\"intervalSeconds\":\"1m\"}   | intervalSeconds",
            "timeout >= interval  | {\"service\":\"s\",\"url\":\"http://a/\",\"intervalSeconds\":5,\"timeoutSeconds\":5} | timeoutSeconds",
            "negative timeout     | {\"service\":\"s\",\"url\":\"http://a/\",\"timeoutSeconds\":-1}        | timeoutSeconds",
            "zero failures        | {\"service\":\"s\",\"url\":\"http://a/\",\"failuresBeforeAlert\":0}    | failuresBeforeAlert",
    })
    void badInputIsA400NamingTheField(String ignored, String body, String field) {
        String name = uniqueService("chk-bad");
        put(name, body).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
        get(name).statusCode(404);
    }

    @Test
    void aFailingProbeOpensAnIncidentAfterEnoughFailuresAndRecoveryResolvesIt() {
        try (ProbeTarget target = ProbeTarget.loopback().respond(500)) {
            String name = uniqueService("chk-fail");
            String service = uniqueService("shop");
            put(name, """
                    {"service":"%s","url":"%s","method":"GET","expectedStatus":200,"intervalSeconds":2,
                     "timeoutSeconds":1,"failuresBeforeAlert":2}""".formatted(service, target.url("/health?token=t0p")))
                    .statusCode(201);

            Map<String, Object> alert = awaitGrouped("check:" + name);
            assertThat(alert.get("name"), equalTo("SyntheticCheckFailed"));
            assertThat(alert.get("source"), equalTo("synthetic"));
            assertThat(alert.get("service"), equalTo(service));
            assertThat(alert.get("severity"), equalTo("SEV2"));
            assertThat(alert.get("summary"), equalTo("synthetic check " + name + " failing: got status 500, expected 200"));
            assertThat((String) alert.get("description"), allOf(
                    containsString("GET " + target.url("/health") + " failed 2 times in a row"),
                    not(containsString("t0p")), not(containsString("never reads"))));
            assertThat(target.requests(), greaterThanOrEqualTo(2));
            String incident = (String) alert.get("incidentId");
            getIncident(incident).statusCode(200).body("title", equalTo("SyntheticCheckFailed on " + service))
                    .body("status", equalTo("OPEN"));
            get(name).statusCode(200).body("state", equalTo("failing")).body("alerting", equalTo(true))
                    .body("consecutiveFailures", greaterThanOrEqualTo(2)).body("failingSince", notNullValue())
                    .body("results[0].passed", equalTo(false)).body("results[0].status", equalTo(500))
                    .body("results[0].error", equalTo("got status 500, expected 200"))
                    .body("results[1].status", equalTo(500));

            target.respond(200);
            await().atMost(DEADLINE).until(() -> "resolved".equals(alert("check:" + name).get("status")));
            get(name).statusCode(200).body("state", equalTo("passing")).body("alerting", equalTo(false))
                    .body("consecutiveFailures", equalTo(0)).body("failingSince", nullValue())
                    .body("results[0].passed", equalTo(true)).body("results[0].status", equalTo(200))
                    .body("results[0].error", nullValue());
            await().atMost(DEADLINE).until(() -> "RESOLVED".equals(getIncident(incident).extract().path("status")));
            delete(name);
        }
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() {
        try (ProbeTarget elsewhere = ProbeTarget.anyAddress().respond(200);
             ProbeTarget target = ProbeTarget.loopback()
                     .redirect(302, "http://localhost:" + elsewhere.port() + "/landing")) {
            String name = uniqueService("chk-redirect");
            put(name, """
                    {"service":"%s","url":"%s","intervalSeconds":60,"timeoutSeconds":2,"failuresBeforeAlert":1}"""
                    .formatted(uniqueService("redir"), target.url("/")))
                    .statusCode(201);
            awaitGrouped("check:" + name);
            get(name).statusCode(200).body("results[0].passed", equalTo(false))
                    .body("results[0].status", equalTo(302))
                    .body("results[0].error", equalTo("got status 302 (redirects are not followed), expected 200"));
            assertThat(target.requests(), equalTo(1));
            assertThat("the other host was never asked", elsewhere.requests(), equalTo(0));
            delete(name);
        }
    }

    @Test
    void twoReplicasRacingProbeOncePerDueTick() throws Exception {
        try (ProbeTarget target = ProbeTarget.loopback().respond(200)) {
            String name = uniqueService("chk-race");
            long created = System.nanoTime();
            put(name, """
                    {"service":"%s","url":"%s","intervalSeconds":2,"timeoutSeconds":1,"failuresBeforeAlert":1}"""
                    .formatted(uniqueService("race"), target.url("/")))
                    .statusCode(201);

            // two callers play two replicas' ticks as fast as they can (the real tick is a third)
            List<String> claimed = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            List<CompletableFuture<Void>> racers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                racers.add(CompletableFuture.runAsync(() -> {
                    while (System.nanoTime() < until) {
                        SafeContext.run(vertx, () -> checks.claimDue().chain(claims -> {
                                    claims.forEach(c -> claimed.add(c.check().name()));
                                    return Multi.createFrom().iterable(claims)
                                            .onItem().transformToUniAndMerge(checks::probeAndRecord)
                                            .collect().asList();
                                }))
                                .await().atMost(Duration.ofSeconds(10));
                    }
                }, pool));
            }
            CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            pool.shutdown();

            // every probe was recorded once, and no two probes of one due time happened
            await().atMost(DEADLINE).until(() -> results(name).size() == target.requests());
            List<Map<String, Object>> results = results(name);
            int probes = target.requests();
            long elapsed = Duration.ofNanos(System.nanoTime() - created).toMillis();
            assertThat("one probe per 2 s interval in " + elapsed + " ms", probes,
                    allOf(greaterThanOrEqualTo(2), lessThanOrEqualTo((int) (elapsed / 2000) + 1)));
            List<Instant> at = results.stream().map(r -> Instant.parse((String) r.get("at"))).sorted().toList();
            for (int i = 1; i < at.size(); i++) {
                assertThat("probes " + at, Duration.between(at.get(i - 1), at.get(i)).toMillis(),
                        greaterThanOrEqualTo(2000L));
            }
            assertThat(claimed.stream().filter(name::equals).count(), lessThanOrEqualTo((long) probes));
            delete(name);
        }
    }
}
