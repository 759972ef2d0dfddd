package io.irsuite.triage.support;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A plain AMQP 1.0 client on the test broker (host and port from the Quarkus config the local
 * stack set), to publish events as another service would and to read other services' queues.
 */
public final class Broker implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    private final AmqpClient client;
    private final AmqpConnection connection;

    private Broker(AmqpClient client, AmqpConnection connection) {
        this.client = client;
        this.connection = connection;
    }

    public static Broker connect() {
        var config = ConfigProvider.getConfig();
        AmqpClient client = AmqpClient.create(VERTX, new AmqpClientOptions()
                .setHost(config.getValue("amqp-host", String.class))
                .setPort(config.getValue("amqp-port", Integer.class)));
        return new Broker(client, get(client.connect()));
    }

    /** Sends {@code body} as a durable message to {@code address} and waits for the broker to accept it. */
    public void send(String address, String body) {
        AmqpSender sender = get(connection.createSender(address));
        try {
            get(sender.sendWithAck(AmqpMessage.create().withBody(body).durable(true).build()));
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
            return received.stream().filter(filter).toList();
        }

        public List<JsonObject> matching(Predicate<JsonObject> filter) {
            return received.stream().filter(filter).toList();
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

    private static <T> T get(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("AMQP operation failed: " + e.getMessage(), e);
        }
    }
}
