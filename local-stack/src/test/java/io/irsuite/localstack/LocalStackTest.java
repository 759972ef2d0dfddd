package io.irsuite.localstack;

import io.irsuite.events.Addresses;
import io.irsuite.events.Subscriptions;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real PostgreSQL and broker: databases, fan-out per service, durability and dead letters. */
class LocalStackTest {

    @TempDir
    static Path dataDir;
    static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    @Test
    void everyServiceGetsItsOwnDurableCopyThatSurvivesARestartAndPoisonEndsInTheDeadLetterQueue() throws Exception {
        int pgPort;
        int amqpPort;
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(dataDir, 0, 0))) {
            pgPort = stack.postgresPort();
            amqpPort = stack.amqpPort();
            stack.createDatabase("detection");
            stack.createDatabase("detection"); // idempotent
            try (var c = DriverManager.getConnection(stack.jdbcUrl("detection"), LocalStack.DB_USER, LocalStack.DB_PASSWORD);
                 var s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('still here')");
            }
            AmqpConnection connection = connect(amqpPort);
            send(connection, Addresses.INCIDENT_EVENTS, "event-1");
            assertEquals("event-1", receiveOne(connection, Addresses.fqqn(Addresses.INCIDENT_EVENTS, "triage")));
            // comms was not listening: its copy waits in its durable queue
            awaitCount(stack, Addresses.queue(Addresses.INCIDENT_EVENTS, "comms"), 1);
            await(connection.close());
        }

        // same ports, same data folder: what was accepted before the restart is still there
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(dataDir, pgPort, amqpPort))) {
            assertEquals(1, stack.messageCount(Addresses.queue(Addresses.INCIDENT_EVENTS, "comms")));
            try (var c = DriverManager.getConnection(stack.jdbcUrl("detection"), LocalStack.DB_USER, LocalStack.DB_PASSWORD);
                 var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertTrue(rs.next());
                assertEquals("still here", rs.getString(1));
            }
            AmqpConnection connection = connect(stack.amqpPort());
            assertEquals("event-1", receiveOne(connection, Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms")));

            // a message its consumer keeps failing goes to the dead-letter queue after bounded redeliveries
            send(connection, Addresses.ALERTS, "poison");
            LinkedBlockingQueue<String> attempts = new LinkedBlockingQueue<>();
            AmqpReceiver receiver = await(connection.createReceiver(Addresses.ALERTS,
                    new AmqpReceiverOptions().setAutoAcknowledgement(false)));
            receiver.handler(msg -> {
                attempts.add(msg.bodyAsString());
                msg.modified(true, false);
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stack.messageCount(Addresses.DEAD_LETTER) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, stack.messageCount(Addresses.DEAD_LETTER));
            assertEquals(LocalStack.MAX_DELIVERY_ATTEMPTS, attempts.size());
            await(connection.close());
        }
    }

    @Test
    void eachQueueGetsOnlyTheLabelledTypesItsServiceActsOnAndEveryUnlabelledMessage(@TempDir Path dir) throws Exception {
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(dir, 0, 0))) {
            AmqpConnection connection = connect(stack.amqpPort());
            send(connection, Addresses.INCIDENT_EVENTS, labelled("AlertAttached"));
            send(connection, Addresses.INCIDENT_EVENTS, labelled("IncidentTriaged"));
            send(connection, Addresses.INCIDENT_EVENTS, labelled("RemediationStarted"));
            send(connection, Addresses.INCIDENT_EVENTS, AmqpMessage.create().withBody("no label").durable(true).build());
            // triage: AlertAttached + unlabelled; detection: IncidentTriaged + RemediationStarted + unlabelled;
            // remediation: AlertAttached + IncidentTriaged + unlabelled; comms: all
            // the broker acknowledges a send once routed; a queue counts the message a moment later
            awaitCount(stack, Addresses.queue(Addresses.INCIDENT_EVENTS, "comms"), 4);
            awaitCount(stack, Addresses.queue(Addresses.INCIDENT_EVENTS, "triage"), 2);
            awaitCount(stack, Addresses.queue(Addresses.INCIDENT_EVENTS, "detection"), 3);
            awaitCount(stack, Addresses.queue(Addresses.INCIDENT_EVENTS, "remediation"), 3);
            assertEquals(2, stack.messageCount(Addresses.queue(Addresses.INCIDENT_EVENTS, "triage")));
            assertEquals("AlertAttached", receiveOne(connection, Addresses.fqqn(Addresses.INCIDENT_EVENTS, "triage")));
            await(connection.close());
        }
    }

    /**
     * A consumer that dies holding an incident's first event (its connection dropped, as when the process is
     * killed): the event goes back to the head of the queue at once, not onto a redelivery delay, so the next
     * consumer gets it before the incident's later events. Comms' projection and triage rely on that order.
     */
    @Test
    void anEventOfADeadConsumerComesBackAtOnceAheadOfItsIncidentsLaterEvents(@TempDir Path dir) throws Exception {
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(dir, 0, 0))) {
            String queue = Addresses.queue(Addresses.INCIDENT_EVENTS, "comms");
            String source = Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms");
            AmqpConnection dying = connect(stack.amqpPort());
            send(dying, Addresses.INCIDENT_EVENTS, grouped("opened", "incident-1"));
            LinkedBlockingQueue<String> held = new LinkedBlockingQueue<>();
            AmqpReceiver first = await(dying.createReceiver(source, new AmqpReceiverOptions().setAutoAcknowledgement(false)));
            first.handler(msg -> held.add(msg.bodyAsString())); // never settled: the process dies holding it
            assertEquals("opened", held.poll(20, TimeUnit.SECONDS));

            // the connection drops as when the process is killed
            assertEquals(1, stack.failBrokerConnections("killed", false));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!stack.queueState(queue).contains(" 0 consumers") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(stack.queueState(queue).contains(" 0 consumers"), stack.queueState(queue));
            assertTrue(stack.queueState(queue).contains(" 0 scheduled"), "nothing waits on a redelivery delay: "
                    + stack.queueState(queue));

            AmqpConnection survivor = connect(stack.amqpPort());
            send(survivor, Addresses.INCIDENT_EVENTS, grouped("triaged", "incident-1"));
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            AmqpReceiver next = await(survivor.createReceiver(source));
            next.handler(msg -> got.add(msg.bodyAsString()));
            assertEquals("opened", got.poll(20, TimeUnit.SECONDS), "the dead consumer's event first");
            assertEquals("triaged", got.poll(20, TimeUnit.SECONDS));
            await(survivor.close());
        }
    }

    private static AmqpMessage grouped(String body, String incident) {
        return AmqpMessage.create().withBody(body).durable(true).groupId(incident).build();
    }

    private static AmqpMessage labelled(String type) {
        return AmqpMessage.create().withBody(type).durable(true)
                .applicationProperties(new JsonObject().put(Subscriptions.TYPE_PROPERTY, type)).build();
    }

    /** Waits, with a deadline, until the queue holds the expected count, then asserts it. */
    private static void awaitCount(LocalStack stack, String queue, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stack.messageCount(queue) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, stack.messageCount(queue), stack.queueState(queue));
    }

    private static AmqpConnection connect(int port) throws Exception {
        return await(AmqpClient.create(vertx, new AmqpClientOptions().setHost(LocalStack.HOST).setPort(port)).connect());
    }

    private static void send(AmqpConnection connection, String address, String body) throws Exception {
        send(connection, address, AmqpMessage.create().withBody(body).durable(true).build());
    }

    private static void send(AmqpConnection connection, String address, AmqpMessage message) throws Exception {
        var sender = await(connection.createSender(address));
        await(sender.sendWithAck(message));
        await(sender.close());
    }

    private static String receiveOne(AmqpConnection connection, String source) throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        AmqpReceiver receiver = await(connection.createReceiver(source));
        receiver.handler(msg -> got.add(msg.bodyAsString()));
        String body = got.poll(20, TimeUnit.SECONDS);
        await(receiver.close());
        return body;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
