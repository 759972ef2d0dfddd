package io.irsuite.remediation;

import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The catalog replica from real CatalogService* envelopes: newest revision wins, deletes leave a tombstone. */
@QuarkusTest
class CatalogReplicaTest {

    static void upsert(String name, String namespace, long revision) throws Exception {
        Flows.broker().sendCatalogEvent(EventType.CatalogServiceUpserted,
                new Payloads.CatalogServiceUpserted(name, 2, "team-a", "service", List.of(),
                        new Payloads.KubernetesRef(namespace, name + "-deploy"), revision));
    }

    static int status(String name) {
        return given().auth().oauth2("viewer-token").get("/api/v1/catalog/services/" + name).statusCode();
    }

    @Test
    void theNewestRevisionWinsEvenWhenAnOlderOneArrivesLater() throws Exception {
        upsert("replica-svc", "ns-v5", 5);
        upsert("replica-svc", "ns-v4", 4); // late and older: ignored
        upsert("replica-svc", "ns-v6", 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> status("replica-svc") == 200
                && given().auth().oauth2("viewer-token").get("/api/v1/catalog/services/replica-svc")
                .jsonPath().getLong("revision") == 6);
        given().auth().oauth2("viewer-token").get("/api/v1/catalog/services/replica-svc")
                .then().body("namespace", equalTo("ns-v6")).body("deployment", equalTo("replica-svc-deploy"))
                .body("owner", equalTo("team-a"));

        Flows.broker().sendCatalogEvent(EventType.CatalogServiceDeleted, new Payloads.CatalogServiceDeleted("replica-svc", 7));
        await().atMost(Duration.ofSeconds(30)).until(() -> status("replica-svc") == 404);

        // an upsert older than the delete does not bring it back; the next newer one does
        upsert("replica-svc", "ns-v6", 6);
        upsert("replica-svc", "ns-v8", 8);
        await().atMost(Duration.ofSeconds(30)).until(() -> status("replica-svc") == 200);
        given().auth().oauth2("viewer-token").get("/api/v1/catalog/services/replica-svc")
                .then().body("namespace", equalTo("ns-v8")).body("revision", equalTo(8));
    }
}
