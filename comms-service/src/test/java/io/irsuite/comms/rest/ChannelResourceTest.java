package io.irsuite.comms.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Channel administration over HTTP: the happy path, every validation rule, and who may do what. */
@QuarkusTest
class ChannelResourceTest {

    static final String ADMIN = "test-admin-token";
    static final String PROBLEM = "application/problem+json";

    @Test
    void anAdminCreatesReplacesReadsAndDeletesAChannel() {
        String name = "ops-" + NotificationFlowTest.shortId();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("type", "webhook", "url", "https://hooks.example.com/ir", "minSeverity", "SEV2"))
                .put("/api/v1/channels/" + name)
                .then().statusCode(201).header("Location", endsWith("/api/v1/channels/" + name))
                .body("name", equalTo(name)).body("type", equalTo("webhook"))
                .body("url", equalTo("https://hooks.example.com/ir")).body("minSeverity", equalTo("SEV2"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("type", "slack", "url", "https://hooks.slack.example/T000/B000"))
                .put("/api/v1/channels/" + name)
                .then().statusCode(200).body("type", equalTo("slack")).body("minSeverity", equalTo("SEV4"))
                .body("url", equalTo("https://hooks.slack.example/***"));
        given().auth().oauth2("viewer-token").get("/api/v1/channels/" + name)
                .then().statusCode(200).body("type", equalTo("slack")).body("address", nullValue());
        given().auth().oauth2("viewer-token").get("/api/v1/channels")
                .then().statusCode(200).body("name", hasItem(name));
        given().auth().oauth2(ADMIN).delete("/api/v1/channels/" + name).then().statusCode(204);
        given().auth().oauth2("viewer-token").get("/api/v1/channels/" + name)
                .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404))
                .body("detail", containsString(name));
        given().auth().oauth2(ADMIN).delete("/api/v1/channels/" + name).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void anEmailChannelKeepsItsAddress() {
        String name = "mail-" + NotificationFlowTest.shortId();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("type", "email", "address", "Oncall@Example.com"))
                .put("/api/v1/channels/" + name)
                .then().statusCode(201).body("address", equalTo("Oncall@example.com")).body("url", nullValue());
        given().auth().oauth2(ADMIN).delete("/api/v1/channels/" + name).then().statusCode(204);
    }

    @Test
    void invalidChannelsAreProblemsNamingTheField() {
        expectFieldError("Bad Name!", Map.of("type", "webhook", "url", "https://x.example"), "name");
        expectFieldError("-starts-with-dash", Map.of("type", "webhook", "url", "https://x.example"), "name");
        expectFieldError("ok", Map.of("type", "webhook"), "url");
        expectFieldError("ok", Map.of("type", "webhook", "url", "ftp://files.example/x"), "url");
        expectFieldError("ok", Map.of("type", "slack", "url", "/relative/path"), "url");
        expectFieldError("ok", Map.of("type", "email"), "address");
        expectFieldError("ok", Map.of("type", "email", "address", "not-an-email"), "address");
        expectFieldError("ok", Map.of("type", "webhook", "url", "https://x.example", "minSeverity", "SEV9"),
                "minSeverity");
        expectFieldError("ok", Map.of("type", "pager", "url", "https://x.example"), "type");
        expectFieldError("ok", Map.of("url", "https://x.example"), "type");
        given().auth().oauth2("viewer-token").get("/api/v1/channels/ok").then().statusCode(404);
    }

    @Test
    void malformedOrMistypedJsonIsABadRequestNeverA500() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"type\": \"webhook\", ")
                .put("/api/v1/channels/broken")
                .then().statusCode(400).contentType(PROBLEM).body("detail", startsWith("malformed JSON"))
                .body("status", equalTo(400)).body("title", equalTo("Bad Request"))
                .body("errors[0].field", equalTo("body"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"type\": \"webhook\", \"url\": {\"nested\": true}}")
                .put("/api/v1/channels/broken")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("url"))
                .body("detail", not(containsString("java")));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"type\": \"webh")
                .put("/api/v1/channels/broken")
                .then().statusCode(400).contentType(PROBLEM).body("detail", startsWith("malformed JSON"))
                .body("errors[0].field", equalTo("body"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("")
                .put("/api/v1/channels/broken")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(ADMIN).contentType(ContentType.TEXT).body("type=webhook")
                .put("/api/v1/channels/broken")
                .then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void callsWithoutAValidTokenAre401AndTokensWithoutTheRoleAre403() {
        given().get("/api/v1/channels")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
        given().auth().oauth2("not-a-token").get("/api/v1/channels")
                .then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/channels")
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2("ingest-token").get("/api/v1/channels")
                .then().statusCode(403).contentType(PROBLEM).body("status", equalTo(403));
        given().auth().oauth2("viewer-token").contentType(ContentType.JSON)
                .body(Map.of("type", "webhook", "url", "https://x.example"))
                .put("/api/v1/channels/viewer-may-not")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2("viewer-token").delete("/api/v1/channels/anything")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2("viewer-token").get("/api/v1/channels").then().statusCode(200);
        // GET /api/v1/status is public (its internal view is checked in StatusPageResourceTest)
        for (String path : new String[]{"/api/v1/metrics/incidents",
                "/api/v1/incidents/" + java.util.UUID.randomUUID() + "/timeline"}) {
            given().get(path).then().statusCode(401).contentType(PROBLEM);
            given().auth().oauth2("ingest-token").get(path).then().statusCode(403).contentType(PROBLEM);
        }
    }

    @Test
    void anAdminOnlyTokenMayConfigure() {
        String name = "admin-only-" + NotificationFlowTest.shortId();
        given().auth().oauth2("admin-only-token").contentType(ContentType.JSON)
                .body(Map.of("type", "webhook", "url", "http://127.0.0.1:9/x"))
                .put("/api/v1/channels/" + name).then().statusCode(201);
        given().auth().oauth2("admin-only-token").delete("/api/v1/channels/" + name).then().statusCode(204);
    }

    /** A string value with a NUL character (sent as the JSON escape backslash-u0000): PostgreSQL cannot store it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"web\\u0000hook\",\"url\":\"https://x.example/ir\"}|type",
            "{\"type\":\"webhook\",\"url\":\"https://x.example/a\\u0000b\"}|url",
            "{\"type\":\"email\",\"address\":\"oncall\\u0000@example.com\"}|address",
            "{\"type\":\"webhook\",\"url\":\"https://x.example/ir\",\"minSeverity\":\"SEV2\\u0000\"}|minSeverity",
    })
    void aNulCharacterInAStringFieldIsAProblemNamingTheFieldAndNothingIsStored(String body, String field) {
        String fresh = "nul-" + NotificationFlowTest.shortId();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/v1/channels/" + fresh)
                .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                .body("title", equalTo("Invalid input"))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString("NUL"));
        given().auth().oauth2(ADMIN).get("/api/v1/channels/" + fresh).then().statusCode(404);

        // replacing an existing channel with such a body leaves it as it was
        String existing = existingChannel();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/v1/channels/" + existing)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo(field));
        expectUnchanged(existing);
    }

    /** One JSON value and then more: the body is refused as a whole, naming it. */
    @ParameterizedTest
    @ValueSource(strings = {" xyz", " {}", "{\"type\":\"slack\",\"url\":\"https://hooks.example.com/x\"}", " ,"})
    void contentAfterTheJsonValueIsAProblemNamingTheBodyAndNothingIsStored(String trailing) {
        String body = "{\"type\":\"slack\",\"url\":\"https://hooks.example.com/x\"}" + trailing;
        String fresh = "trailing-" + NotificationFlowTest.shortId();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/v1/channels/" + fresh)
                .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                .body("detail", startsWith("malformed JSON"))
                .body("errors[0].field", equalTo("body"));
        given().auth().oauth2(ADMIN).get("/api/v1/channels/" + fresh).then().statusCode(404);

        String existing = existingChannel();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/v1/channels/" + existing)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("body"));
        expectUnchanged(existing);
    }

    @Test
    void aNulCharacterInTheChannelNameIsAProblemNamingIt() {
        given().urlEncodingEnabled(false).auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("type", "webhook", "url", "https://x.example/ir"))
                .put("/api/v1/channels/nul%00name")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", containsString("NUL"));
        given().urlEncodingEnabled(false).auth().oauth2(ADMIN).delete("/api/v1/channels/nul%00name")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("name"));
    }

    /** A webhook channel for a test that must leave it as it is; deleted by {@link #expectUnchanged}. */
    private static String existingChannel() {
        String name = "kept-" + NotificationFlowTest.shortId();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("type", "webhook", "url", "https://hooks.example.com/kept", "minSeverity", "SEV3"))
                .put("/api/v1/channels/" + name)
                .then().statusCode(201);
        return name;
    }

    private static void expectUnchanged(String name) {
        given().auth().oauth2(ADMIN).get("/api/v1/channels/" + name)
                .then().statusCode(200).body("type", equalTo("webhook"))
                .body("url", equalTo("https://hooks.example.com/kept")).body("minSeverity", equalTo("SEV3"));
        given().auth().oauth2(ADMIN).delete("/api/v1/channels/" + name).then().statusCode(204);
    }

    private static void expectFieldError(String name, Map<String, String> body, String field) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/v1/channels/" + name)
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }
}
