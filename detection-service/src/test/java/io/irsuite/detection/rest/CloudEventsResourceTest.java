package io.irsuite.detection.rest;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.incidentOf;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * {@code POST /api/v1/events}: CloudEvents built and written by the CloudEvents Java SDK
 * ({@code io.cloudevents:cloudevents-http-basic} for the HTTP binding, {@code cloudevents-json-jackson}
 * for the JSON format) in binary, structured and batch mode, and the CloudEvents spec's own examples.
 */
@QuarkusTest
class CloudEventsResourceTest {

    private static final JsonFormat FORMAT = new JsonFormat();

    static String alert(String service, String name, String severity) {
        return """
                {"service":"%s","name":"%s","severity":"%s","summary":"5xx above 5%%",
                 "labels":{"region":"eu-west-1"},"metrics":{"errorRate":0.12}}""".formatted(service, name, severity);
    }

    static CloudEvent event(String alertJson) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/monitoring/eu-west-1"))
                .withType("com.example.alert.fired")
                .withTime(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(3).truncatedTo(ChronoUnit.SECONDS))
                .withDataContentType("application/json")
                .withData(alertJson.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The SDK's HTTP binding writes headers and body; we send them as they are. */
    private static ValidatableResponse sendBinary(String token, CloudEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(headers::put, bytes -> body[0] = bytes).writeBinary(event);
        return send(token, headers, body[0]);
    }

    private static ValidatableResponse sendStructured(String token, CloudEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(headers::put, bytes -> body[0] = bytes).writeStructured(event, FORMAT);
        return send(token, headers, body[0]);
    }

    /** The JSON batch format: an array of events in the JSON format (the SDK writes each). */
    static byte[] batch(JsonFormat format, CloudEvent... events) {
        StringBuilder out = new StringBuilder("[");
        for (CloudEvent e : events) {
            out.append(out.length() > 1 ? "," : "").append(new String(format.serialize(e), StandardCharsets.UTF_8));
        }
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ValidatableResponse send(String token, Map<String, String> headers, byte[] body) {
        RequestSpecification request = given().auth().oauth2(token);
        // REST Assured adds a charset to a text body's Content-Type unless told not to
        request.config(io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig
                .encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
        headers.forEach(request::header);
        if (body != null) {
            request.body(body);
        }
        return request.when().post("/api/v1/events").then();
    }

    private static ValidatableResponse alertOf(String fingerprint) {
        return given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fingerprint).then().statusCode(200);
    }

    private static void noIncidents(String service) {
        given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void aBinaryModeEventOpensAnIncident() {
        String service = uniqueService("ce-binary");
        String fingerprint = sendBinary(INGEST, event(alert(service, "HighErrorRate", "critical")))
                .statusCode(202).body("alerts", hasSize(1)).body("alerts[0].outcome", equalTo("new"))
                .extract().path("alerts[0].fingerprint");
        String incidentId = incidentOf(fingerprint);
        getIncident(incidentId).body("title", equalTo("HighErrorRate on " + service)).body("severity", equalTo("SEV1"));
        // the alert's source is the event's source; its start the event's time
        alertOf(fingerprint).body("source", equalTo("/monitoring/eu-west-1")).body("labels.region", equalTo("eu-west-1"))
                .body("metrics.errorRate", equalTo(0.12f));
    }

    @Test
    void aStructuredModeEventOpensAnIncident() {
        String service = uniqueService("ce-structured");
        String fingerprint = sendStructured(INGEST, event(alert(service, "DiskFull", "warning")))
                .statusCode(202).body("alerts[0].outcome", equalTo("new")).extract().path("alerts[0].fingerprint");
        getIncident(incidentOf(fingerprint)).body("severity", equalTo("SEV3"));
        // base64 data (the SDK's option for JSON data) is read too
        String other = uniqueService("ce-base64");
        Map<String, String> headers = Map.of("Content-Type", "application/cloudevents+json");
        String base64 = send(INGEST, headers, FORMAT.withForceJsonDataToBase64()
                .serialize(event(alert(other, "DiskFull", "warning"))))
                .statusCode(202).extract().path("alerts[0].fingerprint");
        alertOf(base64).body("service", equalTo(other));
    }

    @Test
    void aBatchOpensItsIncidentsAndARedeliveredEventIsADuplicate() {
        String a = uniqueService("ce-batch-a");
        String b = uniqueService("ce-batch-b");
        CloudEvent first = event(alert(a, "HighErrorRate", "high"));
        List<String> fingerprints = send(INGEST, Map.of("Content-Type", "application/cloudevents-batch+json; charset=UTF-8"),
                batch(FORMAT, first, event(alert(b, "HighLatency", "high"))))
                .statusCode(202).body("alerts", hasSize(2)).extract().path("alerts.fingerprint");
        incidentOf(fingerprints.get(0));
        incidentOf(fingerprints.get(1));
        // the same event again (a redelivery): its alert's fingerprint, so a duplicate
        sendStructured(INGEST, first).statusCode(202).body("alerts[0].outcome", equalTo("duplicate"))
                .body("alerts[0].fingerprint", equalTo(fingerprints.get(0)));
        send(INGEST, Map.of("Content-Type", "application/cloudevents-batch+json"), "[]".getBytes(StandardCharsets.UTF_8))
                .statusCode(202).body("alerts", hasSize(0));
    }

    @Test
    void theSpecsExamplesAreReadAsPublished() {
        // HTTP binding 3.1.4, binary mode: the headers as published, an alert as the "application data"
        String service = uniqueService("ce-spec");
        String fingerprint = given().auth().oauth2(INGEST)
                .header("ce-specversion", "1.0")
                .header("ce-type", "com.example.someevent")
                .header("ce-time", "2018-04-05T03:56:24Z")
                .header("ce-id", "1234-1234-1234")
                .header("ce-source", "/mycontext/subcontext")
                .header("Content-Type", "application/json; charset=utf-8")
                .body(alert(service, "HighErrorRate", "critical"))
                .when().post("/api/v1/events").then().statusCode(202).extract().path("alerts[0].fingerprint");
        alertOf(fingerprint).body("source", equalTo("/mycontext/subcontext"))
                .body("startsAt", equalTo("2018-04-05T03:56:24Z"));

        // JSON format 3.2: the example with JSON object data is a valid event, but its data is no alert
        String specJsonData = """
                {
                    "specversion" : "1.0",
                    "type" : "com.example.someevent",
                    "source" : "/mycontext",
                    "subject": null,
                    "id" : "C234-1234-1234",
                    "time" : "2018-04-05T17:31:00Z",
                    "comexampleextension1" : "value",
                    "comexampleothervalue" : 5,
                    "datacontenttype" : "application/json",
                    "data" : {
                        "appinfoA" : "abc",
                        "appinfoB" : 123,
                        "appinfoC" : true
                    }
                }""";
        structured(specJsonData).statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("data.service", "data.name")));
        // ... and the XML example is refused by its content type
        String specXml = """
                {
                    "specversion" : "1.0",
                    "type" : "com.example.someevent",
                    "source" : "/mycontext",
                    "id" : "B234-1234-1234",
                    "time" : "2018-04-05T17:31:00Z",
                    "comexampleextension1" : "value",
                    "comexampleothervalue" : 5,
                    "unsetextension": null,
                    "datacontenttype" : "application/xml",
                    "data" : "<much wow=\\"xml\\"/>"
                }""";
        structured(specXml).statusCode(400).body("errors[0].field", equalTo("datacontenttype"));
        // the same example with an alert as its data is accepted
        String withAlert = specJsonData.replace("""
                {
                        "appinfoA" : "abc",
                        "appinfoB" : 123,
                        "appinfoC" : true
                    }""", alert(uniqueService("ce-spec-json"), "HighErrorRate", "critical"));
        structured(withAlert).statusCode(202);
    }

    @Test
    void headerValuesArePercentDecoded() {
        String service = uniqueService("ce-pct");
        String fingerprint = given().auth().oauth2(INGEST)
                .header("ce-specversion", "1.0").header("ce-type", "t").header("ce-id", "1")
                .header("ce-source", "/monitoring/eu%20west%E2%82%AC")
                .contentType("application/json").body(alert(service, "A", "info"))
                .when().post("/api/v1/events").then().statusCode(202).extract().path("alerts[0].fingerprint");
        alertOf(fingerprint).body("source", equalTo("/monitoring/eu west\u20ac"));
        given().auth().oauth2(INGEST)
                .header("ce-specversion", "1.0").header("ce-type", "t").header("ce-id", "1")
                .header("ce-source", "/bad%C0%A0").contentType("application/json").body(alert(service, "B", "info"))
                .when().post("/api/v1/events").then().statusCode(400).body("errors[0].field", equalTo("ce-source"));
    }

    @Test
    void invalidEventsAreProblemsNamingTheFieldAndStoreNothing() {
        String service = uniqueService("ce-invalid");
        // binary without ce-id, and with an alert missing its service
        given().auth().oauth2(INGEST).header("ce-specversion", "1.0").header("ce-type", "t").header("ce-source", "/s")
                .contentType("application/json").body("{\"name\":\"A\"}")
                .when().post("/api/v1/events").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("ce-id"));
        given().auth().oauth2(INGEST).header("ce-specversion", "1.0").header("ce-type", "t").header("ce-source", "/s")
                .header("ce-id", "1").contentType("application/json").body("{\"name\":\"A\"}")
                .when().post("/api/v1/events").then().statusCode(400).body("errors[0].field", equalTo("data.service"));
        given().auth().oauth2(INGEST).header("ce-specversion", "0.3").header("ce-type", "t").header("ce-source", "/s")
                .header("ce-id", "1").contentType("text/plain").body("hello")
                .when().post("/api/v1/events").then().statusCode(400)
                .body("errors.field", equalTo(List.of("ce-specversion", "Content-Type")));
        // plain JSON is not a CloudEvent
        given().auth().oauth2(INGEST).contentType("application/json").body(alert(service, "A", "info"))
                .when().post("/api/v1/events").then().statusCode(400).body("errors[0].field", equalTo("ce-specversion"));
        // a batch is all-or-nothing: the good first event is not stored either
        String good = new String(FORMAT.serialize(event(alert(service, "A", "critical"))), StandardCharsets.UTF_8);
        String badId = "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"data\":" + alert(service, "B", "info") + "}";
        String badData = "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"3\",\"data\":{\"name\":\"C\"}}";
        batch("[" + good + "," + badId + "," + badData + "]").statusCode(400)
                .body("errors.field", equalTo(List.of("[1].id", "[2].data.service")));
        batch("[" + good + ",{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"4\","
                + "\"data\":{\"service\":\"" + service + "\",\"name\":\"D\",\"summary\":\"a\\u0000b\"}}]")
                .statusCode(400).body("errors[0].field", equalTo("[1].data.summary"));
        batch("[" + good + ",{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"5\","
                + "\"data\":{\"service\":\"" + service + "\",\"name\":\"E\",\"metrics\":{\"errorRate\":\"high\"}}}]")
                .statusCode(400).body("errors[0].field", equalTo("[1].data.metrics.errorRate"));
        batch("[" + good + "] trailing").statusCode(400).body("errors[0].field", equalTo("body"));
        structured("{\"specversion\":").statusCode(400).body("errors[0].field", equalTo("body"));
        structured("").statusCode(400).body("errors[0].field", equalTo("body"));
        given().auth().oauth2(INGEST).contentType("application/cloudevents+xml").body("<event/>")
                .when().post("/api/v1/events").then().statusCode(415).contentType("application/problem+json");
        noIncidents(service);
    }

    @Test
    void anIngestTokenIsNeeded() {
        CloudEvent e = event(alert(uniqueService("ce-auth"), "A", "info"));
        given().contentType("application/cloudevents+json").body(FORMAT.serialize(e))
                .when().post("/api/v1/events").then().statusCode(401).contentType("application/problem+json");
        sendStructured(VIEWER, e).statusCode(403).contentType("application/problem+json");
        sendStructured("wrong-token", e).statusCode(401);
    }

    @Test
    void eventsAreCountedAsTheCloudEventsSource() {
        sendBinary(INGEST, event(alert(uniqueService("ce-metrics"), "A", "info"))).statusCode(202);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics, org.hamcrest.Matchers.matchesRegex(
                "(?s).*ir_alerts_received_total\\{[^}]*source=\"cloudevents\"[^}]*} [1-9].*"));
    }

    private static ValidatableResponse structured(String body) {
        return send(INGEST, Map.of("Content-Type", "application/cloudevents+json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static ValidatableResponse batch(String body) {
        return send(INGEST, Map.of("Content-Type", "application/cloudevents-batch+json"),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
