package io.irsuite.detection.grouping;

import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.irsuite.detection.Api.ADMIN;
import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.incidentOf;
import static io.irsuite.detection.Api.minutesAgo;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Inhibition against the real database and broker: configured rules and the topology default. */
@QuarkusTest
class InhibitionFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
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
    void aConfiguredRuleAttachesTheTargetToTheSourcesIncidentWhenTheEqualLabelsAgree() {
        String rule = "db-down-" + uniqueService("r");
        String c1 = uniqueService("c1");
        String c2 = uniqueService("c2");
        String db = uniqueService("ordersdb");
        String web = uniqueService("web");
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                        {"sourceMatchers":[{"name":"alertname","value":"OrdersDbDown"},{"name":"service","value":"%s"}],
                         "targetMatchers":[{"name":"alertname","value":"High.*","isRegex":true}],
                         "equal":["cluster"]}""".formatted(db))
                .when().put("/api/v1/inhibit-rules/" + rule).then().statusCode(201)
                .body("name", equalTo(rule)).body("equal", equalTo(List.of("cluster")));
        String source = postAlerts(alert(db, "OrdersDbDown", c1)).statusCode(202).extract().path("alerts[0].fingerprint");
        String incident = incidentOf(source);

        String target = postAlerts(alert(web, "HighLatency", c1)).statusCode(202).extract().path("alerts[0].fingerprint");
        assertThat(incidentOf(target), equalTo(incident));
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + target).then().statusCode(200)
                .body("inhibitRule", equalTo(rule))
                .body("inhibitedBy", equalTo(source + " (OrdersDbDown on " + db + ", rule " + rule + ")"))
                .body("groupingReason", startsWith("inhibited by " + source));
        // another cluster: the rule's equal label differs, so it is an ordinary alert with an incident of its own
        String elsewhere = postAlerts(alert(web, "HighErrorRate", c2)).statusCode(202).extract().path("alerts[0].fingerprint");
        assertThat(incidentOf(elsewhere), not(equalTo(incident)));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incident + "/alerts").then().statusCode(200)
                .body("name", containsInAnyOrder("OrdersDbDown", "HighLatency"));

        // replaced, listed, deleted
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                        {"sourceMatchers":[{"name":"alertname","value":"OrdersDbDown"}],
                         "targetMatchers":[{"name":"alertname","value":"High.*","isRegex":true}]}""")
                .when().put("/api/v1/inhibit-rules/" + rule).then().statusCode(200).body("equal", equalTo(List.of()));
        given().auth().oauth2(VIEWER).when().get("/api/v1/inhibit-rules").then().statusCode(200).body("name", hasItem(rule));
        given().auth().oauth2(ADMIN).when().delete("/api/v1/inhibit-rules/" + rule).then().statusCode(204);
        given().auth().oauth2(VIEWER).when().get("/api/v1/inhibit-rules/" + rule).then().statusCode(404);
    }

    @Test
    void aCauseInhibitsTheSymptomsOfItsDependentsEvenWhenTheyArriveTogetherOrFirstInTheBatch() {
        String c1 = uniqueService("c1");
        String db = uniqueService("paydb");
        String api = uniqueService("payapi");
        Topology.register(amqp, List.of(
                new Topology.Node(db, 1, "team-data", "database", List.of(), null),
                new Topology.Node(api, 1, "team-pay", "service", List.of(db), null)));
        // symptom first in one request: the batch groups the cause first
        List<String> fps = postAlerts("[" + alert(api, "HighErrorRate", c1) + "," + alert(db, "DatabaseDown", c1) + "]")
                .statusCode(202).extract().path("alerts.fingerprint");
        String incident = incidentOf(fps.get(1));
        assertThat(incidentOf(fps.get(0)), equalTo(incident));
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fps.get(0)).then().statusCode(200)
                .body("inhibitRule", equalTo("topology"))
                .body("inhibitedBy", equalTo(fps.get(1) + " (DatabaseDown on " + db + ", rule topology)"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fps.get(1)).then().statusCode(200)
                .body("inhibitedBy", equalTo(null));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incident).then().statusCode(200)
                .body("title", equalTo("DatabaseDown on " + db)).body("alertCount", equalTo(2))
                .body("firingAlertCount", equalTo(2));
        // a later symptom is inhibited too; a non-symptom is grouped the ordinary way
        String later = postAlerts(alert(api, "HighLatency", c1)).statusCode(202).extract().path("alerts[0].fingerprint");
        assertThat(incidentOf(later), equalTo(incident));
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + later).then().body("inhibitRule", equalTo("topology"));
        String disk = postAlerts(alert(api, "DiskFull", c1)).statusCode(202).extract().path("alerts[0].fingerprint");
        await().atMost(DEADLINE).until(() -> incidentOf(disk) != null);
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + disk).then().body("inhibitedBy", equalTo(null));
    }

    @Test
    void badRulesAreProblemsNamingTheFieldAndOnlyAdminsWriteThem() {
        String ok = "{\"sourceMatchers\":[{\"name\":\"alertname\",\"value\":\"A\"}],\"targetMatchers\":[{\"name\":\"alertname\",\"value\":\"B\"}]}";
        problem("bad name!", ok, "name");
        problem("topology", ok, "name");
        problem("r1", "{\"targetMatchers\":[{\"name\":\"alertname\",\"value\":\"B\"}]}", "sourceMatchers");
        problem("r1", "{\"sourceMatchers\":[{\"name\":\"alertname\",\"value\":\"(\",\"isRegex\":true}],"
                + "\"targetMatchers\":[{\"name\":\"alertname\",\"value\":\"B\"}]}", "sourceMatchers[0].value");
        problem("r1", "{\"sourceMatchers\":[{\"name\":\"alertname\",\"value\":\"A\"}],\"targetMatchers\":[{\"name\":\"alertname\","
                + "\"value\":\"B\"}],\"equal\":[\"bad label\"]}", "equal[0]");
        problem("r1", "{\"sourceMatchers\":[{\"name\":\"alertname\",\"value\":\"A\\u0000\"}],\"targetMatchers\":[]}",
                "sourceMatchers[0].value");
        given().auth().oauth2(VIEWER).contentType("application/json").body(ok).when().put("/api/v1/inhibit-rules/r1")
                .then().statusCode(403);
        given().contentType("application/json").body(ok).when().put("/api/v1/inhibit-rules/r1").then().statusCode(401);
        given().auth().oauth2(INGEST).when().get("/api/v1/inhibit-rules").then().statusCode(403);
        given().auth().oauth2(ADMIN).when().delete("/api/v1/inhibit-rules/never-made").then().statusCode(404);
    }

    private static void problem(String name, String body, String field) {
        given().auth().oauth2(ADMIN).contentType("application/json").body(body)
                .when().put("/api/v1/inhibit-rules/" + name.replace(" ", "%20").replace("!", "%21")).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    private static String alert(String service, String name, String cluster) {
        return """
                {"source":"prometheus","service":"%s","name":"%s","severity":"critical","startsAt":"%s",
                 "labels":{"cluster":"%s"}}""".formatted(service, name, minutesAgo(2), cluster);
    }
}
