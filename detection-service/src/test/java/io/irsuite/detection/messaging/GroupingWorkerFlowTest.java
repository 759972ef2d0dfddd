package io.irsuite.detection.messaging;

import io.irsuite.detection.Api;
import io.irsuite.events.Addresses;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.irsuite.detection.Api.uniqueService;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The grouping worker tells the outbox relay when a run grouped alerts, and runs again at once after a full batch.
 * The relay's own sweep is set to an hour here, so an event reaches the broker only if the run kicked it: before,
 * a run reported 0 grouped whatever it did, and its events waited for the next sweep (2 s by default).
 */
@QuarkusTest
@TestProfile(GroupingWorkerFlowTest.NoRelaySweep.class)
class GroupingWorkerFlowTest {

    public static class NoRelaySweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ir.outbox.sweep-interval", "1h", "ir.detection.grouping.batch-size", "200");
        }
    }

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static TestBroker amqp;
    private static TestBroker.Reader commsQueue;

    @BeforeAll
    static void connect() {
        amqp = TestBroker.connect();
        commsQueue = amqp.read(Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms"));
    }

    @AfterAll
    static void disconnect() {
        amqp.close();
    }

    @Test
    void aGroupedAlertsIncidentOpenedIsPublishedRightAfterTheRun() {
        String service = uniqueService("grouped-now");
        String incident = Api.openIncident(service, "HighErrorRate", "critical");
        commsQueue.awaitMatching(e -> incident.equals(e.getString("incidentId"))
                && "IncidentOpened".equals(e.getString("type")), 1, DEADLINE);
    }

    @Test
    void aBacklogLargerThanOneRunIsGroupedAndPublishedWhole() {
        String service = uniqueService("backlog");
        String incident = Bursts.burst(commsQueue, service, "PodCrashLooping", 450);   // more than two runs of 200
        // every other alert reached the broker in the incident's AlertAttached events, without a relay sweep
        await().atMost(DEADLINE).until(() -> attached(incident) == 449);
        assertEquals(1, commsQueue.matching(e -> incident.equals(e.getString("incidentId"))
                && "IncidentOpened".equals(e.getString("type"))).size());
    }

    private static int attached(String incident) {
        int n = 0;
        for (JsonObject e : commsQueue.matching(e -> incident.equals(e.getString("incidentId"))
                && "AlertAttached".equals(e.getString("type")))) {
            n += e.getJsonObject("payload").getJsonArray("alerts").size();
        }
        return n;
    }
}
