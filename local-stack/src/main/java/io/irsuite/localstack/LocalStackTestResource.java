package io.irsuite.localstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/**
 * Quarkus test resource: the real PostgreSQL and AMQP broker for a service's {@code @QuarkusTest}
 * slices, on free loopback ports and in a throw-away folder. One stack per test JVM, started on
 * first use and stopped when the JVM exits, so the Quarkus application boots once per module.
 * Init arg {@code database} names the service's database.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalStack shared;
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        LocalStack stack = shared();
        try {
            stack.createDatabase(database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
        return stack.quarkusConfig(database);
    }

    /** The stack of this JVM, for tests that look at the broker directly (e.g. the dead-letter queue). */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("ir-test-stack");
                shared = LocalStack.start(new LocalStack.Settings(dir, 0, 0));
                LocalStack stack = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stack.close();
                    LocalStack.deleteTree(dir);
                }, "local-stack-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException("local stack failed to start", e);
            }
        }
        return shared;
    }

    @Override
    public void stop() {
        // The stack outlives one application start; the shutdown hook stops it with the JVM.
    }
}
