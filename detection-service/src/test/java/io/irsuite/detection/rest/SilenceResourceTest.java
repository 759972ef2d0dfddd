package io.irsuite.detection.rest;

import io.irsuite.detection.Api;
import io.irsuite.detection.service.Silences;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.irsuite.detection.Api.RESPONDER;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.incidentOf;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Silences over HTTP against the real database: what they mute, when they end, what a preview shows. */
@QuarkusTest
class SilenceResourceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    Silences silences;

    @Test
    void aSilencedAlertOpensNothingUntilTheSilenceIsExpiredWhileItStillFires() {
        String service = uniqueService("checkout");
        String id = createSilence(service, Instant.now().plusSeconds(3600)).statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/silences/"))
                .body("state", equalTo("active")).body("createdBy", equalTo("alice"))
                .body("matchers[0].name", equalTo("service")).body("matchers[1].isRegex", equalTo(true))
                .extract().path("id");
        given().auth().oauth2(VIEWER).when().get("/api/v1/silences?state=active").then().statusCode(200)
                .body("id", hasItem(id));

        String fingerprint = postAlerts(alert(service, "HighErrorRate", "critical", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("silenced")).body("alerts[0].incidentId", nullValue())
                .extract().path("alerts[0].fingerprint");
        postAlerts(alert(service, "HighErrorRate", "critical", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("silenced"));
        // an alert the silence does not match is grouped as usual; by then the muted one would have been too
        String other = postAlerts(alert(service, "DiskFull", "warning", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("new")).extract().path("alerts[0].fingerprint");
        String otherIncident = incidentOf(other);
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fingerprint).then().statusCode(200)
                .body("silenced", equalTo(true)).body("silencedBy", equalTo(id)).body("incidentId", nullValue());
        // repeats are counted within a second of their 202
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fingerprint)
                .then().extract().<Integer>path("receiveCount") == 2);
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents?service=" + service).then().statusCode(200)
                .body("id", equalTo(List.of(otherIncident))).body("[0].alertCount", equalTo(1));

        given().auth().oauth2(RESPONDER).when().delete("/api/v1/silences/" + id).then().statusCode(200)
                .body("state", equalTo("expired"));
        // still firing: evaluated again, it joins the open incident of its service like a new alert
        await().atMost(DEADLINE).until(() -> incidentOf(fingerprint) != null);
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fingerprint).then().statusCode(200)
                .body("silenced", equalTo(false)).body("silencedBy", equalTo(id))
                .body("incidentId", equalTo(otherIncident));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + otherIncident + "/alerts").then()
                .statusCode(200).body("name", containsInAnyOrder("DiskFull", "HighErrorRate"));
        // expiring again changes nothing
        given().auth().oauth2(RESPONDER).when().delete("/api/v1/silences/" + id).then().statusCode(200)
                .body("state", equalTo("expired"));
    }

    @Test
    void aSilenceEndingByTheClockHandsItsStillFiringAlertsToGrouping() {
        String service = uniqueService("search");
        createSilence(service, Instant.now().plusSeconds(2)).statusCode(201);
        String fingerprint = postAlerts(alert(service, "HighErrorRate", "high", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("silenced")).extract().path("alerts[0].fingerprint");
        // a muted alert that resolved stays out of every incident
        String resolved = postAlerts(alert(service, "HighLatency", "high", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("silenced")).extract().path("alerts[0].fingerprint");
        postAlerts(alert(service, "HighLatency", "high", "resolved")).statusCode(202);

        String incident = incidentOf(fingerprint);
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incident + "/alerts").then()
                .statusCode(200).body("name", equalTo(List.of("HighErrorRate")));
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + resolved).then().statusCode(200)
                .body("silenced", equalTo(true)).body("status", equalTo("resolved")).body("incidentId", nullValue());
    }

    @Test
    void aPendingSilenceMutesNothingYetAndSeverityMatchersSpeakEveryVocabulary() {
        String service = uniqueService("profile");
        given().auth().oauth2(RESPONDER).contentType("application/json").body("""
                        {"matchers":[{"name":"service","value":"%s"}],"startsAt":"%s","endsAt":"%s",
                         "createdBy":"bob","comment":"tomorrow's maintenance"}"""
                        .formatted(service, Instant.now().plusSeconds(3600), Instant.now().plusSeconds(7200)))
                .when().post("/api/v1/silences").then().statusCode(201).body("state", equalTo("pending"));
        postAlerts(alert(service, "HighErrorRate", "high", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("new"));

        String other = uniqueService("payments");
        given().auth().oauth2(RESPONDER).contentType("application/json").body("""
                        {"matchers":[{"name":"service","value":"%s"},{"name":"severity","value":"critical"}],
                         "endsAt":"%s","createdBy":"bob","comment":"known, being fixed"}"""
                        .formatted(other, Instant.now().plusSeconds(3600)))
                .when().post("/api/v1/silences").then().statusCode(201)
                .body("matchers[1].value", equalTo("SEV1")).body("matchers[1].isEqual", equalTo(true));
        postAlerts(alert(other, "HighErrorRate", "P0", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("silenced"));
        postAlerts(alert(other, "HighLatency", "warning", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("new"));
    }

    @Test
    void aPreviewTellsWhatTheSilenceWouldHaveMutedPerService() {
        String a = uniqueService("preview-a");
        String b = uniqueService("preview-b");
        incidentOf(postAlerts(alert(a, "HighErrorRate", "high", "firing")).statusCode(202)
                .extract().path("alerts[0].fingerprint"));
        postAlerts(alert(a, "HighLatency", "high", "firing")).statusCode(202);
        postAlerts(alert(b, "HighErrorRate", "high", "firing")).statusCode(202);
        postAlerts(alert(b, "HighErrorRate", "high", "resolved")).statusCode(202);

        given().auth().oauth2(VIEWER).contentType("application/json").body("""
                        {"matchers":[{"name":"service","value":"%s|%s","isRegex":true},
                                     {"name":"alertname","value":"HighErrorRate"}],
                         "endsAt":"%s","createdBy":"carol","comment":"would this be too wide?"}"""
                        .formatted(a, b, Instant.now().plusSeconds(3600)))
                .when().post("/api/v1/silences/preview?days=1").then().statusCode(200)
                .body("days", equalTo(1)).body("alerts", equalTo(2)).body("truncated", equalTo(false))
                .body("services", hasSize(2))
                .body("services.find { it.service == '%s' }.firing".formatted(a), equalTo(1))
                .body("services.find { it.service == '%s' }.firing".formatted(b), equalTo(0))
                .body("services.find { it.service == '%s' }.alertnames".formatted(a), equalTo(List.of("HighErrorRate")));
        // nothing was created
        given().auth().oauth2(VIEWER).when().get("/api/v1/silences?state=active&limit=500").then().statusCode(200)
                .body("findAll { it.createdBy == 'carol' }", hasSize(0));
    }

    @Test
    void replicasEvaluatingTheSameEndedSilenceUnmuteEachAlertOnce() throws Exception {
        String service = uniqueService("replicas");
        String id = createSilence(service, Instant.now().plusSeconds(3600)).statusCode(201).extract().path("id");
        for (int i = 0; i < 20; i++) {
            postAlerts(alert(service, "HighErrorRate" + i, "high", "firing")).statusCode(202)
                    .body("alerts[0].outcome", equalTo("silenced"));
        }
        // expire behind the service's back, so that only the two concurrent evaluations below see it
        given().auth().oauth2(RESPONDER).when().delete("/api/v1/silences/" + id).then().statusCode(200);
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(VIEWER)
                .when().get("/api/v1/incidents?service=" + service).then().extract().path("[0].alertCount") != null);
        int first = CompletableFuture.supplyAsync(() -> silences.reevaluate().await().atMost(DEADLINE))
                .thenCombine(CompletableFuture.supplyAsync(() -> silences.reevaluate().await().atMost(DEADLINE)), Integer::sum)
                .get();
        assertThat(first, equalTo(0));
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(VIEWER)
                .when().get("/api/v1/incidents?service=" + service).then().extract().<Integer>path("[0].alertCount") == 20);
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents?service=" + service).then()
                .body("", hasSize(1));
    }

    @Test
    void badSilencesAreProblemsNamingTheField() {
        problem(RESPONDER, "{\"matchers\":[],\"createdBy\":\"a\",\"comment\":\"b\",\"endsAt\":\"2999-01-01T00:00:00Z\"}",
                "matchers");
        problem(RESPONDER, "{\"matchers\":[{\"name\":\"team\",\"value\":\"\"}],\"createdBy\":\"a\",\"comment\":\"b\","
                + "\"endsAt\":\"2999-01-01T00:00:00Z\"}", "matchers");
        problem(RESPONDER, "{\"matchers\":[{\"name\":\"service\",\"value\":\"(\",\"isRegex\":true}],\"createdBy\":\"a\","
                + "\"comment\":\"b\",\"endsAt\":\"2999-01-01T00:00:00Z\"}", "matchers[0].value");
        problem(RESPONDER, "{\"matchers\":[{\"name\":\"service\",\"value\":\"x\"}],\"endsAt\":\"2999-01-01T00:00:00Z\"}",
                "createdBy");
        problem(RESPONDER, "{\"matchers\":[{\"name\":\"service\",\"value\":\"x\"}],\"createdBy\":\"a\",\"comment\":\"b\","
                + "\"endsAt\":\"2000-01-01T00:00:00Z\"}", "endsAt");
        problem(RESPONDER, "{\"matchers\":[{\"name\":\"service\",\"value\":\"x\"}],\"createdBy\":\"a\",\"comment\":\"b\\u0000\","
                + "\"endsAt\":\"2999-01-01T00:00:00Z\"}", "comment");
        problem(RESPONDER, "{\"matchers\":[{\"name\":\"service\",\"value\":\"x\"}],\"createdBy\":\"a\",\"comment\":\"b\","
                + "\"endsAt\":\"tomorrow\"}", "endsAt");
        given().auth().oauth2(VIEWER).when().get("/api/v1/silences?state=bogus").then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/silences/not-a-uuid").then().statusCode(400)
                .body("errors[0].field", equalTo("id"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/silences/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(VIEWER).contentType("application/json").body("{\"matchers\":[{\"name\":\"service\",\"value\":\"x\"}],"
                        + "\"createdBy\":\"a\",\"comment\":\"b\",\"endsAt\":\"2999-01-01T00:00:00Z\"}")
                .when().post("/api/v1/silences/preview?days=0").then().statusCode(400)
                .body("errors[0].field", equalTo("days"));
    }

    @Test
    void silencesNeedARoleThatMayMuteAlerts() {
        String body = "{\"matchers\":[{\"name\":\"service\",\"value\":\"x\"}],\"createdBy\":\"a\",\"comment\":\"b\","
                + "\"endsAt\":\"2999-01-01T00:00:00Z\"}";
        given().contentType("application/json").body(body).when().post("/api/v1/silences").then().statusCode(401);
        given().auth().oauth2(VIEWER).contentType("application/json").body(body).when().post("/api/v1/silences")
                .then().statusCode(403);
        given().auth().oauth2(Api.INGEST).when().get("/api/v1/silences").then().statusCode(403);
        given().auth().oauth2(VIEWER).when().delete("/api/v1/silences/" + java.util.UUID.randomUUID()).then().statusCode(403);
    }

    private static io.restassured.response.ValidatableResponse createSilence(String service, Instant endsAt) {
        return given().auth().oauth2(RESPONDER).contentType("application/json").body("""
                        {"matchers":[{"name":"service","value":"%s"},{"name":"alertname","value":"High.*","isRegex":true}],
                         "endsAt":"%s","createdBy":"alice","comment":"deploy window"}""".formatted(service, endsAt))
                .when().post("/api/v1/silences").then();
    }

    private static void problem(String token, String body, String field) {
        given().auth().oauth2(token).contentType("application/json").body(body).when().post("/api/v1/silences")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field)).body("detail", notNullValue());
    }
}
