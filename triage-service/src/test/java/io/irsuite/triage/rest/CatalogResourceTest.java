package io.irsuite.triage.rest;

import io.irsuite.events.Addresses;
import io.irsuite.localstack.LocalStackTestResource;
import io.irsuite.platform.testing.TestBroker;
import io.irsuite.triage.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog over HTTP against the real database, and its replication events on the real broker. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "triage"))
class CatalogResourceTest {

    private static final String PROBLEM = "application/problem+json";

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void putCreatesThenReplacesAndGetShowsTheStoredEntry() {
        String name = unique("svc");
        int firstRevision = given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON)
                .body("""
                        {"tier":1,"owner":"team-a","kind":"service","dependsOn":["db-x","auth-x"],
                         "kubernetes":{"namespace":"prod","deployment":"%s"}}""".formatted(name))
                .when().put("/api/v1/catalog/services/" + name)
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/catalog/services/" + name))
                .body("name", equalTo(name)).body("tier", equalTo(1)).body("kind", equalTo("service"))
                .body("dependsOn", contains("db-x", "auth-x"))
                .body("kubernetes.deployment", equalTo(name))
                .body("revision", greaterThan(0)).body("updatedAt", notNullValue())
                .extract().path("revision");

        int secondRevision = given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON)
                .body("{\"owner\":\"team-b\",\"kind\":\"external\"}")
                .when().put("/api/v1/catalog/services/" + name)
                .then().statusCode(200)
                .body("tier", equalTo(2)).body("owner", equalTo("team-b")).body("kind", equalTo("external"))
                .body("kubernetes", nullValue())
                .extract().path("revision");
        assertTrue(secondRevision > firstRevision, "revision grows with every change");

        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + name)
                .then().statusCode(200).body("owner", equalTo("team-b")).body("revision", equalTo(secondRevision));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services")
                .then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void deleteRemovesTheEntryAndThenItIsNotFound() {
        String name = unique("gone");
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/catalog/services/" + name).then().statusCode(201);
        given().auth().oauth2(Tokens.ADMIN).when().delete("/api/v1/catalog/services/" + name)
                .then().statusCode(204);
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + name)
                .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404))
                .body("title", equalTo("Not Found")).body("detail", containsString(name));
        given().auth().oauth2(Tokens.ADMIN).when().delete("/api/v1/catalog/services/" + name)
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void catalogChangesArePublishedOnCatalogEventsInOrder() {
        String name = unique("pub");
        try (TestBroker broker = TestBroker.connect();
             TestBroker.Reader reader = broker.read(Addresses.fqqn(Addresses.CATALOG_EVENTS, "detection"))) {
            given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON)
                    .body("{\"tier\":3,\"owner\":\"team-c\",\"kind\":\"cache\",\"dependsOn\":[\"store-y\"]}")
                    .when().put("/api/v1/catalog/services/" + name).then().statusCode(201);
            given().auth().oauth2(Tokens.ADMIN).when().delete("/api/v1/catalog/services/" + name)
                    .then().statusCode(204);

            List<JsonObject> events = reader.awaitMatching(
                    e -> name.equals(e.getJsonObject("payload").getString("name")), 2, Duration.ofSeconds(20));
            JsonObject upserted = events.stream().filter(e -> "CatalogServiceUpserted".equals(e.getString("type")))
                    .findFirst().orElseThrow();
            JsonObject deleted = events.stream().filter(e -> "CatalogServiceDeleted".equals(e.getString("type")))
                    .findFirst().orElseThrow();
            assertEquals("triage", upserted.getString("producer"));
            assertEquals(3, upserted.getJsonObject("payload").getInteger("tier"));
            assertEquals("cache", upserted.getJsonObject("payload").getString("kind"));
            assertEquals("store-y", upserted.getJsonObject("payload").getJsonArray("dependsOn").getString(0));
            assertTrue(deleted.getJsonObject("payload").getLong("revision")
                    > upserted.getJsonObject("payload").getLong("revision"), "delete carries a newer revision");
        }
    }

    @Test
    void anUnchangedPutKeepsItsRevision() {
        String name = unique("same");
        String body = "{\"tier\":2,\"owner\":\"o\",\"dependsOn\":[\"a-1\"]}";
        int first = given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/catalog/services/" + name).then().statusCode(201).extract().path("revision");
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/catalog/services/" + name).then().statusCode(200).body("revision", equalTo(first));
    }

    @Test
    void importIsAllOrNothing() {
        String a = unique("imp-a");
        String b = unique("imp-b");
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON)
                .body("[{\"name\":\"%s\",\"dependsOn\":[\"%s\"]},{\"name\":\"%s\",\"kind\":\"database\"}]".formatted(a, b, b))
                .when().post("/api/v1/catalog/import")
                .then().statusCode(200).body("created", equalTo(2)).body("updated", equalTo(0)).body("total", equalTo(2));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + b)
                .then().statusCode(200).body("kind", equalTo("database"));

        String c = unique("imp-c");
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON)
                .body("[{\"name\":\"%s\"},{\"name\":\"%s\",\"kind\":\"mainframe\"}]".formatted(c, a))
                .when().post("/api/v1/catalog/import")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("[1].kind"));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + c).then().statusCode(404);

        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON)
                .body("[{\"name\":\"%s\"},{\"name\":\"%s\"}]".formatted(c, c))
                .when().post("/api/v1/catalog/import")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("[1].name"));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + c).then().statusCode(404);
    }

    @Test
    void importAcceptsAYamlListWithTheSameRules() {
        String a = unique("yaml-a");
        String b = unique("yaml-b");
        given().auth().oauth2(Tokens.ADMIN).contentType("application/yaml")
                .body("""
                        - name: %s
                          tier: 1
                          owner: team-y
                          dependsOn: [%s]
                          kubernetes: {namespace: prod, deployment: %s}
                        - name: %s
                          kind: queue
                        """.formatted(a, b, a, b).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/catalog/import")
                .then().statusCode(200).body("created", equalTo(2));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + a)
                .then().statusCode(200).body("kubernetes.namespace", equalTo("prod")).body("dependsOn", contains(b));

        String c = unique("yaml-c");
        given().auth().oauth2(Tokens.ADMIN).contentType("application/yaml")
                .body("- name: %s\n- name: %s\n  tier: 9\n".formatted(c, unique("yaml-d")).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/catalog/import")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("[1].tier"));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + c).then().statusCode(404);
        given().auth().oauth2(Tokens.ADMIN).contentType("application/yaml").body("{unbalanced: [1, 2}\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/catalog/import")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("body"));
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        given().auth().oauth2(Tokens.ADMIN).when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.TEXT).body("x")
                .when().put("/api/v1/catalog/services/" + unique("media"))
                .then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void badKindIs400NamingKind() {
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"kind\":\"mainframe\"}")
                .when().put("/api/v1/catalog/services/" + unique("bad"))
                .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                .body("errors[0].field", equalTo("kind")).body("errors[0].message", containsString("service"));
    }

    @Test
    void tierOutOfRangeOrNotANumberIs400NamingTier() {
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"tier\":5}")
                .when().put("/api/v1/catalog/services/" + unique("bad"))
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("tier"));
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"tier\":0}")
                .when().put("/api/v1/catalog/services/" + unique("bad"))
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("tier"));
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"tier\":\"one\"}")
                .when().put("/api/v1/catalog/services/" + unique("bad"))
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("tier"))
                .body("errors[0].message", containsString("number"));
    }

    @Test
    void badNamesAndDependenciesAre400NamingTheField() {
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/catalog/services/Bad_Name")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"dependsOn\":[\"ok-1\",\"NOT OK\"]}")
                .when().put("/api/v1/catalog/services/" + unique("bad"))
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("dependsOn[1]"));
        String self = unique("self");
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"dependsOn\":[\"%s\"]}".formatted(self))
                .when().put("/api/v1/catalog/services/" + self)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("dependsOn"));
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"kubernetes\":{\"namespace\":\"prod\"}}")
                .when().put("/api/v1/catalog/services/" + unique("bad"))
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("kubernetes.deployment"));
    }

    @Test
    void malformedJsonIs400() {
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"tier\": 1,")
                .when().put("/api/v1/catalog/services/" + unique("bad"))
                .then().statusCode(400).contentType(PROBLEM).body("detail", startsWith("malformed JSON"))
                .body("errors[0].field", equalTo("body"));
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"dependsOn\":\"one\"}")
                .when().put("/api/v1/catalog/services/" + unique("bad"))
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("dependsOn"));
    }

    @Test
    void aNulCharacterInAPutBodyIs400NamingTheFieldAndNothingIsStored() {
        // the JSON escape backslash-u-0000 on the wire: PostgreSQL cannot store the NUL character it decodes to
        String name = unique("nul");
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"owner\":\"team\\u0000a\"}")
                .when().put("/api/v1/catalog/services/" + name)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("owner"))
                .body("errors[0].message", containsString("NUL"));
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body("{\"dependsOn\":[\"ok-1\",\"b\\u0000d\"]}")
                .when().put("/api/v1/catalog/services/" + name)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("dependsOn[1]"));
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON)
                .body("{\"kubernetes\":{\"namespace\":\"\\u0000\",\"deployment\":\"d\"}}")
                .when().put("/api/v1/catalog/services/" + name)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("kubernetes.namespace"));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + name).then().statusCode(404);
    }

    @Test
    void contentAfterThePutBodyIs400NamingTheBodyAndNothingIsStored() {
        String name = unique("trail");
        for (String body : List.of("{\"owner\":\"team-a\"} xyz", "{\"owner\":\"team-a\"} {}")) {
            given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON).body(body)
                    .when().put("/api/v1/catalog/services/" + name)
                    .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                    .body("errors[0].field", equalTo("body"));
        }
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + name).then().statusCode(404);
    }

    @Test
    void aNulCharacterOrTrailingContentInAnImportIs400AndImportsNothing() {
        String a = unique("imp-nul");
        String b = unique("imp-nul");
        given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON)
                .body("[{\"name\":\"%s\"},{\"name\":\"%s\",\"owner\":\"a\\u0000b\"}]".formatted(a, b))
                .when().post("/api/v1/catalog/import")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("[1].owner"))
                .body("errors[0].message", containsString("NUL"));
        for (String trailing : List.of(" xyz", " {}", " []")) {
            given().auth().oauth2(Tokens.ADMIN).contentType(ContentType.JSON)
                    .body("[{\"name\":\"%s\"},{\"name\":\"%s\"}]".formatted(a, b) + trailing)
                    .when().post("/api/v1/catalog/import")
                    .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("body"));
        }
        // the YAML form of the import follows the same rules
        given().auth().oauth2(Tokens.ADMIN).contentType("application/yaml")
                .body("- name: %s\n- name: %s\n  owner: \"a\\0b\"\n".formatted(a, b).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/catalog/import")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("[1].owner"));
        given().auth().oauth2(Tokens.ADMIN).contentType("application/yaml")
                .body("- name: %s\n---\n- name: %s\n".formatted(a, b).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/catalog/import")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("body"));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + a).then().statusCode(404);
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + b).then().statusCode(404);
    }

    @Test
    void catalogNeedsATokenAndTheRightRole() {
        String name = unique("auth");
        given().contentType(ContentType.JSON).body("{}").when().put("/api/v1/catalog/services/" + name)
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("wrong-token").contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/catalog/services/" + name)
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(Tokens.VIEWER).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/catalog/services/" + name)
                .then().statusCode(403).contentType(PROBLEM).body("status", equalTo(403));
        given().auth().oauth2(Tokens.INGEST).when().get("/api/v1/catalog/services")
                .then().statusCode(403).contentType(PROBLEM);
        given().when().get("/api/v1/catalog/services").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(Tokens.CATALOG_ADMIN).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/catalog/services/" + name).then().statusCode(201);
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/catalog/services/" + name).then().statusCode(200);
    }
}
