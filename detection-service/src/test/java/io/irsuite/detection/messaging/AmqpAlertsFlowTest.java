package io.irsuite.detection.messaging;

import io.irsuite.platform.testing.TestBroker;
import io.irsuite.events.Addresses;
import io.irsuite.localstack.LocalStackTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.amqp.AmqpMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesRegex;

/** Alerts published on the real broker's {@code alerts} address, in the encodings publishers use. */
@QuarkusTest
class AmqpAlertsFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static TestBroker amqp;

    @BeforeAll
    static void connect() {
        amqp = TestBroker.connect();
    }

    @AfterAll
    static void disconnect() {
        amqp.close();
    }

    @Test
    void textBodyOpensAnIncident() {
        String service = uniqueService("amqp-text");
        amqp.send(Addresses.ALERTS, alert(service, "HighErrorRate", "critical", "firing"));
        awaitIncidents(service, 1);
        incidents(service).body("[0].title", equalTo("HighErrorRate on " + service))
                .body("[0].severity", equalTo("SEV1"));
    }

    @Test
    void jsonArrayBodyIsIngestedWhole() {
        String service = uniqueService("amqp-array");
        JsonArray alerts = new JsonArray()
                .add(new JsonObject(alert(service, "A", "high", "firing")))
                .add(new JsonObject(alert(service, "B", "high", "firing")));
        amqp.send(Addresses.ALERTS, AmqpMessage.create().withJsonArrayAsBody(alerts).durable(true).build());
        awaitIncidents(service, 1);
        await().atMost(DEADLINE).until(() -> incidents(service).extract().<Integer>path("[0].alertCount") == 2);
    }

    @Test
    void jsonObjectBodyIsIngested() {
        String service = uniqueService("amqp-object");
        amqp.send(Addresses.ALERTS, AmqpMessage.create()
                .withJsonObjectAsBody(new JsonObject(alert(service, "A", "info", "firing"))).durable(true).build());
        awaitIncidents(service, 1);
    }

    @Test
    void invalidAlertIsDeadLetteredAndCounted() {
        long before = LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER);
        amqp.send(Addresses.ALERTS, "{\"source\":\"amqp\",\"name\":\"NoService\"}");
        amqp.send(Addresses.ALERTS, "{not json");
        await().atMost(DEADLINE).until(() -> LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER) >= before + 2);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, matchesRegex("(?s).*ir_alerts_rejected_total\\{[^}]*source=\"amqp\"[^}]*} [1-9].*"));

        // the channel keeps flowing after a rejection
        String service = uniqueService("amqp-after-reject");
        amqp.send(Addresses.ALERTS, alert(service, "A", "info", "firing"));
        awaitIncidents(service, 1);
        assertThat(metrics, containsString("ir_alerts_received_total"));
    }

    private static void awaitIncidents(String service, int count) {
        await().atMost(DEADLINE).until(() -> incidents(service).extract().<List<Object>>path("").size() == count);
        incidents(service).body("", hasSize(count));
    }

    private static io.restassured.response.ValidatableResponse incidents(String service) {
        return given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                .then().statusCode(200);
    }
}
