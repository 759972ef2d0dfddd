package io.irsuite.localstack;

import io.irsuite.events.Addresses;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's outage commands: PostgreSQL and the broker stop and start alone, keeping data, journal and ports. */
class StackControlTest {

    @TempDir
    static Path dataDir;

    @Test
    void postgresAndTheBrokerStopAndStartOnTheirCommandsKeepingTheirDataAndPorts() throws Exception {
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(dataDir, 0, 0))) {
            StackControl control = new StackControl(stack);
            stack.createDatabase("app");
            String url = stack.jdbcUrl("app");
            try (var c = DriverManager.getConnection(url, LocalStack.DB_USER, LocalStack.DB_PASSWORD);
                 var s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('still here')");
            }
            sendDurable(stack.amqpPort(), Addresses.INCIDENT_EVENTS, "event-1");
            String commsQueue = Addresses.queue(Addresses.INCIDENT_EVENTS, "comms");
            assertEquals(1, stack.messageCount(commsQueue));
            assertEquals(commsQueue + ": 1 messages, 0 delivering, 0 scheduled, 0 consumers, 0 groups",
                    control.handle("queue " + commsQueue));
            assertEquals("nope: no such queue", control.handle("queue nope"));
            int postgresPort = stack.postgresPort();

            assertEquals("postgres stopped", control.handle("postgres stop"));
            assertEquals("postgres stopped", control.handle("postgres stop"), "idempotent");
            assertFalse(stack.postgresRunning());
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, LocalStack.DB_USER, LocalStack.DB_PASSWORD));
            assertEquals(1, stack.messageCount(commsQueue), "the broker kept running");
            assertTrue(control.handle("  Postgres   START ").startsWith("postgres started (pid "));
            assertEquals(postgresPort, stack.postgresPort());
            try (var c = DriverManager.getConnection(url, LocalStack.DB_USER, LocalStack.DB_PASSWORD);
                 var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertTrue(rs.next());
                assertEquals("still here", rs.getString(1));
            }

            assertEquals("broker stopped", control.handle("broker stop"));
            assertFalse(stack.brokerRunning());
            try (var c = DriverManager.getConnection(url, LocalStack.DB_USER, LocalStack.DB_PASSWORD)) {
                assertTrue(c.isValid(5), "PostgreSQL kept running");
            }
            assertEquals("broker started (on " + LocalStack.HOST + ":" + stack.amqpPort() + ")", control.handle("broker start"));
            assertEquals(1, stack.messageCount(commsQueue), "the unacknowledged message survived in its durable queue");
            sendDurable(stack.amqpPort(), Addresses.INCIDENT_EVENTS, "event-2");
            assertEquals(2, stack.messageCount(commsQueue), "same port, same address set-up");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"restart", "postgres", "postgres restart", "broker pause", "stop everything"})
    void anUnknownCommandIsAnsweredAndChangesNothing(String line) {
        assertTrue(new StackControl(null).handle(line).startsWith("unknown command '" + line + "' (known: "));
    }

    @Test
    void theEndOfTheInputOnlyEndsTheListening() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Thread listener = StackControl.listen(null, new ByteArrayInputStream("\nhello\n".getBytes(StandardCharsets.UTF_8)), out);
        listener.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(listener.isAlive());
        assertTrue(listener.isDaemon(), "never keeps the launcher's JVM alive");
        assertEquals("[control] unknown command 'hello' (known: " + StackControl.COMMANDS + ")",
                bytes.toString(StandardCharsets.UTF_8).trim());
    }

    private static void sendDurable(int port, String address, String body) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(LocalStack.HOST).setPort(port));
            var connection = client.connect().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            var sender = connection.createSender(address).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            sender.sendWithAck(AmqpMessage.create().withBody(body).durable(true).build())
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            client.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }
}
