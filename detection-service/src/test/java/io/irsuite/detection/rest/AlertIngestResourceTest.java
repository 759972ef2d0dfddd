package io.irsuite.detection.rest;

import static io.irsuite.detection.Api.incidentOf;
import io.irsuite.detection.Api;
import io.irsuite.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.minutesAgo;
import static io.irsuite.detection.Api.openIncident;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Ingest over HTTP against the real database. Declares the local stack once for the whole module. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "detection"))
class AlertIngestResourceTest {

    @Test
    void singleAlertOpensAnIncident() {
        String service = uniqueService("checkout");
        String startsAt = minutesAgo(3);
        String incidentId = postAlerts("""
                {"source":"prometheus","service":"%s","name":"HighErrorRate","severity":"critical",
                 "summary":"5xx above 5%%","labels":{"region":"eu-west-1"},"startsAt":"%s",
                 "metrics":{"errorRate":0.12,"latencyP95Ms":1800,"customKey":"kept"}}""".formatted(service, startsAt))
                .statusCode(202)
                .body("alerts", hasSize(1))
                .body("alerts[0].outcome", equalTo("new"))
                .body("alerts[0].fingerprint", matchesPattern("[0-9a-f]{16}"))
                                .extract().path("alerts[0].fingerprint");
        incidentId = incidentOf(incidentId);

        getIncident(incidentId).statusCode(200)
                .body("id", equalTo(incidentId))
                .body("title", equalTo("HighErrorRate on " + service))
                .body("status", equalTo("OPEN"))
                .body("severity", equalTo("SEV1"))
                .body("services", equalTo(List.of(service)))
                .body("alertCount", equalTo(1))
                .body("startedAt", equalTo(startsAt))
                .body("detectedAt", notNullValue())
                .body("acknowledgedAt", nullValue())
                .body("resolvedAt", nullValue());

        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incidentId + "/alerts")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].severity", equalTo("SEV1"))
                .body("[0].summary", equalTo("5xx above 5%"))
                .body("[0].labels.region", equalTo("eu-west-1"))
                .body("[0].metrics.errorRate", equalTo(0.12f))
                .body("[0].metrics.customKey", equalTo("kept"));
    }

    @Test
    void arrayGroupsAlertsOfOneServiceIntoOneIncident() {
        String a = uniqueService("payments");
        String b = uniqueService("search");
        List<String> ids = postAlerts("[" + alert(a, "HighLatency", "high", "firing") + ","
                + alert(a, "HighErrorRate", "P1", "firing") + "," + alert(b, "Down", "SEV2", "firing") + "]")
                .statusCode(202)
                .body("alerts.outcome", equalTo(List.of("new", "new", "new")))
                .extract().path("alerts.fingerprint");
        ids = ids.stream().map(Api::incidentOf).toList();

        assertThat(ids.get(0), equalTo(ids.get(1)));
        assertThat(ids.get(2), not(equalTo(ids.get(0))));
        getIncident(ids.get(0)).body("alertCount", equalTo(2)).body("severity", equalTo("SEV2"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + ids.get(0) + "/alerts")
                .then().statusCode(200).body("name", org.hamcrest.Matchers.containsInAnyOrder("HighErrorRate", "HighLatency"));
    }

    @Test
    void sameAlertAgainIsADuplicateOfTheFirst() {
        String service = uniqueService("cart");
        String body = alert(service, "HighErrorRate", "warning", "firing");
        String first = postAlerts(body).statusCode(202).body("alerts[0].outcome", equalTo("new"))
                .extract().path("alerts[0].fingerprint");
        first = incidentOf(first);
        postAlerts(body).statusCode(202)
                .body("alerts[0].outcome", equalTo("duplicate"))
                .body("alerts[0].incidentId", equalTo(first));

        getIncident(first).body("alertCount", equalTo(1));
        // repeats are counted in memory and added to the row within a second
        String incident = first;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incident + "/alerts")
                        .then().body("", hasSize(1)).body("[0].receiveCount", equalTo(2)));
    }

    @Test
    void resolvedAlertResolvesItsStoredAlert() {
        String service = uniqueService("orders");
        String incident = openIncident(service, "QueueBacklog", "warning");
        postAlerts(alert(service, "QueueBacklog", "warning", "resolved")).statusCode(202)
                .body("alerts[0].outcome", equalTo("resolved"))
                .body("alerts[0].incidentId", equalTo(incident));

        getIncident(incident).body("firingAlertCount", equalTo(0)).body("status", equalTo("OPEN"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incident + "/alerts")
                .then().body("[0].status", equalTo("resolved")).body("[0].endsAt", notNullValue());
    }

    @Test
    void resolvedAlertForAnUnknownFingerprintOpensNothing() {
        String service = uniqueService("ghost");
        postAlerts(alert(service, "Gone", "info", "resolved")).statusCode(202)
                .body("alerts[0].outcome", equalTo("resolved"))
                .body("alerts[0].incidentId", nullValue());
        given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void givenFingerprintIsKept() {
        String service = uniqueService("auth");
        postAlerts("""
                {"source":"datadog","service":"%s","name":"LoginFailures","fingerprint":"dd-123-%s"}"""
                .formatted(service, service))
                .statusCode(202).body("alerts[0].fingerprint", equalTo("dd-123-" + service));
    }

    @Test
    void severityDefaultsToSev4() {
        String incident = postAlerts("""
                {"source":"custom","service":"%s","name":"DiskAlmostFull"}""".formatted(uniqueService("disk")))
                .statusCode(202).extract().path("alerts[0].fingerprint");
        incident = incidentOf(incident);
        getIncident(incident).body("severity", equalTo("SEV4"));
    }

    @Test
    void concurrentAlertsOfOneServiceOpenOneIncident() throws Exception {
        String service = uniqueService("stampede");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String body = alert(service, "Alert" + i, "high", "firing");
                futures.add(CompletableFuture.supplyAsync(() -> incidentOf(postAlerts(body).statusCode(202)
                        .extract().<String>path("alerts[0].fingerprint")), pool));
            }
            Set<String> ids = new HashSet<>();
            for (CompletableFuture<String> f : futures) {
                ids.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(ids, org.hamcrest.Matchers.hasSize(1));
            getIncident(ids.iterator().next()).body("alertCount", equalTo(8));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void alertmanagerWebhookIsMappedOntoAlerts() {
        String service = uniqueService("api");
        String job = uniqueService("node-exporter");
        String body = """
                {"version":"4","groupKey":"{}:{alertname=\\"HighLatency\\"}","truncatedAlerts":0,"status":"firing",
                 "receiver":"ir-suite","groupLabels":{"alertname":"HighLatency"},
                 "commonLabels":{"alertname":"HighLatency"},"commonAnnotations":{},
                 "externalURL":"http://alertmanager:9093",
                 "alerts":[
                  {"status":"firing","labels":{"alertname":"HighLatency","service":"%s","severity":"critical"},
                   "annotations":{"summary":"p95 above 2s","description":"long text","runbook_url":"https://runbooks/latency"},
                   "startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
                   "generatorURL":"http://prometheus:9090/graph","fingerprint":"a1b2c3d4e5f60718"},
                  {"status":"firing","labels":{"alertname":"NodeDown","job":"%s"},"annotations":{},
                   "startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"b1b2c3d4e5f60718"}
                 ]}""".formatted(service, minutesAgo(2), job, minutesAgo(2));
        String incident = given().auth().oauth2(INGEST).contentType("application/json").body(body)
                .when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(202)
                .body("alerts.fingerprint", equalTo(List.of("a1b2c3d4e5f60718", "b1b2c3d4e5f60718")))
                .body("alerts.outcome", equalTo(List.of("new", "new")))
                .extract().path("alerts[0].fingerprint");
        incident = incidentOf(incident);

        getIncident(incident).body("title", equalTo("HighLatency on " + service)).body("severity", equalTo("SEV1"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incident + "/alerts")
                .then().body("[0].source", equalTo("alertmanager"))
                .body("[0].summary", equalTo("p95 above 2s"))
                .body("[0].description", equalTo("long text"))
                .body("[0].runbookUrl", equalTo("https://runbooks/latency"))
                .body("[0].endsAt", nullValue());
        given().auth().oauth2(VIEWER).queryParam("service", job).when().get("/api/v1/incidents")
                .then().body("", hasSize(1)).body("[0].title", equalTo("NodeDown on " + job));
    }

    @Test
    void alertmanagerSeverityLabelWeDoNotKnowIsNoHintAndIsKept() {
        String service = uniqueService("pager");
        String incident = given().auth().oauth2(INGEST).contentType("application/json").body("""
                {"version":"4","status":"firing","receiver":"r","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"","groupKey":"k",
                 "alerts":[{"status":"firing","labels":{"alertname":"DiskFull","service":"%s","severity":"page"},
                            "annotations":{},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z"}]}""".formatted(service, minutesAgo(1)))
                .when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(202).body("alerts[0].outcome", equalTo("new"))
                .extract().path("alerts[0].fingerprint");
        incident = incidentOf(incident);
        getIncident(incident).body("severity", equalTo("SEV4"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incident + "/alerts")
                .then().body("[0].labels.severity", equalTo("page"));
    }

    @Test
    void alertmanagerAlertWithoutServiceOrJobIsRejected() {
        given().auth().oauth2(INGEST).contentType("application/json").body("""
                {"version":"4","status":"firing","receiver":"r","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"","groupKey":"k",
                 "alerts":[{"status":"firing","labels":{"alertname":"X"},"annotations":{},
                            "startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}""")
                .when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("alerts[0].labels.service"));
    }

    @Test
    void alertmanagerBodyWithoutAlertsIsRejected() {
        given().auth().oauth2(INGEST).contentType("application/json").body("{\"version\":\"4\"}")
                .when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("alerts"));
    }

    // ---- bad input: 400 problem+json naming the field, and nothing stored --------------------------

    @Test
    void unknownSeverityIsRejectedNamingSeverity() {
        postAlerts(alert(uniqueService("x"), "A", "apocalyptic", "firing"))
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body("detail", containsString("severity"))
                .body("errors[0].field", equalTo("severity"));
    }

    @Test
    void arrayErrorsNameTheElement() {
        String service = uniqueService("batch");
        postAlerts("[" + alert(service, "A", "high", "firing") + ","
                + "{\"source\":\"s\",\"name\":\"B\"}," + alert(service, "C", "nope", "firing") + "]")
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("[1].service", "[2].severity")));
        // all or nothing: the valid first alert was not stored either
        given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                .then().body("", hasSize(0));
    }

    @Test
    void malformedJsonIsRejected() {
        postAlerts("{\"source\": \"prometheus\", ").statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("malformed JSON")).body("errors[0].field", equalTo("body"));
    }

    @Test
    void wrongTypeNamesTheJsonPath() {
        postAlerts("""
                {"source":"s","service":"%s","name":"n","metrics":{"errorRate":"very high"}}"""
                .formatted(uniqueService("typed")))
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("metrics.errorRate"));
        postAlerts("""
                [{"source":"s","service":"svc","name":"n"},{"source":"s","service":"svc","name":"n","labels":["a"]}]""")
                .statusCode(400).body("errors[0].field", equalTo("[1].labels"));
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        postAlerts("{\"service\":\"svc\",\"name\":\" \"}").statusCode(400)
                .body("errors.field", equalTo(List.of("source", "name")));
        postAlerts("{\"source\":\"s\",\"service\":\"" + "x".repeat(201) + "\",\"name\":\"n\"}").statusCode(400)
                .body("errors[0].field", equalTo("service"));
        postAlerts("{\"source\":\"s\",\"service\":\"svc\",\"name\":\"n\",\"status\":\"exploded\"}").statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void emptyArrayOrScalarBodyIsRejected() {
        postAlerts("[]").statusCode(400).contentType("application/problem+json");
        postAlerts("42").statusCode(400).contentType("application/problem+json");
    }

    @Test
    void metricsCountWhatHappened() {
        openIncident(uniqueService("metrics"), "A", "high");
        postAlerts(alert("m", "A", "bogus", "firing")).statusCode(400);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, matchesRegex("(?s).*ir_alerts_received_total\\{[^}]*outcome=\"new\"[^}]*source=\"http\".*"));
        assertThat(metrics, containsString("ir_incidents_opened_total"));
        assertThat(metrics, matchesRegex("(?s).*ir_alerts_rejected_total\\{[^}]*source=\"http\".*"));
    }
}
