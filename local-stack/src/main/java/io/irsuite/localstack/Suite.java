package io.irsuite.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole local suite: the {@link LocalStack} in this JVM and the four packaged services as
 * separate JVM processes, each with its own log file. Used by the launcher and by the system tests.
 */
public final class Suite implements AutoCloseable {

    /** The services in start order, with their default ports. */
    public static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

    /**
     * JVM flags for each service: small heaps, the serial collector and C1 only keep the four
     * processes well under 2 GiB together at rest, which is plenty for this load.
     */
    public static final List<String> SERVICE_JVM_FLAGS = List.of(
            "-Xms48m", "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m",
            "-XX:ReservedCodeCacheSize=48m", "-XX:TieredStopAtLevel=1", "-XX:MaxDirectMemorySize=64m",
            "-XX:+ExitOnOutOfMemoryError");

    /**
     * @param repoRoot       the checkout, where {@code <service>/target/quarkus-app/quarkus-run.jar} lives
     * @param dataDir        database cluster, broker journal and logs
     * @param postgresPort   0 for a free port
     * @param amqpPort       0 for a free port
     * @param httpPorts      service name to port (0 for a free port)
     * @param adminToken     the token with every role
     * @param extraEnv       more environment for every service (e.g. shorter windows in tests)
     * @param readyTimeout   how long each service may take to become ready
     */
    public record Options(Path repoRoot, Path dataDir, int postgresPort, int amqpPort,
                          Map<String, Integer> httpPorts, String adminToken, Map<String, String> extraEnv,
                          Duration readyTimeout) {
    }

    private final Options options;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private volatile LocalStack stack;
    private volatile Process watchdog;
    private volatile boolean closed;

    /** A suite not started yet; {@link #close()} is safe at any point of {@link #start(PrintStream)}. */
    public Suite(Options options) {
        this.options = options;
    }

    /** Starts everything and waits until every service is ready; on failure stops what it started. */
    public Suite start(PrintStream out) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        try {
            out.printf("[suite] starting PostgreSQL and the AMQP broker in %s%n", options.dataDir());
            stack = LocalStack.start(new LocalStack.Settings(options.dataDir(), options.postgresPort(), options.amqpPort()));
            out.printf("[suite] PostgreSQL (pid %d) on %s:%d, AMQP 1.0 broker on %s:%d (%.1f s)%n", stack.postgresPid(),
                    LocalStack.HOST, stack.postgresPort(), LocalStack.HOST, stack.amqpPort(), seconds(t0));
            Path logDir = Files.createDirectories(options.dataDir().resolve("logs"));
            for (var entry : options.httpPorts().entrySet()) {
                String name = entry.getKey();
                stack.createDatabase(name);
                int port = entry.getValue() == 0 ? LocalStack.freePort() : entry.getValue();
                Map<String, String> env = new LinkedHashMap<>(stack.serviceEnvironment(name));
                env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                env.put("QUARKUS_HTTP_HOST", LocalStack.HOST);
                env.put("IR_ADMIN_TOKEN", options.adminToken());
                env.putAll(options.extraEnv());
                Path log = logDir.resolve(name + "-service.log");
                synchronized (services) {
                    if (closed) {
                        throw new InterruptedException("stopped while starting");
                    }
                    services.put(name, ServiceProcess.start(name, options.repoRoot(), port, env, log));
                }
                out.printf("[suite] %s-service starting on port %d (log: %s)%n", name, port, log);
            }
            StringBuilder pids = new StringBuilder();
            services().forEach(s -> pids.append(' ').append(s.pid()));
            watchdog = LocalStack.watchdog("kill -TERM" + pids);
            for (ServiceProcess service : services()) {
                service.awaitReady(options.readyTimeout());
                out.printf("[suite] %s-service ready at %s (%.1f s since start)%n", service.name(),
                        service.baseUrl(), seconds(t0));
            }
            return this;
        } catch (IOException | InterruptedException | RuntimeException | SQLException e) {
            close();
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    public LocalStack stack() {
        return stack;
    }

    /** e.g. {@code http://127.0.0.1:8081} for {@code detection}. */
    public String baseUrl(String service) {
        return services.get(service).baseUrl();
    }

    public List<ServiceProcess> services() {
        synchronized (services) {
            return new ArrayList<>(services.values());
        }
    }

    /** Stops the services (SIGTERM, then SIGKILL after 20 s), then the broker and PostgreSQL. Idempotent. */
    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (services) {
            if (closed) {
                return;
            }
            closed = true;
            running = new ArrayList<>(services.values());
        }
        running.forEach(ServiceProcess::stopGently);
        running.forEach(service -> service.awaitStopped(Duration.ofSeconds(20)));
        if (watchdog != null) {
            watchdog.destroy();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("detection", 8081);
        ports.put("triage", 8082);
        ports.put("remediation", 8083);
        ports.put("comms", 8084);
        return java.util.Collections.unmodifiableMap(ports);
    }

    /** One packaged service running as a child JVM. */
    public static final class ServiceProcess {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        private final String name;
        private final int port;
        private final Process process;
        private final Path log;

        private ServiceProcess(String name, int port, Process process, Path log) {
            this.name = name;
            this.port = port;
            this.process = process;
            this.log = log;
        }

        static ServiceProcess start(String name, Path repoRoot, int port, Map<String, String> env, Path log)
                throws IOException {
            Path jar = repoRoot.resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IOException(jar + " is missing: build first (./mvnw -DskipTests install)");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(SERVICE_JVM_FLAGS);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new ServiceProcess(name, port, builder.start(), log);
        }

        public String name() {
            return name;
        }

        public String baseUrl() {
            return "http://" + LocalStack.HOST + ":" + port;
        }

        public long pid() {
            return process.pid();
        }

        public Path log() {
            return log;
        }

        void awaitReady(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(name + "-service exited with " + process.exitValue()
                            + " before it was ready; see " + log);
                }
                try {
                    if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new IOException(name + "-service was not ready within " + timeout.toSeconds() + " s; see " + log);
        }

        void stopGently() {
            process.destroy();
        }

        void awaitStopped(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
