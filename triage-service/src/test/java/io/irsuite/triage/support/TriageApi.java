package io.irsuite.triage.support;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** The HTTP calls the flow tests make again and again. */
public final class TriageApi {

    private TriageApi() {
    }

    /** Creates a catalog entry (201) from its JSON body. */
    public static void putService(String name, String body) {
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/catalog/services/" + name).then().statusCode(201);
    }

    /** The status of {@code GET /api/v1/incidents/{id}/triage}: 404 until triaged. */
    public static int triageStatus(UUID incidentId) {
        return given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/incidents/" + incidentId + "/triage")
                .then().extract().statusCode();
    }

    /** The newest triage of the incident, which must exist. */
    public static JsonPath triageOf(UUID incidentId) {
        return given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/incidents/" + incidentId + "/triage")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }
}
