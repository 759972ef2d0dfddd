package io.irsuite.platform.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Subscriptions;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The one broker test client of every service's tests: a plain AMQP 1.0 client on the test broker
 * (host and port from the Quarkus config the local stack set), to publish events as another
 * service would and to read queues as another consumer would.
 */
public final class TestBroker implements AutoCloseable {

    /** Writes envelopes as the services do (ISO timestamps). */
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final Vertx VERTX = Vertx.vertx();

    private final AmqpClient client;
    private final AmqpConnection connection;

    private TestBroker(AmqpClient client, AmqpConnection connection) {
        this.client = client;
        this.connection = connection;
    }

    /** Connects to the broker the running Quarkus test uses. */
    public static TestBroker connect() {
        var config = ConfigProvider.getConfig();
        return connect(config.getValue("amqp-host", String.class), config.getValue("amqp-port", Integer.class));
    }

    public static TestBroker connect(String host, int port) {
        AmqpClient client = AmqpClient.create(VERTX, new AmqpClientOptions().setHost(host).setPort(port));
        return new TestBroker(client, get(client.connect()));
    }

    /** An envelope as {@code producer} would write it. */
    public static EventEnvelope envelope(EventType type, UUID incidentId, String producer, Record payload) {
        return new EventEnvelope(UUID.randomUUID(), type.name(), incidentId, Instant.now(), producer,
                type.schemaVersion(), JSON.valueToTree(payload));
    }

    /** Publishes an incident event as {@code producer} would; its event id. */
    public UUID sendEvent(EventType type, UUID incidentId, String producer, Record payload) {
        EventEnvelope envelope = envelope(type, incidentId, producer, payload);
        publish(Addresses.INCIDENT_EVENTS, envelope);
        return envelope.eventId();
    }

    /** Publishes a catalog event as triage would; its event id. */
    public UUID sendCatalogEvent(EventType type, Record payload) {
        EventEnvelope envelope = envelope(type, null, "triage", payload);
        publish(Addresses.CATALOG_EVENTS, envelope);
        return envelope.eventId();
    }

    /** Publishes {@code envelope} on {@code address}, labelled and grouped by its incident as the outbox relay does. */
    public void publish(String address, EventEnvelope envelope) {
        io.vertx.amqp.AmqpMessageBuilder message = AmqpMessage.create().withBody(write(envelope)).durable(true)
                .id(envelope.eventId().toString()).subject(envelope.type())
                .applicationProperties(new JsonObject()
                        .put(Subscriptions.TYPE_PROPERTY, envelope.type()));
        if (envelope.incidentId() != null) {
            message.groupId(envelope.incidentId().toString());
        }
        send(address, message.build());
    }

    /** Sends {@code body} as a durable message to {@code address} and waits for the broker to accept it. */
    public void send(String address, String body) {
        send(address, AmqpMessage.create().withBody(body).durable(true).build());
    }

    public void send(String address, AmqpMessage message) {
        AmqpSender sender = get(connection.createSender(address));
        try {
            get(sender.sendWithAck(message));
        } finally {
            get(sender.close());
        }
    }

    /** Starts reading {@code queueFqqn}; every message is collected (and taken off the queue). */
    public Reader read(String queueFqqn) {
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        AmqpReceiver receiver = get(connection.createReceiver(queueFqqn));
        receiver.handler(message -> {
            try {
                received.add(new JsonObject(message.bodyAsString()));
            } catch (RuntimeException notJson) {
                // another test's poison message: not ours to look at
            }
        });
        return new Reader(receiver, received);
    }

    /** The messages one receiver has read, in the order it read them. */
    public static final class Reader implements AutoCloseable {
        private final AmqpReceiver receiver;
        private final List<JsonObject> received;

        Reader(AmqpReceiver receiver, List<JsonObject> received) {
            this.receiver = receiver;
            this.received = received;
        }

        /** Waits until the messages read so far contain {@code count} matching ones; returns them. */
        public List<JsonObject> awaitMatching(Predicate<JsonObject> filter, int count, Duration timeout) {
            await().atMost(timeout).until(() -> received.stream().filter(filter).count() >= count);
            return matching(filter);
        }

        public List<JsonObject> matching(Predicate<JsonObject> filter) {
            return received.stream().filter(filter).toList();
        }

        public List<JsonObject> all() {
            return List.copyOf(received);
        }

        @Override
        public void close() {
            get(receiver.close());
        }
    }

    @Override
    public void close() {
        get(connection.close());
        get(client.close());
    }

    private static String write(EventEnvelope envelope) {
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static <T> T get(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("AMQP operation failed: " + e.getMessage(), e);
        }
    }
}
