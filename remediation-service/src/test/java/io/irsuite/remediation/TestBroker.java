package io.irsuite.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real broker, seen from a test: publishes real {@link EventEnvelope}s (as another service
 * would) and reads what reached comms' queue on {@code incident-events} (comms does not run here).
 */
public final class TestBroker {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static Vertx vertx;
    private static AmqpConnection connection;
    private static final List<EventEnvelope> COMMS_QUEUE = new CopyOnWriteArrayList<>();

    private TestBroker() {
    }

    private static synchronized AmqpConnection connection() throws Exception {
        if (connection == null) {
            vertx = Vertx.vertx();
            var config = ConfigProvider.getConfig();
            AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions()
                    .setHost(config.getValue("amqp-host", String.class))
                    .setPort(config.getValue("amqp-port", Integer.class)));
            connection = await(client.connect());
            // comms' queue gets a copy of every event remediation emits; keep them all for the tests
            AmqpReceiver receiver = await(connection.createReceiver(Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms")));
            receiver.handler(message -> {
                try {
                    COMMS_QUEUE.add(JSON.readValue(message.bodyAsString(), EventEnvelope.class));
                } catch (Exception e) {
                    // another test's raw message; not an envelope
                }
            });
        }
        return connection;
    }

    /** Publishes an envelope of {@code type} on {@code address}, as its producer would, and waits for the broker to accept it. */
    public static UUID publish(String address, EventType type, UUID incidentId, String producer, Record payload) throws Exception {
        UUID eventId = UUID.randomUUID();
        EventEnvelope envelope = new EventEnvelope(eventId, type.name(), incidentId, Instant.now(), producer,
                EventEnvelope.SCHEMA_VERSION, JSON.valueToTree(payload));
        publishRaw(address, JSON.writeValueAsString(envelope));
        return eventId;
    }

    public static void publishRaw(String address, String body) throws Exception {
        AmqpSender sender = await(connection().createSender(address));
        await(sender.sendWithAck(AmqpMessage.create().withBody(body).durable(true).build()));
        await(sender.close());
    }

    /** Events on comms' queue about {@code incidentId}, in arrival order. */
    public static List<EventEnvelope> seenByComms(UUID incidentId) throws Exception {
        connection();
        return COMMS_QUEUE.stream().filter(e -> incidentId.equals(e.incidentId())).toList();
    }

    public static JsonNode payload(EventEnvelope envelope) {
        return envelope.payload();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
