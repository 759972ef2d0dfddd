package io.irsuite.comms.messaging;

import io.irsuite.comms.support.Payload;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.localstack.LocalStack;
import io.irsuite.localstack.LocalStackTestResource;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The broker fails comms' consumer connections while comms applies a burst of incident events (what a
 * broker restart, a network drop or a refused settlement does): every event is still applied, once,
 * without restarting comms. A consumer copy that stalls after its connection was replaced would hold
 * the events the broker gave it until shutdown.
 */
@QuarkusTest
@TestProfile(OwnApplication.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "comms"))
class ConnectionLossRecoveryTest {

    static final int EVENTS = 300;
    static final int DROPS = 3;

    static final String QUEUE = "incident-events.comms";
    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    private final LocalStack stack = LocalStackTestResource.shared();
    /** The copies of comms' incident-events channel (its concurrency). */
    static final int INCIDENT_EVENT_COPIES = 16;
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(15);

    @Test
    @Order(1)
    void everyEventOfABurstIsAppliedOnceAfterTheBrokerFailedTheConsumerConnections() {
        List<UUID> events = publishBurst(EVENTS, "burst");
        for (int drop = 0; drop < DROPS; drop++) {
            long before = applied(events);
            // let comms apply some of the burst, then fail every connection while it holds the rest
            await("comms applies more of the burst after drop " + drop).atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                    .until(() -> applied(events) > before || before == EVENTS);
            int failed = failConnectionsOnceReconnected(drop % 2 == 0);
            System.out.printf("drop %d: %d of %d events applied, %d broker connections failed%n", drop, applied(events),
                    EVENTS, failed);
        }
        await("every event of the burst applied (" + stack.queueState(QUEUE) + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).until(() -> applied(events) == EVENTS);
        assertEquals(EVENTS, timelineRows(events), "each event one timeline row");
    }

    @Test
    @Order(2)
    void commsKeepsConsumingAfterMoreConnectionLossesThanTheConnectorRetriesByDefault() {
        // SmallRye's AMQP connector gives up a channel copy for good after 6 failures in its lifetime by default
        List<Integer> connected = new ArrayList<>();
        for (int drop = 0; drop < 8; drop++) {
            connected.add(failConnectionsOnceReconnected(drop % 2 == 0));
        }
        System.out.println("comms' connections failed by each of the 8 drops: " + connected);
        List<UUID> events = publishBurst(40, "after-drops");
        await("the events published after the drops applied").atMost(DEADLINE).pollInterval(Duration.ofMillis(250))
                .until(() -> applied(events) == events.size());
    }

    private List<UUID> publishBurst(int count, String tag) {
        List<UUID> events = new ArrayList<>();
        try (TestBroker broker = TestBroker.connect()) {
            for (int i = 0; i < count; i++) {
                UUID incident = UUID.randomUUID();
                EventEnvelope opened = Payload.envelope(EventType.IncidentOpened, incident, Instant.now(), "detection",
                        Payload.opened("Queue backlog " + i, "SEV4", tag + "-" + i, Instant.now(), Instant.now()));
                broker.publish(Addresses.INCIDENT_EVENTS, opened);
                events.add(opened.eventId());
            }
        }
        return events;
    }

    /**
     * Once comms' channel copies are connected (the outbox sender reconnects only to send), fails every broker
     * connection: with an AMQP close carrying an error (as on a refused settlement) or by dropping it.
     */
    private int failConnectionsOnceReconnected(boolean closeWithError) {
        // SmallRye's connector (4.31) never retries a copy whose connection is lost between connecting and attaching
        // its receiver; a drop that lands in that window leaves one copy fewer (the others keep consuming), so a
        // copy that is not back within the wait is not waited for again
        try {
            await("comms' consumers connected").atMost(RECONNECT_WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> stack.brokerConnectionCount() >= INCIDENT_EVENT_COPIES + 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("only " + stack.brokerConnectionCount() + " of comms' " + (INCIDENT_EVENT_COPIES + 1)
                    + " consumer connections are back");
        }
        return stack.failBrokerConnections("connection failed by the test", closeWithError);
    }

    private long applied(List<UUID> events) {
        return count("SELECT count(*) FROM processed_event WHERE event_id = ANY($1)", events);
    }

    private long timelineRows(List<UUID> events) {
        return count("SELECT count(*) FROM timeline_entry WHERE event_id = ANY($1)", events);
    }

    private long count(String sql, List<UUID> ids) {
        return pool.preparedQuery(sql).execute(Tuple.of(ids.toArray(new UUID[0])))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
