package io.irsuite.comms.support;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** The status-page endpoints as the tests call them. */
public final class StatusApi {

    public static final String ADMIN = "test-admin-token";
    public static final String VIEWER = "viewer-token";
    public static final String PROBLEM = "application/problem+json";

    private StatusApi() {
    }

    public static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates or replaces a component; returns the HTTP status. */
    public static int putComponent(String name, String displayName, String group, boolean isPublic, List<String> services) {
        Map<String, Object> body = new HashMap<>();
        body.put("displayName", displayName);
        body.put("group", group);
        body.put("public", isPublic);
        body.put("services", services);
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/v1/status/components/" + name).then().extract().statusCode();
    }

    public static void deleteComponent(String name) {
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + name);
    }

    /** {@code GET /api/v1/status} without a token. */
    public static String publicJson() {
        return given().get("/api/v1/status").then().statusCode(200).extract().asString();
    }

    public static JsonPath publicPage() {
        return new JsonPath(publicJson());
    }

    public static JsonPath internalPage() {
        return given().auth().oauth2(VIEWER).queryParam("internal", "true").get("/api/v1/status")
                .then().statusCode(200).extract().jsonPath();
    }

    public static String html() {
        return given().get("/status").then().statusCode(200).extract().asString();
    }

    /** The public status of the component shown as {@code displayName}, or null when it is not shown. */
    public static String publicStatus(String displayName) {
        return publicPage().getString("components.find { it.displayName == '" + displayName + "' }.status");
    }

    /** The internal view of component {@code name}. */
    public static Map<String, Object> internalComponent(String name) {
        return internalPage().getMap("components.find { it.name == '" + name + "' }");
    }
}
