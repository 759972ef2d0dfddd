package io.irsuite.detection.grouping;

import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.irsuite.detection.Api.ADMIN;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.openIncident;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

/**
 * A missed heartbeat is an ordinary alert to grouping: the heartbeat of a service whose dependency already
 * has an open incident joins that incident (as its symptom) instead of opening one.
 */
@QuarkusTest
class HeartbeatGroupingFlowTest {

    private static TestBroker amqp;

    @BeforeAll
    static void connect() {
        amqp = TestBroker.connect();
    }

    @AfterAll
    static void disconnect() {
        amqp.close();
    }

    @Test
    void aMissedHeartbeatJoinsTheOpenIncidentOfItsServicesDependency() {
        String s = "-" + uniqueService("hb");
        String app = "reports" + s;
        String db = "reports-db" + s;
        Topology.register(amqp, List.of(
                new Topology.Node(db, 1, "team-test", "database", List.of(), null),
                new Topology.Node(app, 2, "team-test", "service", List.of(db), null)));
        String incident = openIncident(db, "DbConnectionsExhausted", "critical");

        String name = "nightly-report" + s;
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body("{\"service\":\"%s\",\"intervalSeconds\":1,\"graceSeconds\":1}".formatted(app))
                .when().put("/api/v1/heartbeats/" + name).then().statusCode(201);

        Map<String, Object> alert = await().atMost(Duration.ofSeconds(20)).until(() -> {
            var r = given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/heartbeat:" + name).then();
            return r.extract().statusCode() == 200 ? r.extract().<Map<String, Object>>path("") : null;
        }, a -> a != null && a.get("incidentId") != null);
        assertThat(alert.get("name"), equalTo("HeartbeatMissed"));
        assertThat(alert.get("incidentId"), equalTo(incident));
        assertThat(alert.get("groupingReason"), equalTo(app + " depends on " + db + " (1 hop)"));
        getIncident(incident).statusCode(200).body("services", containsInAnyOrder(db, app))
                .body("alertCount", equalTo(2));

        given().auth().oauth2(ADMIN).when().delete("/api/v1/heartbeats/" + name).then().statusCode(204);
    }
}
