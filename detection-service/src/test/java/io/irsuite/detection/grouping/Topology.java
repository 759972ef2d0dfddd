package io.irsuite.detection.grouping;

import io.irsuite.platform.testing.TestBroker;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.irsuite.detection.Api.VIEWER;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Puts a topology into detection's catalog replica the way triage does: real envelopes on catalog-events. */
final class Topology {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private Topology() {
    }

    /** One node: its name and what it depends on (names as they go into the catalog). */
    record Node(String name, int tier, String owner, String kind, List<String> dependsOn,
                Payloads.KubernetesRef kubernetes) {
    }

    /** Publishes every node and waits until the replica shows all of them. */
    static void register(TestBroker amqp, List<Node> nodes) {
        for (Node n : nodes) {
            amqp.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(
                    n.name(), n.tier(), n.owner(), n.kind(), n.dependsOn(), n.kubernetes(), 1));
        }
        Set<String> wanted = nodes.stream().map(Node::name).collect(Collectors.toSet());
        await().atMost(DEADLINE).until(() -> replicated().containsAll(wanted));
    }

    private static Set<String> replicated() {
        List<Map<String, Object>> all = given().auth().oauth2(VIEWER).when().get("/api/v1/catalog/services")
                .then().statusCode(200).extract().path("");
        return all.stream().map(e -> (String) e.get("name")).collect(Collectors.toSet());
    }
}
