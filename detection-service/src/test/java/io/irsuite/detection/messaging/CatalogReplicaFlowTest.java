package io.irsuite.detection.messaging;

import io.irsuite.platform.testing.TestBroker;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** The catalog replica fed by real {@code catalog-events} envelopes; the newest revision wins. */
@QuarkusTest
class CatalogReplicaFlowTest {

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
    void newestRevisionWinsAndDeletesStick() {
        String name = uniqueService("payments-db");
        String marker = uniqueService("marker");
        amqp.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(name, 1,
                "team-payments", "database", List.of("storage"), new Payloads.KubernetesRef("prod", name), 2));
        await().atMost(DEADLINE).until(() -> entry(name) != null);
        assertThat(entry(name).get("tier"), equalTo(1));
        assertThat(entry(name).get("dependsOn"), equalTo(List.of("storage")));

        // an older revision arriving late is ignored (the marker shows it was processed)
        amqp.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(name, 3,
                "someone-else", "service", List.of(), null, 1));
        amqp.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(marker, 2,
                "team", "service", List.of(), null, 1));
        await().atMost(DEADLINE).until(() -> entry(marker) != null);
        assertThat(entry(name).get("owner"), equalTo("team-payments"));
        assertThat(entry(name).get("revision"), equalTo(2));

        amqp.sendCatalogEvent(EventType.CatalogServiceDeleted, new Payloads.CatalogServiceDeleted(name, 3));
        await().atMost(DEADLINE).until(() -> entry(name) == null);
        amqp.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(name, 1,
                "team-payments", "database", List.of(), null, 2));
        amqp.sendCatalogEvent(EventType.CatalogServiceDeleted, new Payloads.CatalogServiceDeleted(marker, 2));
        await().atMost(DEADLINE).until(() -> entry(marker) == null);
        assertThat(entry(name), nullValue());
    }

    private static Map<String, Object> entry(String name) {
        List<Map<String, Object>> all = given().auth().oauth2(VIEWER).when().get("/api/v1/catalog/services")
                .then().statusCode(200).extract().path("");
        return all.stream().filter(e -> name.equals(e.get("name"))).findFirst().orElse(null);
    }
}
