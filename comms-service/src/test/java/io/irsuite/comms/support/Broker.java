package io.irsuite.comms.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpConnection;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.amqp.AmqpSender;
import io.vertx.mutiny.core.Vertx;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Puts real envelopes on the real broker with the Vert.x AMQP client, as detection, triage and
 * remediation would. Runs on the test thread, so awaiting is fine.
 */
public final class Broker implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Vertx vertx;
    private final AmqpClient client;
    private final AmqpConnection connection;

    private Broker() {
        vertx = Vertx.vertx();
        String host = ConfigProvider.getConfig().getValue("amqp-host", String.class);
        int port = ConfigProvider.getConfig().getValue("amqp-port", Integer.class);
        client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(host).setPort(port));
        connection = client.connect().await().atMost(WAIT);
    }

    public static Broker connect() {
        return new Broker();
    }

    /** An envelope as another service would build it. */
    public static EventEnvelope envelope(EventType type, UUID incidentId, Instant occurredAt, String producer,
                                         Record payload) {
        return new EventEnvelope(UUID.randomUUID(), type.name(), incidentId, occurredAt, producer,
                EventEnvelope.SCHEMA_VERSION, JSON.valueToTree(payload));
    }

    public void publishIncidentEvent(EventEnvelope envelope) {
        publish(Addresses.INCIDENT_EVENTS, write(envelope));
    }

    public void publishCatalogEvent(EventEnvelope envelope) {
        publish(Addresses.CATALOG_EVENTS, write(envelope));
    }

    /** Sends {@code body} durably and waits until the broker has accepted it. */
    public void publish(String address, String body) {
        AmqpSender sender = connection.createSender(address).await().atMost(WAIT);
        try {
            sender.sendWithAck(AmqpMessage.create().withBody(body).durable(true).build()).await().atMost(WAIT);
        } finally {
            sender.close().await().atMost(WAIT);
        }
    }

    private static String write(EventEnvelope envelope) {
        try {
            return JSON.writeValueAsString(envelope);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close().await().atMost(WAIT);
            client.close().await().atMost(WAIT);
        } finally {
            vertx.close().await().atMost(WAIT);
        }
    }
}
