package io.irsuite.comms.rest;

import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.StatusApi;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The catalog replica fed by catalog-events: the newest revision wins, a deletion stays as a tombstone. */
@QuarkusTest
class CatalogReplicaTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    private TestBroker broker;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void theNewestRevisionWinsAndADeletionStaysAsATombstone() {
        String api = "cr-" + StatusApi.shortId() + "-api";
        catalog(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(api, 1, "team-a", "service",
                List.of(), null, 2));
        await().atMost(DEADLINE).until(() -> "2:false".equals(stored(api)));
        // an older deletion arrives late: it must not remove the newer entry
        catalog(EventType.CatalogServiceDeleted, new Payloads.CatalogServiceDeleted(api, 1));
        String marker = "cr-" + StatusApi.shortId() + "-marker";
        catalog(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(marker, 2, "team-b", "service",
                List.of(), null, 1));
        await().atMost(DEADLINE).until(() -> stored(marker) != null);
        assertEquals("2:false", stored(api));
        catalog(EventType.CatalogServiceDeleted, new Payloads.CatalogServiceDeleted(api, 3));
        await().atMost(DEADLINE).until(() -> "3:true".equals(stored(api)));
        // and an upsert older than the tombstone loses
        catalog(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(api, 1, "team-a", "service",
                List.of(), null, 2));
        String marker2 = "cr-" + StatusApi.shortId() + "-marker";
        catalog(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(marker2, 2, "team-b", "service",
                List.of(), null, 1));
        await().atMost(DEADLINE).until(() -> stored(marker2) != null);
        assertEquals("3:true", stored(api));
    }

    /** "revision:deleted" of the stored entry, or null. */
    private String stored(String name) {
        Iterator<Row> rows = pool.preparedQuery("SELECT revision, deleted FROM catalog_service WHERE name = $1")
                .execute(Tuple.of(name)).await().atMost(Duration.ofSeconds(10)).iterator();
        if (!rows.hasNext()) {
            return null;
        }
        Row r = rows.next();
        return r.getLong("revision") + ":" + r.getBoolean("deleted");
    }

    private void catalog(EventType type, Record payload) {
        broker.publish(Addresses.CATALOG_EVENTS, Payload.envelope(type, null, Instant.now(), "triage", payload));
    }
}
