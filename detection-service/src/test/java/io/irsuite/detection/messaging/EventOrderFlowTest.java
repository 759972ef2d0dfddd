package io.irsuite.detection.messaging;

import io.irsuite.events.Addresses;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.uniqueService;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * One incident's events reach a consumer in the order they were produced, while two replicas of the
 * consumer compete on one queue: the relay sends each incident's events in order with the incident id
 * as AMQP group-id, and the broker hands a group to one consumer at a time.
 */
@QuarkusTest
class EventOrderFlowTest {

    private static final int INCIDENTS = 12;
    private static final int ALERTS_EACH = 6;

    @Test
    void twoCompetingReplicasEachSeeWholeIncidentsInOrder() {
        String queue = Addresses.INCIDENT_EVENTS + "::incident-events.order-probe";
        try (TestBroker replicaA = TestBroker.connect(); TestBroker replicaB = TestBroker.connect()) {
            TestBroker.Reader a = replicaA.read(queue);
            TestBroker.Reader b = replicaB.read(queue);
            List<String> services = IntStream.range(0, INCIDENTS).mapToObj(i -> uniqueService("order" + i)).toList();
            // interleaved across incidents, so that the relay's batches mix them
            for (int n = 0; n < ALERTS_EACH; n++) {
                StringBuilder body = new StringBuilder("[");
                for (String service : services) {
                    body.append(body.length() > 1 ? "," : "").append(alert(service, "Alert" + n, "warning", "firing"));
                }
                postAlerts(body.append(']').toString()).statusCode(202);
            }
            Set<String> ours = new HashSet<>(services);
            java.util.function.Predicate<JsonObject> mine = e -> alertsOf(e).stream()
                    .anyMatch(alert -> ours.contains(alert.getString("service")));
            java.util.function.ToIntFunction<List<JsonObject>> alertsTold = events -> events.stream()
                    .mapToInt(e -> alertsOf(e).size()).sum();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                    () -> alertsTold.applyAsInt(a.matching(mine)) + alertsTold.applyAsInt(b.matching(mine))
                            >= INCIDENTS * ALERTS_EACH);

            Map<String, String> replicaOf = new HashMap<>();
            Map<String, List<Integer>> countsOf = new HashMap<>();
            for (var entry : Map.of("A", a, "B", b).entrySet()) {
                for (JsonObject e : entry.getValue().matching(mine)) {
                    String incident = e.getString("incidentId");
                    String other = replicaOf.putIfAbsent(incident, entry.getKey());
                    assertThat("incident " + incident + " went to both replicas", other == null
                            || other.equals(entry.getKey()), equalTo(true));
                    // the count each event tells, once for every alert it carries (an AlertAttached carries
                    // all the alerts one grouping run attached): 1, 2, ... in order when nothing is reordered
                    int count = "IncidentOpened".equals(e.getString("type")) ? 1
                            : e.getJsonObject("payload").getInteger("alertCount");
                    List<Integer> counts = countsOf.computeIfAbsent(incident, k -> new ArrayList<>());
                    int carried = alertsOf(e).size();
                    for (int i = carried - 1; i >= 0; i--) {
                        counts.add(count - i);
                    }
                }
            }
            assertThat(countsOf.keySet(), hasSize(INCIDENTS));
            for (var counts : countsOf.entrySet()) {
                assertThat("events of " + counts.getKey() + " in production order", counts.getValue(),
                        contains(IntStream.rangeClosed(1, ALERTS_EACH).boxed().toArray()));
            }
            // both replicas took part: the groups were shared out, not all pinned to one consumer
            assertThat(new HashSet<>(replicaOf.values()), hasSize(2));
            a.close();
            b.close();
        }
    }

    /** The alerts an IncidentOpened or AlertAttached carries; none for other types. */
    private static List<JsonObject> alertsOf(JsonObject event) {
        JsonObject payload = event.getJsonObject("payload");
        if ("IncidentOpened".equals(event.getString("type"))) {
            return List.of(payload.getJsonObject("alert"));
        }
        if (!"AlertAttached".equals(event.getString("type"))) {
            return List.of();
        }
        List<JsonObject> out = new ArrayList<>();
        payload.getJsonArray("alerts").forEach(alert -> out.add((JsonObject) alert));
        return out;
    }
}
