package io.irsuite.triage.rest;

import io.irsuite.triage.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The changes API over HTTP against the real database. */
@QuarkusTest
class ChangeResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aRecordedChangeCanBeReadBackAndFiltered() {
        String service = "chg-" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String id = given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                .body("""
                        {"service":"%s","type":"deploy","version":"v2.3.1","previousVersion":"v2.3.0",
                         "description":"release train 42","at":"%s"}""".formatted(service, at))
                .when().post("/api/v1/changes")
                .then().statusCode(201).header("Location", containsString("/api/v1/changes/"))
                .body("id", notNullValue()).body("at", equalTo(at.toString()))
                .extract().path("id");
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                .body("{\"service\":\"%s\",\"type\":\"feature_flag\",\"version\":\"dark-mode\"}".formatted(service))
                .when().post("/api/v1/changes")
                .then().statusCode(201).body("type", equalTo("feature_flag")).body("at", notNullValue());

        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/changes/" + id)
                .then().statusCode(200).body("service", equalTo(service)).body("previousVersion", equalTo("v2.3.0"))
                .body("description", equalTo("release train 42"));
        given().auth().oauth2(Tokens.VIEWER).queryParam("service", service).when().get("/api/v1/changes")
                .then().statusCode(200).body("type", contains("feature_flag", "deploy"));
        given().auth().oauth2(Tokens.VIEWER).queryParam("service", service)
                .queryParam("since", Instant.now().minus(5, ChronoUnit.MINUTES).toString())
                .when().get("/api/v1/changes")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].type", equalTo("feature_flag"));
    }

    @Test
    void missingOrInvalidFieldsAre400NamingTheField() {
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON).body("{\"type\":\"deploy\"}")
                .when().post("/api/v1/changes")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("service"));
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON).body("{\"service\":\"a-1\",\"type\":\"reboot\"}")
                .when().post("/api/v1/changes")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("type"));
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                .body("{\"service\":\"a-1\",\"type\":\"deploy\",\"at\":\"yesterday\"}")
                .when().post("/api/v1/changes")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("at"));
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                .body("{\"service\":[\"a-1\"],\"type\":\"deploy\"}")
                .when().post("/api/v1/changes")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("service"));
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON).body("not json")
                .when().post("/api/v1/changes")
                .then().statusCode(400).contentType(PROBLEM).body("detail", startsWith("malformed JSON"))
                .body("errors[0].field", equalTo("body"));
        given().auth().oauth2(Tokens.VIEWER).queryParam("since", "last tuesday").when().get("/api/v1/changes")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("since"));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/changes/not-a-uuid")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("id"));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/changes/" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aNulCharacterOrTrailingContentIs400NamingTheFieldAndNothingIsRecorded() {
        String service = "chg-nul-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                .body("{\"service\":\"%s\",\"type\":\"deploy\",\"description\":\"a\\u0000b\"}".formatted(service))
                .when().post("/api/v1/changes")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("description"))
                .body("errors[0].message", containsString("NUL"));
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                .body("{\"service\":\"%s\",\"type\":\"deploy\",\"version\":\"v1\\u0000\"}".formatted(service))
                .when().post("/api/v1/changes")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("version"));
        for (String trailing : List.of(" xyz", " {}")) {
            given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                    .body("{\"service\":\"%s\",\"type\":\"deploy\"}".formatted(service) + trailing)
                    .when().post("/api/v1/changes")
                    .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("body"));
        }
        given().auth().oauth2(Tokens.VIEWER).queryParam("service", service).when().get("/api/v1/changes")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void changesNeedIngestToWriteAndViewerToRead() {
        String body = "{\"service\":\"a-1\",\"type\":\"deploy\"}";
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/changes")
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2("nope").contentType(ContentType.JSON).body(body).when().post("/api/v1/changes")
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(Tokens.VIEWER).contentType(ContentType.JSON).body(body).when().post("/api/v1/changes")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.INGEST).when().get("/api/v1/changes")
                .then().statusCode(403).contentType(PROBLEM);
    }
}
