package io.irsuite.comms.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.irsuite.comms.support.StatusApi.ADMIN;
import static io.irsuite.comms.support.StatusApi.PROBLEM;
import static io.irsuite.comms.support.StatusApi.VIEWER;
import static io.irsuite.comms.support.StatusApi.internalComponent;
import static io.irsuite.comms.support.StatusApi.publicStatus;
import static io.irsuite.comms.support.StatusApi.putComponent;
import static io.irsuite.comms.support.StatusApi.shortId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Status-page components and manual overrides over HTTP: CRUD, validation, roles, and concurrent writers. */
@QuarkusTest
class StatusComponentResourceTest {

    @Inject
    Pool pool;

    @Test
    void aComponentIsCreatedReplacedReadAndDeleted() {
        String name = "sc-" + shortId();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Online store", "group", "Shop", "public", true,
                        "services", List.of("checkout", "cart")))
                .put("/api/v1/status/components/" + name)
                .then().statusCode(201).header("Location", endsWith("/api/v1/status/components/" + name))
                .body("name", equalTo(name)).body("displayName", equalTo("Online store"))
                .body("group", equalTo("Shop")).body("public", equalTo(true))
                .body("services", equalTo(List.of("checkout", "cart"))).body("override", nullValue());
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Store", "services", List.of("checkout")))
                .put("/api/v1/status/components/" + name)
                .then().statusCode(200).body("public", equalTo(false)).body("group", nullValue());
        given().auth().oauth2(VIEWER).get("/api/v1/status/components/" + name)
                .then().statusCode(200).body("displayName", equalTo("Store")).body("services", equalTo(List.of("checkout")));
        given().auth().oauth2(VIEWER).get("/api/v1/status/components")
                .then().statusCode(200).body("name", hasItem(name));
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + name).then().statusCode(204);
        given().auth().oauth2(VIEWER).get("/api/v1/status/components/" + name)
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString(name));
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + name).then().statusCode(404).contentType(PROBLEM);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad name|Bad_Name|{\"displayName\":\"Store\"}|name",
            "no display name|ok-name|{\"public\":true}|displayName",
            "blank display name|ok-name|{\"displayName\":\" \"}|displayName",
            "blank group|ok-name|{\"displayName\":\"S\",\"group\":\" \"}|group",
            "blank service|ok-name|{\"displayName\":\"S\",\"services\":[\"a\",\" \"]}|services[1]",
            "service twice|ok-name|{\"displayName\":\"S\",\"services\":[\"a\",\"a\"]}|services[1]",
            "public not a boolean|ok-name|{\"displayName\":\"S\",\"public\":\"yes\"}|public",
            "services not a list|ok-name|{\"displayName\":\"S\",\"services\":{\"a\":1}}|services",
            "nul character|ok-name|{\"displayName\":\"S\\u0000\"}|displayName"})
    void anInvalidComponentIsAProblemNamingTheFieldAndNothingIsStored(String title, String name, String body,
                                                                      String field) {
        String fresh = name.equals("ok-name") ? "sc-" + shortId() : name;
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/v1/status/components/" + fresh)
                .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                .body("errors.field", hasItem(field));
        given().auth().oauth2(VIEWER).get("/api/v1/status/components/" + fresh).then().statusCode(404);
    }

    @Test
    void onlyAnAdminDefinesComponentsAndOnlyRespondersOverrideThem() {
        String name = "sc-" + shortId();
        Map<String, Object> body = Map.of("displayName", "Store", "public", true);
        given().contentType(ContentType.JSON).body(body).put("/api/v1/status/components/" + name)
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(VIEWER).contentType(ContentType.JSON).body(body).put("/api/v1/status/components/" + name)
                .then().statusCode(403).contentType(PROBLEM);
        given().get("/api/v1/status/components").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2("ingest-token").get("/api/v1/status/components").then().statusCode(403);
        assertEquals(201, putComponent(name, "Store", null, true, List.of()));
        given().auth().oauth2(VIEWER).contentType(ContentType.JSON).body(Map.of("status", "major_outage"))
                .put("/api/v1/status/components/" + name + "/override").then().statusCode(403).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("status", "major_outage"))
                .put("/api/v1/status/components/" + name + "/override").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(VIEWER).delete("/api/v1/status/components/" + name + "/override").then().statusCode(403);
        given().auth().oauth2(VIEWER).delete("/api/v1/status/components/" + name).then().statusCode(403);
        given().auth().oauth2("admin-only-token").delete("/api/v1/status/components/" + name).then().statusCode(204);
    }

    @Test
    void anOverrideSetsThePublicStatusUntilItIsClearedOrExpires() {
        String name = "sc-" + shortId();
        String shown = "Payments " + name;
        assertEquals(201, putComponent(name, shown, null, true, List.of(name + "-svc")));
        Instant until = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("status", "partial_outage", "until", until.toString()))
                .put("/api/v1/status/components/" + name + "/override")
                .then().statusCode(200).body("status", equalTo("partial_outage")).body("setBy", equalTo("admin"))
                .body("until", equalTo(until.toString()));
        assertEquals("partial_outage", publicStatus(shown));
        Map<String, Object> internal = internalComponent(name);
        assertEquals("partial_outage", internal.get("status"));
        assertEquals("operational", internal.get("derivedStatus"));
        given().auth().oauth2(VIEWER).get("/api/v1/status/components/" + name)
                .then().body("override.status", equalTo("partial_outage"));

        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + name + "/override").then().statusCode(204);
        assertEquals("operational", publicStatus(shown));
        given().auth().oauth2(VIEWER).get("/api/v1/status/components/" + name).then().body("override", nullValue());
        // the override stays in the history: today's cell remembers it
        assertEquals("partial_outage", io.irsuite.comms.support.StatusApi.publicPage()
                .getString("components.find { it.displayName == '" + shown + "' }.uptime.days[-1].status"));
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + name + "/override").then().statusCode(204);
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/nope-" + name + "/override")
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + name).then().statusCode(204);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown status|{\"status\":\"down\"}|status",
            "no status|{}|status",
            "until in the past|{\"status\":\"major_outage\",\"until\":\"2020-01-01T00:00:00Z\"}|until",
            "until not a time|{\"status\":\"major_outage\",\"until\":\"tomorrow\"}|until"})
    void anInvalidOverrideIsAProblemNamingTheField(String title, String body, String field) {
        String name = "sc-" + shortId();
        assertEquals(201, putComponent(name, "X", null, false, List.of()));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/v1/status/components/" + name + "/override")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(field));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("status", "major_outage"))
                .put("/api/v1/status/components/nope-" + name + "/override").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + name).then().statusCode(204);
    }

    /** Replicas share only the database: concurrent writers on one row must leave exactly one outcome. */
    @Test
    void concurrentWritersLeaveOneCreatedComponentAndOneOverrideInEffect() throws Exception {
        String name = "sc-" + shortId();
        ExecutorService pool8 = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> creates = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                creates.add(() -> putComponent(name, "Racy", null, true, List.of(name + "-svc")));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : pool8.invokeAll(creates)) {
                codes.add(f.get());
            }
            assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
            assertEquals(7, codes.stream().filter(c -> c == 200).count(), codes.toString());

            List<Callable<Integer>> overrides = new ArrayList<>();
            String[] statuses = {"major_outage", "partial_outage", "degraded_performance", "under_maintenance"};
            for (int k = 0; k < 8; k++) {
                String status = statuses[k % statuses.length];
                overrides.add(() -> given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                        .body(Map.of("status", status)).put("/api/v1/status/components/" + name + "/override")
                        .then().extract().statusCode());
            }
            for (Future<Integer> f : pool8.invokeAll(overrides)) {
                assertEquals(200, f.get());
            }
        } finally {
            pool8.shutdown();
        }
        long current = pool.preparedQuery("SELECT count(*) AS n FROM status_override WHERE component = $1 "
                        + "AND cleared_at IS NULL").execute(Tuple.of(name))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
        long all = pool.preparedQuery("SELECT count(*) AS n FROM status_override WHERE component = $1")
                .execute(Tuple.of(name)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
        assertEquals(1, current, "exactly one override in effect");
        assertEquals(8, all, "every replaced override stays in the history");
        String inEffect = given().auth().oauth2(VIEWER).get("/api/v1/status/components/" + name)
                .then().statusCode(200).extract().path("override.status");
        assertEquals(inEffect, internalComponent(name).get("status"));
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + name).then().statusCode(204);
        assertNull(publicStatus("Racy-" + name));
    }

    @Test
    void theListNamesEveryComponent() {
        String a = "sc-" + shortId();
        String b = "sc-" + shortId();
        putComponent(a, "A", "G", true, List.of());
        putComponent(b, "B", null, false, List.of("x"));
        given().auth().oauth2(VIEWER).get("/api/v1/status/components").then().statusCode(200).body("name", hasItems(a, b));
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + a).then().statusCode(204);
        given().auth().oauth2(ADMIN).delete("/api/v1/status/components/" + b).then().statusCode(204);
    }
}
