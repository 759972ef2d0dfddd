package io.irsuite.detection.rest;

import io.irsuite.events.Addresses;
import io.irsuite.localstack.LocalStack;
import io.irsuite.localstack.LocalStackTestResource;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.pagerDutyTriggerExample;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * PostgreSQL stopped under the running service (issue 11, part 6): every ingest route answers 503
 * problem+json with Retry-After (nothing accepted that could not be stored), other database-backed calls
 * too, readiness is DOWN and liveness UP; an alert arriving over AMQP meanwhile waits for the database
 * instead of being dead-lettered; once PostgreSQL is back, readiness and ingest recover by themselves.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Longer than the broker's five deliveries of a failing message take to dead-letter it (about 12 s). */
    private static final Duration LONGER_THAN_DEAD_LETTERING = Duration.ofSeconds(15);

    @Test
    void whileTheDatabaseIsDownIngestAnswers503WithRetryAfterAndEverythingRecoversOnceItIsBack() throws Exception {
        String httpService = uniqueService("outage-http");
        String amqpService = uniqueService("outage-amqp");
        LocalStack stack = LocalStackTestResource.shared();
        long deadLetters = stack.messageCount(Addresses.DEAD_LETTER);
        stack.stopPostgres();
        try (TestBroker amqp = TestBroker.connect()) {
            postAlerts(alert(httpService, "HighErrorRate", "critical", "firing"))
                    .statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                    .body("status", equalTo(503)).body("title", equalTo("Service Unavailable"));
            given().auth().oauth2(INGEST).contentType("application/json").body("""
                            {"version":"4","status":"firing","receiver":"r","groupLabels":{},"commonLabels":{},
                             "commonAnnotations":{},"externalURL":"","groupKey":"k","truncatedAlerts":0,
                             "alerts":[{"status":"firing","labels":{"alertname":"A","service":"%s"},
                                        "annotations":{},"startsAt":"2026-11-22T10:00:00Z"}]}"""
                            .formatted(httpService))
                    .when().post("/api/v1/alerts/alertmanager")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            given().auth().oauth2(INGEST).contentType("application/cloudevents+json").body("""
                            {"specversion":"1.0","id":"outage-1","source":"/test","type":"alert",
                             "data":{"source":"p","service":"%s","name":"A"}}""".formatted(httpService))
                    .when().post("/api/v1/events")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            given().contentType("application/json").body(pagerDutyTriggerExample()
                            .replace("\"routing_key\": \"samplekeyhere\"", "\"routing_key\": \"" + INGEST + "\""))
                    .when().post("/v2/enqueue")
                    .then().statusCode(503).header("Retry-After", "5").body("status", equalTo("error"));
            given().auth().oauth2(INGEST).when().post("/api/v1/heartbeats/outage/ping")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            given().auth().oauth2(VIEWER).when().get("/api/v1/incidents")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            await().atMost(DEADLINE).until(() -> given().when().get("/q/health/ready").statusCode() == 503);
            given().when().get("/q/health/ready").then().body("status", equalTo("DOWN"));
            given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

            amqp.send(Addresses.ALERTS, alert(amqpService, "HighErrorRate", "critical", "firing"));
            // held and retried in place, not redelivered: nothing reaches the dead-letter queue
            await().during(LONGER_THAN_DEAD_LETTERING).atMost(LONGER_THAN_DEAD_LETTERING.plusSeconds(10))
                    .until(() -> stack.messageCount(Addresses.DEAD_LETTER) == deadLetters);
        } finally {
            stack.startPostgres();
        }
        await().atMost(DEADLINE).until(() -> given().when().get("/q/health/ready").statusCode() == 200);
        await().atMost(DEADLINE).until(() -> postAlerts(alert(httpService, "HighErrorRate", "critical", "firing"))
                .extract().statusCode() == 202);
        for (String service : List.of(httpService, amqpService)) {
            await().atMost(DEADLINE).until(() -> given().auth().oauth2(VIEWER).queryParam("service", service)
                    .when().get("/api/v1/incidents").then().extract().<List<Object>>path("").size() == 1);
            given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                    .then().statusCode(200).body("", hasSize(1));
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> stack.messageCount(Addresses.DEAD_LETTER) == deadLetters);
    }
}
