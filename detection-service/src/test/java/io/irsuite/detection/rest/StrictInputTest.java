package io.irsuite.detection.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.RESPONDER;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.openIncident;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Input PostgreSQL cannot store (the NUL character) and bodies with something after the JSON value
 * are a 400 problem naming the field on every write endpoint, and nothing of them is stored.
 */
@QuarkusTest
class StrictInputTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"source\":\"p\",\"service\":\"%s\",\"name\":\"A\\u0000B\"}|name",
            "{\"source\":\"p\",\"service\":\"%s\",\"name\":\"A\",\"summary\":\"x\\u0000\"}|summary",
            "{\"source\":\"p\",\"service\":\"%s\",\"name\":\"A\",\"labels\":{\"region\":\"eu\\u0000\"}}|labels.region",
            "{\"source\":\"p\",\"service\":\"%s\",\"name\":\"A\",\"labels\":{\"re\\u0000gion\":\"eu\"}}|labels",
            "{\"source\":\"p\",\"service\":\"%s\",\"name\":\"A\",\"metrics\":{\"note\":\"\\u0000\"}}|metrics.note",
            "[{\"source\":\"p\",\"service\":\"%s\",\"name\":\"A\"},{\"source\":\"p\\u0000\",\"service\":\"s\",\"name\":\"B\"}]|[1].source",
    })
    void aNulCharacterInAnAlertIsRefusedNamingTheField(String template, String field) {
        String service = uniqueService("nul");
        postAlerts(template.formatted(service)).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.startsWith(field));
        given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                .then().statusCode(200).body("", hasSize(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {" xyz", " {}", " {\"source\":\"p\",\"service\":\"other\",\"name\":\"B\"}", " ]"})
    void contentAfterTheAlertIsRefusedAndNothingIsStored(String trailing) {
        String service = uniqueService("trailing");
        postAlerts(alert(service, "A", "warning", "firing") + trailing).statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void alertmanagerWebhookWithANulLabelIsRefused() {
        String service = uniqueService("am-nul");
        given().auth().oauth2(INGEST).contentType("application/json").body("""
                {"version":"4","status":"firing","receiver":"r","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"","groupKey":"k",
                 "alerts":[{"status":"firing","labels":{"alertname":"Disk\\u0000Full","service":"%s"},
                            "annotations":{},"startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}"""
                        .formatted(service))
                .when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("alerts[0].labels.alertname"));
        given().auth().oauth2(INGEST).contentType("application/json").body("{\"version\":\"4\",\"alerts\":[]} {}")
                .when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void responderActionsRefuseNulAndTrailingContent() {
        String id = openIncident(uniqueService("actor-nul"), "A", "info");
        for (String action : new String[]{"acknowledge", "resolve"}) {
            given().auth().oauth2(RESPONDER).contentType("application/json").body("{\"by\":\"al\\u0000ice\"}")
                    .when().post("/api/v1/incidents/" + id + "/" + action)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("by"));
            given().auth().oauth2(RESPONDER).contentType("application/json").body("{\"by\":\"alice\"} {\"by\":\"bob\"}")
                    .when().post("/api/v1/incidents/" + id + "/" + action)
                    .then().statusCode(400).body("errors[0].field", equalTo("body"));
        }
        getIncident(id).statusCode(200).body("status", equalTo("OPEN")).body("acknowledgedAt", nullValue());
    }

    @Test
    void aNulCharacterInAPathOrQueryParameterIsRefused() {
        given().auth().oauth2(VIEWER).queryParam("service", "a\u0000b").when().get("/api/v1/incidents")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("service"));
        given().urlEncodingEnabled(false).auth().oauth2(VIEWER).when().get("/api/v1/alerts/ab%00cd")
                .then().statusCode(400).body("errors[0].field", equalTo("fingerprint"));
    }
}
