package io.irsuite.detection.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.irsuite.detection.Api.ADMIN;
import static io.irsuite.detection.Api.ALICE;
import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.RESPONDER;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.openIncident;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The incident API: queries, acknowledge/resolve, errors and auth. */
@QuarkusTest
class IncidentResourceTest {

    @Test
    void listFiltersByStatusSeverityAndService() {
        String service = uniqueService("inventory");
        String id = openIncident(service, "StockSyncFailing", "warning");

        list("service", service).body("", hasSize(1)).body("[0].id", equalTo(id));
        given().auth().oauth2(VIEWER).queryParam("service", service).queryParam("status", "open")
                .queryParam("severity", "SEV3")
                .when().get("/api/v1/incidents").then().statusCode(200).body("", hasSize(1));
        given().auth().oauth2(VIEWER).queryParam("service", service).queryParam("status", "RESOLVED")
                .when().get("/api/v1/incidents").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(VIEWER).queryParam("service", service).queryParam("severity", "SEV1")
                .when().get("/api/v1/incidents").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void listIsNewestFirst() {
        String older = openIncident(uniqueService("first"), "A", "info");
        String newer = openIncident(uniqueService("second"), "B", "info");
        List<String> ids = given().auth().oauth2(VIEWER).queryParam("limit", "500").when().get("/api/v1/incidents")
                .then().statusCode(200).extract().path("id");
        assertThat(ids.indexOf(newer), greaterThan(-1));
        assertThat(ids.indexOf(newer), lessThan(ids.indexOf(older)));
        given().auth().oauth2(VIEWER).queryParam("limit", "1").when().get("/api/v1/incidents")
                .then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void badQueryParametersAreNamed() {
        given().auth().oauth2(VIEWER).queryParam("status", "ON_FIRE").when().get("/api/v1/incidents")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        given().auth().oauth2(VIEWER).queryParam("severity", "critical").when().get("/api/v1/incidents")
                .then().statusCode(400).body("errors[0].field", equalTo("severity"));
        given().auth().oauth2(VIEWER).queryParam("limit", "lots").when().get("/api/v1/incidents")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void unknownAndMalformedIds() {
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + UUID.randomUUID() + "/alerts")
                .then().statusCode(404);
        actor(RESPONDER, UUID.randomUUID().toString(), "acknowledge", "{\"by\":\"alice\"}").statusCode(404);
    }

    @Test
    void acknowledgeIsIdempotent() {
        String id = openIncident(uniqueService("billing"), "InvoiceLag", "high");
        String at = actor(RESPONDER, id, "acknowledge", "{\"by\":\"alice\",\"note\":\"on it\"}")
                .statusCode(200)
                .body("id", equalTo(id))
                .body("acknowledgedAt", notNullValue())
                .extract().path("acknowledgedAt");
        actor(RESPONDER, id, "acknowledge", "{\"by\":\"bob\"}").statusCode(200).body("acknowledgedAt", equalTo(at));
        getIncident(id).body("acknowledgedAt", equalTo(at)).body("status", equalTo("OPEN"));
    }

    @Test
    void resolveByHandThenConflicts() {
        String id = openIncident(uniqueService("shipping"), "LabelPrinterDown", "info");
        actor(RESPONDER, id, "resolve", "{\"by\":\"carol\",\"note\":\"printer replaced\"}")
                .statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("statusReason", equalTo("resolved by carol"))
                .body("resolvedAt", notNullValue());
        actor(RESPONDER, id, "resolve", "{\"by\":\"carol\"}").statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        actor(RESPONDER, id, "acknowledge", "{\"by\":\"carol\"}").statusCode(409);
    }

    @Test
    void actorBodyIsValidated() {
        String id = openIncident(uniqueService("reviews"), "SpamSpike", "info");
        actor(RESPONDER, id, "acknowledge", "{\"note\":\"who am I\"}").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("by"));
        actor(RESPONDER, id, "acknowledge", "{\"by\": 12").statusCode(400).body("detail", startsWith("malformed JSON"));
        actor(RESPONDER, id, "resolve", "{\"by\":[\"x\"]}").statusCode(400).body("errors[0].field", equalTo("by"));
        given().auth().oauth2(RESPONDER).contentType("application/json")
                .when().post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aPersonActsOnlyAsThemselvesWhileASharedTokenSaysWhomItActsFor() {
        String id = openIncident(uniqueService("ledger"), "ErrorBudgetBurn", "warning");
        // alice's own token (a named one, as a provider's JWT is) may not acknowledge or resolve as bob
        actor(ALICE, id, "acknowledge", "{\"by\":\"bob\"}").statusCode(403).contentType("application/problem+json")
                .body("detail", startsWith("by: alice may act only as alice"));
        actor(ALICE, id, "resolve", "{\"by\":\"bob\"}").statusCode(403);
        getIncident(id).body("acknowledgedAt", nullValue()).body("status", equalTo("OPEN"));
        actor(ALICE, id, "acknowledge", "{\"by\":\"alice\"}").statusCode(200).body("acknowledgedAt", notNullValue());
        // a shared token (a chat integration's, without a name) says whom it acts for
        actor(RESPONDER, id, "resolve", "{\"by\":\"bob\",\"note\":\"from the chat\"}").statusCode(200)
                .body("status", equalTo("RESOLVED"));
    }

    // ---- auth ----------------------------------------------------------------------------------

    @Test
    void missingOrWrongTokenIs401() {
        given().when().get("/api/v1/incidents").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").contentType("application/problem+json");
        given().auth().oauth2("not-a-token").when().get("/api/v1/incidents").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Basic dXNlcjpwYXNz").when().get("/api/v1/incidents").then().statusCode(401);
        given().contentType("application/json").body(alert("svc", "n", "high", "firing"))
                .when().post("/api/v1/alerts").then().statusCode(401);
    }

    @Test
    void tokenWithoutTheRoleIs403() {
        given().auth().oauth2(VIEWER).contentType("application/json").body(alert("svc", "n", "high", "firing"))
                .when().post("/api/v1/alerts").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(INGEST).when().get("/api/v1/incidents").then().statusCode(403);
        String id = openIncident(uniqueService("roles"), "A", "info");
        actor(VIEWER, id, "acknowledge", "{\"by\":\"eve\"}").statusCode(403);
        actor(INGEST, id, "resolve", "{\"by\":\"eve\"}").statusCode(403);
    }

    @Test
    void adminTokenHasEveryRole() {
        given().auth().oauth2(ADMIN).when().get("/api/v1/incidents").then().statusCode(200);
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(alert(uniqueService("admin"), "n", "high", "firing"))
                .when().post("/api/v1/alerts").then().statusCode(202);
    }

    @Test
    void healthAndMetricsArePublic() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse list(String param, String value) {
        return given().auth().oauth2(VIEWER).queryParam(param, value).when().get("/api/v1/incidents")
                .then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse actor(String token, String id, String action,
                                                                     String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/api/v1/incidents/" + id + "/" + action).then();
    }
}
