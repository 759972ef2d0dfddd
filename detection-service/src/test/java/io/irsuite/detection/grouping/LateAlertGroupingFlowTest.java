package io.irsuite.detection.grouping;

import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.incidentOf;
import static io.irsuite.detection.Api.minutesAgo;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.uniqueService;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A root alert that arrives after its symptoms, through {@code POST /api/v1/alerts}: the symptoms had
 * been firing for longer than the grouping window (10 minutes) when the root's alert came, and it still
 * joins their incident, because the window runs from the incident's last alert.
 */
@QuarkusTest
class LateAlertGroupingFlowTest {

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
    void aRootAlertAfterItsSymptomsJoinsTheirIncident() {
        String s = "-" + uniqueService("late");
        String web = "web" + s, api = "api" + s, db = "db" + s;
        Topology.register(amqp, List.of(node(db), node(api, db), node(web, api)));

        String symptoms = post(web, "HighErrorRate", "critical", minutesAgo(14));
        assertThat(post(api, "HighLatency", "critical", minutesAgo(13)), equalTo(symptoms));
        // the root's rule fired now, 14 minutes after the first symptom started
        String root = post(db, "DbConnectionWaitHigh", "warning", minutesAgo(0));
        assertThat(root, equalTo(symptoms));

        getIncident(symptoms).statusCode(200).body("status", equalTo("OPEN")).body("alertCount", equalTo(3))
                .body("services", containsInAnyOrder(web, api, db));
        List<Map<String, Object>> alerts = TopologyGroupingFlowTest.alertsOf(symptoms);
        assertThat(alerts, hasSize(3));
        assertThat(alerts.stream().filter(a -> db.equals(a.get("service"))).map(a -> a.get("groupingReason")).toList(),
                equalTo(List.of(api + " depends on " + db + " (1 hop)")));
    }

    private static Topology.Node node(String name, String... deps) {
        return new Topology.Node(name, 2, "team-test", "service", List.of(deps), null);
    }

    /** Posts one firing alert started at {@code startsAt}; the incident it was grouped into. */
    private static String post(String service, String name, String severity, String startsAt) {
        return incidentOf(postAlerts("""
                {"source":"prometheus","service":"%s","name":"%s","severity":"%s","startsAt":"%s"}"""
                .formatted(service, name, severity, startsAt))
                .statusCode(202).body("alerts[0].outcome", equalTo("new"))
                .extract().<String>path("alerts[0].fingerprint"));
    }
}
