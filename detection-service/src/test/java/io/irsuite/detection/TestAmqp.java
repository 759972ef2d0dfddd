package io.irsuite.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.amqp.AmqpReceiver;
import io.vertx.mutiny.amqp.AmqpSender;
import io.vertx.mutiny.core.Vertx;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test side of the real broker: publishes alerts and event envelopes the way the other
 * services and alert sources do, and reads what detection publishes. Host and port come from the
 * config the local stack gave Quarkus.
 */
public final class TestAmqp implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Vertx vertx;
    private final AmqpClient client;

    public TestAmqp() {
        vertx = Vertx.vertx();
        var config = ConfigProvider.getConfig();
        client = AmqpClient.create(vertx, new AmqpClientOptions()
                .setHost(config.getValue("amqp-host", String.class))
                .setPort(config.getValue("amqp-port", Integer.class)));
    }

    /** Sends {@code message} to {@code address} and waits until the broker accepted it. */
    public void send(String address, AmqpMessage message) {
        AmqpSender sender = client.createSender(address).await().atMost(TIMEOUT);
        try {
            sender.sendWithAck(message).await().atMost(TIMEOUT);
        } finally {
            sender.close().await().atMost(TIMEOUT);
        }
    }

    /** An alert body as text, the plainest AMQP publisher. */
    public void sendAlertText(String json) {
        send(Addresses.ALERTS, AmqpMessage.create().withBody(json).durable(true).build());
    }

    /** A real envelope on {@code incident-events}, as another service's outbox relay sends it. */
    public UUID sendEvent(EventType type, UUID incidentId, Record payload) {
        return sendEvent(UUID.randomUUID(), type, incidentId, payload);
    }

    public UUID sendEvent(UUID eventId, EventType type, UUID incidentId, Record payload) {
        EventEnvelope envelope = new EventEnvelope(eventId, type.name(), incidentId, Instant.now(), "test",
                EventEnvelope.SCHEMA_VERSION, MAPPER.valueToTree(payload));
        try {
            send(Addresses.INCIDENT_EVENTS, AmqpMessage.create()
                    .withBody(MAPPER.writeValueAsString(envelope)).durable(true).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    /** A catalog envelope on {@code catalog-events}, as triage publishes it. */
    public void sendCatalogEvent(EventType type, Record payload) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type.name(), null, Instant.now(), "triage",
                EventEnvelope.SCHEMA_VERSION, MAPPER.valueToTree(payload));
        try {
            send(Addresses.CATALOG_EVENTS, AmqpMessage.create()
                    .withBody(MAPPER.writeValueAsString(envelope)).durable(true).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects every message body arriving on {@code queueFqqn} from now on (accepting each). */
    public List<String> collect(String queueFqqn) {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AmqpReceiver receiver = client.createReceiver(queueFqqn, new AmqpReceiverOptions().setAutoAcknowledgement(true))
                .await().atMost(TIMEOUT);
        receiver.toMulti().subscribe().with(m -> bodies.add(m.bodyAsString()));
        return bodies;
    }

    @Override
    public void close() {
        client.close().await().atMost(TIMEOUT);
        vertx.close().await().atMost(TIMEOUT);
    }
}
