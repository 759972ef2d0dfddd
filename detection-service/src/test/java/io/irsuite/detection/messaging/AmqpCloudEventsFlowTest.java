package io.irsuite.detection.messaging;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.irsuite.events.Addresses;
import io.irsuite.localstack.LocalStackTestResource;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The CloudEvents AMQP binding on the real broker's {@code alerts} address: structured and batch
 * messages written by the CloudEvents SDK's JSON format, binary messages with {@code cloudEvents:}
 * (and JMS-style {@code cloudEvents_}) application properties; invalid events are dead-lettered.
 */
@QuarkusTest
class AmqpCloudEventsFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final JsonFormat FORMAT = new JsonFormat();
    private static TestBroker amqp;

    @BeforeAll
    static void connect() {
        amqp = TestBroker.connect();
    }

    @AfterAll
    static void disconnect() {
        amqp.close();
    }

    private static String alert(String service, String name) {
        return "{\"service\":\"%s\",\"name\":\"%s\",\"severity\":\"high\"}".formatted(service, name);
    }

    private static CloudEvent event(String alertJson) {
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(URI.create("/amqp/publisher")).withType("com.example.alert.fired")
                .withTime(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS))
                .withDataContentType("application/json").withData(alertJson.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void aStructuredEventOpensAnIncident() {
        String service = uniqueService("amqp-ce-structured");
        amqp.send(Addresses.ALERTS, AmqpMessage.create().contentType("application/cloudevents+json; charset=utf-8")
                .withBufferAsBody(Buffer.buffer(FORMAT.serialize(event(alert(service, "HighErrorRate"))))).durable(true)
                .build());
        awaitIncidents(service, 1);
        incidents(service).body("[0].title", equalTo("HighErrorRate on " + service)).body("[0].severity", equalTo("SEV2"));
        alertsOf(service).body("[0].source", equalTo("/amqp/publisher"));
    }

    @Test
    void aBatchOpensItsIncidents() {
        String a = uniqueService("amqp-ce-batch-a");
        String b = uniqueService("amqp-ce-batch-b");
        String batch = "[" + new String(FORMAT.serialize(event(alert(a, "A"))), StandardCharsets.UTF_8) + ","
                + new String(FORMAT.serialize(event(alert(b, "B"))), StandardCharsets.UTF_8) + "]";
        amqp.send(Addresses.ALERTS, AmqpMessage.create().contentType("application/cloudevents-batch+json")
                .withBody(batch).durable(true).build());
        awaitIncidents(a, 1);
        awaitIncidents(b, 1);
    }

    @Test
    void aBinaryEventOpensAnIncidentWithEitherPrefix() {
        String service = uniqueService("amqp-ce-binary");
        CloudEvent e = event(alert(service, "HighLatency"));
        // the binding's native types: time as an AMQP timestamp
        amqp.send(Addresses.ALERTS, AmqpMessage.create().contentType("application/json")
                .applicationProperties(new JsonObject()
                        .put("cloudEvents:specversion", "1.0").put("cloudEvents:id", e.getId())
                        .put("cloudEvents:source", e.getSource().toString()).put("cloudEvents:type", e.getType())
                        .put("cloudEvents:time", Date.from(e.getTime().toInstant())))
                .withBufferAsBody(Buffer.buffer(e.getData().toBytes())).durable(true).build());
        awaitIncidents(service, 1);
        alertsOf(service).body("[0].source", equalTo("/amqp/publisher"))
                .body("[0].startsAt", equalTo(e.getTime().toInstant().toString()));

        String jms = uniqueService("amqp-ce-jms");
        amqp.send(Addresses.ALERTS, AmqpMessage.create()
                .applicationProperties(new JsonObject()
                        .put("cloudEvents_specversion", "1.0").put("cloudEvents_id", "jms-1")
                        .put("cloudEvents_source", "/jms/bridge").put("cloudEvents_type", "com.example.alert"))
                .withBody(alert(jms, "QueueBacklog")).durable(true).build());
        awaitIncidents(jms, 1);
        alertsOf(jms).body("[0].source", equalTo("/jms/bridge"));
    }

    @Test
    void invalidEventsAreDeadLettered() {
        long before = LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER);
        String service = uniqueService("amqp-ce-invalid");
        // structured without an id
        amqp.send(Addresses.ALERTS, AmqpMessage.create().contentType("application/cloudevents+json")
                .withBody("{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"data\":" + alert(service, "A") + "}")
                .durable(true).build());
        // binary whose data is no alert
        amqp.send(Addresses.ALERTS, AmqpMessage.create().contentType("application/json")
                .applicationProperties(new JsonObject().put("cloudEvents:specversion", "1.0")
                        .put("cloudEvents:id", "1").put("cloudEvents:source", "/s").put("cloudEvents:type", "t"))
                .withBody("{\"name\":\"no service\"}").durable(true).build());
        // a format this consumer cannot read
        amqp.send(Addresses.ALERTS, AmqpMessage.create().contentType("application/cloudevents+avro")
                .withBufferAsBody(Buffer.buffer(new byte[]{1, 2, 3})).durable(true).build());
        await().atMost(DEADLINE).until(() ->
                LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER) >= before + 3);
        incidents(service).body("", hasSize(0));

        // the channel keeps flowing, plain alerts included
        String after = uniqueService("amqp-ce-after");
        amqp.send(Addresses.ALERTS, "{\"source\":\"amqp\",\"service\":\"" + after + "\",\"name\":\"A\"}");
        awaitIncidents(after, 1);
    }

    private static void awaitIncidents(String service, int count) {
        await().atMost(DEADLINE).until(() -> incidents(service).extract().<List<Object>>path("").size() == count);
    }

    private static io.restassured.response.ValidatableResponse incidents(String service) {
        return given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                .then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse alertsOf(String service) {
        String id = incidents(service).extract().path("[0].id");
        return given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + id + "/alerts").then().statusCode(200);
    }
}
