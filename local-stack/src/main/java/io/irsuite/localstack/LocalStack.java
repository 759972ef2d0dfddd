package io.irsuite.localstack;

import io.irsuite.events.Addresses;
import io.irsuite.events.Subscriptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.protocol.amqp.broker.ActiveMQProtonRemotingConnection;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The real infrastructure of the local suite and of the tests: a PostgreSQL server (zonky's
 * embedded binaries, run as a child process) and an ActiveMQ Artemis broker speaking AMQP 1.0,
 * in-process. Both listen on loopback only and keep their data under {@link Settings#dataDir()},
 * so a restart loses nothing: the broker journals every durable message.
 */
public final class LocalStack implements AutoCloseable {

    /** Loopback only: the local suite is not reachable from other machines. */
    public static final String HOST = "127.0.0.1";
    /** Default ports, chosen not to clash with a system PostgreSQL (5432) or RabbitMQ (5672, 15672, 25672). */
    public static final int DEFAULT_POSTGRES_PORT = 55432;
    public static final int DEFAULT_AMQP_PORT = 55672;
    public static final String DB_USER = "postgres";
    public static final String DB_PASSWORD = "postgres";
    /** Redeliveries before the broker moves a message to {@link Addresses#DEAD_LETTER}. */
    public static final int MAX_DELIVERY_ATTEMPTS = 5;

    /** Where a message with a time-to-live goes when it expires (the suite sets none; this keeps them visible). */
    static final String EXPIRY = "ExpiryQueue";

    private static final Logger LOG = Logger.getLogger(LocalStack.class.getName());
    /**
     * Artemis' audit loggers write a line per message sent and consumed at INFO, which JBoss LogManager
     * enables: in an alert storm that is most of the broker's work. Held here so the level sticks.
     */
    private static final Logger BROKER_AUDIT = quiet("org.apache.activemq.audit");

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /**
     * @param dataDir      where PostgreSQL's cluster and the broker's journal live
     * @param postgresPort 0 for a free port
     * @param amqpPort     0 for a free port
     */
    public record Settings(Path dataDir, int postgresPort, int amqpPort) {
    }

    // null while stopped by stopPostgres/stopBroker; guarded by this for the stop and start methods
    private volatile EmbeddedPostgres postgres;
    private volatile long postgresPid;
    private final Process watchdog;
    private volatile EmbeddedActiveMQ broker;
    private final Path postgresData;
    private final Path brokerData;
    private final int postgresPort;
    private final int amqpPort;

    private LocalStack(EmbeddedPostgres postgres, long postgresPid, Process watchdog, EmbeddedActiveMQ broker,
                       Path postgresData, Path brokerData, int amqpPort) {
        this.postgres = postgres;
        this.postgresPid = postgresPid;
        this.watchdog = watchdog;
        this.broker = broker;
        this.postgresData = postgresData;
        this.brokerData = brokerData;
        this.postgresPort = postgres.getPort();
        this.amqpPort = amqpPort;
    }

    /** Starts PostgreSQL and the broker; on failure nothing is left running. */
    public static LocalStack start(Settings settings) throws IOException {
        int pgPort = settings.postgresPort() == 0 ? freePort() : settings.postgresPort();
        int amqpPort = settings.amqpPort() == 0 ? freePort() : settings.amqpPort();
        Path pgData = settings.dataDir().resolve("postgres");
        Path brokerData = settings.dataDir().resolve("broker");
        Files.createDirectories(brokerData);
        stopLeftoverPostgres(pgData);
        EmbeddedPostgres postgres = startPostgres(pgData, pgPort);
        long pgPid = postmasterPid(pgData);
        // reads the pid file when it fires: PostgreSQL may have been restarted (startPostgres) since
        Process watchdog = watchdog("kill -INT $(head -n 1 '" + pgData.toAbsolutePath() + "/postmaster.pid')");
        try {
            EmbeddedActiveMQ broker = startBroker(brokerData, amqpPort);
            return new LocalStack(postgres, pgPid, watchdog, broker, pgData, brokerData, amqpPort);
        } catch (Exception e) {
            postgres.close();
            watchdog.destroy();
            throw new IOException("AMQP broker failed to start on " + HOST + ":" + amqpPort + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code dir} and everything in it, as far as it can: a leftover temp folder is harmless. */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // what is left stays in the temp folder
        }
    }

    /**
     * A small shell child that runs {@code command} once this JVM is gone, even if it was killed
     * without running its shutdown hooks (SIGKILL, OOM killer). PostgreSQL runs detached (pg_ctl)
     * and the services are separate JVMs: without this they would outlive a killed launcher.
     */
    static Process watchdog(String command) throws IOException {
        long self = ProcessHandle.current().pid();
        String script = "while kill -0 " + self + " 2>/dev/null; do sleep 1; done; " + command + " 2>/dev/null";
        return new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** A PostgreSQL still running on this data folder from a run that was killed: stop it first. */
    private static void stopLeftoverPostgres(Path dataDir) throws IOException {
        if (!Files.isRegularFile(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        long pid = postmasterPid(dataDir);
        var leftover = ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("postgres"));
        if (leftover.isPresent()) {
            LOG.warning("stopping PostgreSQL (pid " + pid + ") left running on " + dataDir + " by an earlier run");
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).start();
            try {
                leftover.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("PostgreSQL left running on " + dataDir + " (pid " + pid + ") did not stop", e);
            }
        }
    }

    private static long postmasterPid(Path dataDir) throws IOException {
        String first = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
        return Long.parseLong(first);
    }

    private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir.getParent());
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", HOST)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                // zonky turns these off for speed; accepted means durable, so they stay on
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
    }

    private static EmbeddedActiveMQ startBroker(Path dataDir, int port) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("ir-local")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                // a durable send is settled once its journal write is synced; NIO's default batches those syncs for
                // up to 3.3 ms (sized for a spinning disk), so every event waited about that long on an idle broker.
                // 0.5 ms (the default for AIO journals) settles one in 0.8-1.1 ms instead of 3.45 ms (bench/README)
                .setJournalBufferTimeout_NIO(500_000);
        config.setBrokerInstance(dataDir.toFile());
        config.setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false);
        config.addAcceptorConfiguration("amqp", "tcp://" + HOST + ":" + port + "?protocols=AMQP");
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(Addresses.DEAD_LETTER))
                .setExpiryAddress(SimpleString.of(EXPIRY))
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setRedeliveryDelay(500)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(5_000));
        multicast(config, Addresses.INCIDENT_EVENTS, Addresses.INCIDENT_CONSUMERS, Subscriptions::filter);
        multicast(config, Addresses.CATALOG_EVENTS, Addresses.CATALOG_CONSUMERS, service -> null);
        anycast(config, Addresses.ALERTS);
        anycast(config, Addresses.CHANGES);
        anycast(config, Addresses.DEAD_LETTER);
        anycast(config, EXPIRY);
        config.registerBrokerPlugin(new io.irsuite.broker.OrphanedSessionReaper());
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        return broker;
    }

    /**
     * A multicast address with one durable queue per consuming service, each with the service's filter
     * (null: every message). A queue's filter is updated on start when it changed.
     */
    private static void multicast(Configuration config, String address, String[] consumers,
                                  Function<String, String> filter) {
        CoreAddressConfiguration addressConfig = new CoreAddressConfiguration()
                .setName(address).addRoutingType(RoutingType.MULTICAST);
        for (String service : consumers) {
            addressConfig.addQueueConfiguration(QueueConfiguration.of(Addresses.queue(address, service))
                    .setAddress(address).setRoutingType(RoutingType.MULTICAST).setDurable(true)
                    .setFilterString(filter.apply(service)));
        }
        config.addAddressConfiguration(addressConfig);
    }

    private static void anycast(Configuration config, String name) {
        config.addAddressConfiguration(new CoreAddressConfiguration()
                .setName(name).addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setAddress(name)
                        .setRoutingType(RoutingType.ANYCAST).setDurable(true)));
    }

    /**
     * Stops PostgreSQL (a fast shutdown: clients are disconnected, committed data stays on disk) and
     * leaves the broker and everything else running, to simulate a database outage. Idempotent.
     */
    public synchronized void stopPostgres() throws IOException {
        EmbeddedPostgres running = postgres;
        if (running == null) {
            return;
        }
        postgres = null;
        running.close();
    }

    /** Starts PostgreSQL again on the same data folder and port, so clients reconnect to it. Idempotent. */
    public synchronized void startPostgres() throws IOException {
        if (postgres != null) {
            return;
        }
        postgres = startPostgres(postgresData, postgresPort);
        postgresPid = postmasterPid(postgresData);
    }

    public boolean postgresRunning() {
        return postgres != null;
    }

    /**
     * Stops the broker (its journal is flushed: durable queues and unacknowledged messages survive)
     * and leaves PostgreSQL and everything else running, to simulate a broker outage. Idempotent.
     */
    public synchronized void stopBroker() throws Exception {
        EmbeddedActiveMQ running = broker;
        if (running == null) {
            return;
        }
        broker = null;
        running.stop();
    }

    /** Starts the broker again from the same journal on the same port. Idempotent. */
    public synchronized void startBroker() throws Exception {
        if (broker != null) {
            return;
        }
        broker = startBroker(brokerData, amqpPort);
    }

    public boolean brokerRunning() {
        return broker != null;
    }

    /** Creates {@code name} unless it exists. */
    public void createDatabase(String name) throws SQLException {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
            LOG.info(() -> "created database " + name);
        }
    }

    /** The PostgreSQL server process (postmaster). */
    public long postgresPid() {
        return postgresPid;
    }

    public int postgresPort() {
        return postgresPort;
    }

    public int amqpPort() {
        return amqpPort;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + postgresPort() + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + HOST + ":" + postgresPort() + "/" + database;
    }

    /**
     * The environment a service process needs to reach this stack, in the standard Quarkus
     * variables of the contract.
     */
    public Map<String, String> serviceEnvironment(String database) {
        return serviceEnvironment(postgresPort(), amqpPort, database);
    }

    /** The environment of a service process using the stack on these ports (e.g. one more replica). */
    public static Map<String, String> serviceEnvironment(int postgresPort, int amqpPort, String database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + HOST + ":" + postgresPort + "/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + HOST + ":" + postgresPort + "/" + database);
        env.put("QUARKUS_DATASOURCE_USERNAME", DB_USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", DB_PASSWORD);
        env.put("AMQP_HOST", HOST);
        env.put("AMQP_PORT", Integer.toString(amqpPort));
        return env;
    }

    /** The same settings as Quarkus configuration properties, for test resources. */
    public Map<String, String> quarkusConfig(String database) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.reactive.url", reactiveUrl(database));
        config.put("quarkus.datasource.jdbc.url", jdbcUrl(database));
        config.put("quarkus.datasource.username", DB_USER);
        config.put("quarkus.datasource.password", DB_PASSWORD);
        config.put("amqp-host", HOST);
        config.put("amqp-port", Integer.toString(amqpPort));
        return config;
    }

    /** Messages waiting in a queue, e.g. {@code DLQ} or {@code incident-events.comms}. */
    public long messageCount(String queue) {
        var binding = server().locateQueue(SimpleString.of(queue));
        return binding == null ? -1 : binding.getMessageCount();
    }

    /** What a queue holds, for a test's failure message: messages, delivering, scheduled, consumers, groups. */
    public String queueState(String queue) {
        var q = server().locateQueue(SimpleString.of(queue));
        if (q == null) {
            return queue + ": no such queue";
        }
        StringBuilder out = new StringBuilder("%s: %d messages, %d delivering, %d scheduled, %d consumers, %d groups".formatted(
                queue, q.getMessageCount(), q.getDeliveringCount(), q.getScheduledCount(), q.getConsumerCount(), q.getGroupCount()));
        // who holds what is being delivered: the consumer (its client's address) and each message's group and type
        for (var consumer : q.getConsumers()) {
            if (consumer instanceof org.apache.activemq.artemis.core.server.impl.ServerConsumerImpl c && !c.getDeliveringMessages().isEmpty()) {
                out.append(" | consumer ").append(c.getID()).append(" of ").append(c.getConnectionRemoteAddress()).append(" delivering");
                for (var ref : c.getDeliveringMessages()) {
                    var m = ref.getMessage();
                    out.append(" [message ").append(m.getMessageID()).append(' ').append(m.getStringProperty("eventType"))
                            .append(", group ").append(m.getGroupID()).append(", delivery ").append(ref.getDeliveryCount())
                            .append(", group held by ").append(groupHolder(q, m.getGroupID())).append(']');
                }
            }
        }
        return out.toString();
    }

    private static String groupHolder(org.apache.activemq.artemis.core.server.Queue q, SimpleString group) {
        var holder = group == null ? null : q.getGroups().get(group);
        return holder instanceof org.apache.activemq.artemis.core.server.impl.ServerConsumerImpl c
                ? "consumer " + c.getID() + " of " + c.getConnectionRemoteAddress() : String.valueOf(holder);
    }

    /** Client connections the broker holds now. */
    public int brokerConnectionCount() {
        return server().getRemotingService().getConnections().size();
    }

    /**
     * Fails every client connection of the broker from the broker's side (for tests of consumer recovery):
     * with an AMQP close carrying an error, as the broker does when it refuses a client's settlement, or
     * by dropping the connection, as a network failure does; the number of connections failed.
     */
    public int failBrokerConnections(String reason, boolean closeWithError) {
        var connections = new java.util.ArrayList<>(server().getRemotingService().getConnections());
        for (var connection : connections) {
            if (closeWithError && connection instanceof ActiveMQProtonRemotingConnection amqp) {
                // what the broker does when it refuses a settlement: an AMQP close frame carrying the error
                amqp.getAmqpConnection().runNow(() -> amqp.getAmqpConnection().close(new ErrorCondition(AmqpError.INTERNAL_ERROR, reason)));
            } else {
                connection.fail(new ActiveMQNotConnectedException(reason));
            }
        }
        return connections.size();
    }

    /** The running broker's server, for the test helpers above; a stopped broker is an IllegalStateException. */
    private org.apache.activemq.artemis.core.server.ActiveMQServer server() {
        EmbeddedActiveMQ running = broker;
        if (running == null) {
            throw new IllegalStateException("the broker is stopped");
        }
        return running.getActiveMQServer();
    }

    /** Stops the broker first (it flushes its journal), then PostgreSQL. */
    @Override
    public synchronized void close() {
        try {
            stopBroker();
        } catch (Exception e) {
            LOG.warning("broker did not stop cleanly: " + e.getMessage());
        }
        try {
            stopPostgres();
        } catch (IOException e) {
            LOG.warning("PostgreSQL did not stop cleanly: " + e.getMessage());
        }
        watchdog.destroy();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
