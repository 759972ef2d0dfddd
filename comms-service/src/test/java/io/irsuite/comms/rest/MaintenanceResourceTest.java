package io.irsuite.comms.rest;

import io.irsuite.comms.support.StatusApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.irsuite.comms.support.StatusApi.ADMIN;
import static io.irsuite.comms.support.StatusApi.PROBLEM;
import static io.irsuite.comms.support.StatusApi.VIEWER;
import static io.irsuite.comms.support.StatusApi.deleteComponent;
import static io.irsuite.comms.support.StatusApi.html;
import static io.irsuite.comms.support.StatusApi.publicStatus;
import static io.irsuite.comms.support.StatusApi.putComponent;
import static io.irsuite.comms.support.StatusApi.shortId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Scheduled maintenance over HTTP: under maintenance during the window, upcoming windows listed, cancelling. */
@QuarkusTest
class MaintenanceResourceTest {

    private final List<String> components = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        components.forEach(StatusApi::deleteComponent);
    }

    @Test
    void aComponentIsUnderMaintenanceDuringItsWindowAndUpcomingWindowsAreListed() {
        String id = shortId();
        String name = "mt-" + id;
        String shown = "Database " + id;
        component(name, shown, true);
        String privateOne = "mt-" + id + "-private";
        component(privateOne, "Private " + id, false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        String upcoming = create("Storage upgrade " + id, List.of(name), now.plus(Duration.ofDays(2)),
                now.plus(Duration.ofDays(2)).plus(Duration.ofHours(1)), "Uploads pause for a few minutes.")
                .then().statusCode(201).body("status", equalTo("scheduled")).body("createdBy", equalTo("admin"))
                .extract().path("id");
        assertEquals("operational", publicStatus(shown));

        String running = create("Database upgrade " + id, List.of(name, privateOne), now.minusSeconds(60),
                now.plus(Duration.ofHours(1)), null)
                .then().statusCode(201).body("status", equalTo("in_progress"))
                .body("components", equalTo(List.of(name, privateOne))).extract().path("id");
        assertEquals("under_maintenance", publicStatus(shown));
        assertEquals("under_maintenance", StatusApi.internalComponent(privateOne).get("status"));
        assertEquals("Database upgrade " + id, StatusApi.internalComponent(name).get("maintenance"));

        JsonPath page = StatusApi.publicPage();
        String mine = "maintenances.findAll { it.title.endsWith('" + id + "') }";
        assertEquals(List.of("in_progress", "scheduled"), page.getList(mine + ".status"));
        assertEquals(List.of(shown), page.getList(mine + "[0].components"), "the private component is not named");
        assertEquals("Uploads pause for a few minutes.", page.getString(mine + "[1].description"));
        String html = html();
        assertThat(html, containsString("Storage upgrade " + id));
        assertThat(html, containsString("Under maintenance"));
        assertThat(html, not(containsString("Private " + id)));

        given().auth().oauth2(VIEWER).get("/api/v1/status/maintenances/" + upcoming)
                .then().statusCode(200).body("title", equalTo("Storage upgrade " + id));
        given().auth().oauth2(VIEWER).get("/api/v1/status/maintenances").then().statusCode(200).body("id", hasItem(running));

        // cancelling: an upcoming window is deleted, a running one ends now, a completed one is history
        given().auth().oauth2(ADMIN).delete("/api/v1/status/maintenances/" + upcoming).then().statusCode(204);
        given().auth().oauth2(VIEWER).get("/api/v1/status/maintenances/" + upcoming).then().statusCode(404)
                .contentType(PROBLEM);
        given().auth().oauth2(ADMIN).delete("/api/v1/status/maintenances/" + running).then().statusCode(204);
        assertEquals("operational", publicStatus(shown));
        given().auth().oauth2(VIEWER).get("/api/v1/status/maintenances/" + running)
                .then().statusCode(200).body("status", equalTo("completed"));
        given().auth().oauth2(ADMIN).delete("/api/v1/status/maintenances/" + running).then().statusCode(409)
                .contentType(PROBLEM);
        assertEquals("under_maintenance", StatusApi.publicPage()
                .getString("components.find { it.displayName == '" + shown + "' }.uptime.days[-1].status"),
                "the hour under maintenance stays in today's cell");

        // deleting a component takes it out of the windows
        deleteComponent(privateOne);
        components.remove(privateOne);
        given().auth().oauth2(VIEWER).get("/api/v1/status/maintenances/" + running)
                .then().body("components", equalTo(List.of(name)));
    }

    @Test
    void anInvalidWindowIsAProblemNamingEachField() {
        String name = "mt-" + shortId();
        component(name, "X", true);
        Instant now = Instant.now();
        record Case(Map<String, Object> body, String field) {
        }
        Map<String, Object> valid = new HashMap<>(Map.of("title", "Upgrade", "components", List.of(name),
                "from", now.plusSeconds(60).toString(), "to", now.plusSeconds(120).toString()));
        List<Case> cases = List.of(
                new Case(without(valid, "title"), "title"),
                new Case(with(valid, "components", List.of()), "components"),
                new Case(with(valid, "components", List.of(name, "no-such-" + name)), "components[1]"),
                new Case(without(valid, "from"), "from"),
                new Case(with(valid, "to", now.plusSeconds(30).toString()), "to"),
                new Case(with(valid, "from", "next tuesday"), "from"),
                new Case(with(valid, "to", now.minusSeconds(10).toString()), "to"),
                new Case(with(valid, "description", " "), "description"));
        for (Case c : cases) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(c.body())
                    .post("/api/v1/status/maintenances")
                    .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(c.field()));
        }
        given().auth().oauth2(VIEWER).get("/api/v1/status/maintenances")
                .then().statusCode(200).body("components.flatten()", not(hasItem(name)));
        given().auth().oauth2(VIEWER).get("/api/v1/status/maintenances/not-a-uuid").then().statusCode(400)
                .body("errors.field", hasItem("id"));
    }

    @Test
    void viewersReadAndRespondersSchedule() {
        String name = "mt-" + shortId();
        component(name, "X", true);
        Instant now = Instant.now();
        Map<String, Object> body = Map.of("title", "Upgrade", "components", List.of(name),
                "from", now.plusSeconds(3600).toString(), "to", now.plusSeconds(7200).toString());
        given().contentType(ContentType.JSON).body(body).post("/api/v1/status/maintenances").then().statusCode(401);
        given().auth().oauth2(VIEWER).contentType(ContentType.JSON).body(body).post("/api/v1/status/maintenances")
                .then().statusCode(403).contentType(PROBLEM);
        given().get("/api/v1/status/maintenances").then().statusCode(401);
        String id = given().auth().oauth2("admin-only-token").contentType(ContentType.JSON).body(body)
                .post("/api/v1/status/maintenances").then().statusCode(201).extract().path("id");
        given().auth().oauth2(VIEWER).delete("/api/v1/status/maintenances/" + id).then().statusCode(403);
        given().auth().oauth2(ADMIN).delete("/api/v1/status/maintenances/" + id).then().statusCode(204);
    }

    private io.restassured.response.Response create(String title, List<String> components, Instant from, Instant to,
                                                    String description) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("components", components);
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("description", description);
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body).post("/api/v1/status/maintenances");
    }

    private void component(String name, String displayName, boolean isPublic) {
        assertEquals(201, putComponent(name, displayName, null, isPublic, List.of(name + "-svc")));
        components.add(name);
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> body, String key) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.remove(key);
        return copy;
    }
}
