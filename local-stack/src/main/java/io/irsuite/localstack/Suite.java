package io.irsuite.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
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
 * With more than one replica per service, each replica listens on a free port of its own and a
 * {@link RoundRobinFront} takes the service's port, as a Kubernetes Service does for its pods, and a
 * replica that dies is started again, as the kubelet does.
 */
public final class Suite implements AutoCloseable {

    /** The services in start order, with their default ports. */
    public static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

    /** How long a dead replica stays down before it is started again (replica mode). */
    public static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    /**
     * JVM flags for each service: small heaps, the serial collector and C1 only keep the four
     * processes well under 2 GiB together at rest, which is plenty for this load.
     */
    static final List<String> SERVICE_JVM_FLAGS = List.of(
            "-Xms48m", "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m",
            "-XX:ReservedCodeCacheSize=48m", "-XX:TieredStopAtLevel=1", "-XX:MaxDirectMemorySize=64m",
            "-XX:+ExitOnOutOfMemoryError");

    /**
     * Detection is the front door of an alert storm: every alert and every re-sent repeat goes through its HTTP
     * path, so it runs with the full JIT (C2) and room for its code. Measured A/B (three runs each, bench/README.md):
     * repeats went from 4,278 to 6,977 answered a second on average; the other services stay on C1, where C2's
     * compiler threads cost more than they give back.
     */
    static final List<String> DETECTION_JVM_FLAGS = List.of(
            "-Xms48m", "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m",
            "-XX:ReservedCodeCacheSize=96m", "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError");

    /** The class data archive a service's build writes next to its {@code quarkus-run.jar}. */
    static final String APP_CDS = "app-cds.jsa";

    /**
     * Where a service records the classes it loaded through one whole start when the suite runs with
     * {@link Options#recordClassData()}; {@link #keepRecordedClassData} moves it over {@link #APP_CDS}.
     */
    static final String RECORDED_CDS = APP_CDS + ".recorded";

    /** A system property naming the jar a service process runs (for whoever looks for it by command line). */
    static final String JAR_PROPERTY = "suite.jar";

    /**
     * A process of {@code service} (detection, triage, ...) as the launcher starts it: its JVM flags, the class data
     * archive its build wrote when there is one, in its app folder; output and environment are the caller's.
     */
    public static ProcessBuilder processBuilder(String service, Path repoRoot) throws IOException {
        return processBuilder(service, repoRoot, false);
    }

    /**
     * As {@link #processBuilder(String, Path)}; with {@code recordClassData} the process maps no archive and instead
     * writes every class it loaded, up to its exit, to {@link #RECORDED_CDS} in its app folder.
     */
    static ProcessBuilder processBuilder(String service, Path repoRoot, boolean recordClassData) throws IOException {
        Path app = repoRoot.resolve(service + "-service/target/quarkus-app").toAbsolutePath();
        Path jar = app.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags(service));
        if (recordClassData) {
            // a dynamic archive cannot be written on top of another one, so this start maps none
            command.add("-XX:ArchiveClassesAtExit=" + RECORDED_CDS);
        } else if (Files.isRegularFile(app.resolve(APP_CDS))) {
            // the class data archive: the build's (quarkus.package.jar.appcds, the classes of static init) or, once
            // run.sh recorded one, every class of a whole start; mapped ready-made instead of parsed and verified
            // at start. The JVM ignores an archive that does not fit (another JDK build, a rebuilt jar)
            command.add("-XX:SharedArchiveFile=" + APP_CDS);
        }
        // the archive holds only for the jar path it was written with, "quarkus-run.jar" in the app's folder;
        // the full path stays on the command line, where tools and tests find a service's process by it
        command.add("-D" + JAR_PROPERTY + "=" + jar);
        command.add("-jar");
        command.add(jar.getFileName().toString());
        return new ProcessBuilder(command).directory(app.toFile());
    }

    /** The JVM flags a process of {@code service} (detection, triage, ...) starts with; its Kubernetes Deployment has the same (deploy-tests). */
    public static List<String> jvmFlags(String service) {
        return "detection".equals(service) ? DETECTION_JVM_FLAGS : SERVICE_JVM_FLAGS;
    }

    /**
     * @param repoRoot       the checkout, where {@code <service>/target/quarkus-app/quarkus-run.jar} lives
     * @param dataDir        database cluster, broker journal and logs
     * @param postgresPort   0 for a free port
     * @param amqpPort       0 for a free port
     * @param httpPorts      service name to port (0 for a free port)
     * @param adminToken     the token with every role
     * @param extraEnv       more environment for every service (e.g. shorter windows in tests)
     * @param readyTimeout   how long each service may take to become ready
     * @param replicas       processes per service; with more than one, a round-robin front on the service's port
     * @param recordClassData each service records the classes it loads into {@link #RECORDED_CDS} until it stops
     */
    public record Options(Path repoRoot, Path dataDir, int postgresPort, int amqpPort,
                          Map<String, Integer> httpPorts, String adminToken, Map<String, String> extraEnv,
                          Duration readyTimeout, int replicas, boolean recordClassData) {

        public Options {
            if (replicas < 1) {
                throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
            }
        }

        /** One process per service, on the service's port. */
        public Options(Path repoRoot, Path dataDir, int postgresPort, int amqpPort, Map<String, Integer> httpPorts,
                       String adminToken, Map<String, String> extraEnv, Duration readyTimeout) {
            this(repoRoot, dataDir, postgresPort, amqpPort, httpPorts, adminToken, extraEnv, readyTimeout, 1, false);
        }
    }

    private final Options options;
    private final Map<String, List<ServiceProcess>> services = new LinkedHashMap<>();
    private final Map<String, RoundRobinFront> fronts = new LinkedHashMap<>();
    private volatile LocalStack stack;
    private volatile Process watchdog;
    private final List<Process> restartWatchdogs = new java.util.concurrent.CopyOnWriteArrayList<>();
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
            int replicas = options.replicas();
            for (var entry : options.httpPorts().entrySet()) {
                String name = entry.getKey();
                stack.createDatabase(name);
                List<Integer> ports = new ArrayList<>();
                if (replicas == 1) {
                    ports.add(entry.getValue() == 0 ? LocalStack.freePort() : entry.getValue());
                } else {
                    while (ports.size() < replicas) {
                        int port = LocalStack.freePort();
                        if (!ports.contains(port)) {
                            ports.add(port);
                        }
                    }
                    // bound before the replicas start: a port taken by something else fails now, not later
                    List<InetSocketAddress> backends = ports.stream().map(p -> new InetSocketAddress(LocalStack.HOST, p)).toList();
                    synchronized (services) {
                        if (closed) {
                            throw new InterruptedException("stopped while starting");
                        }
                        fronts.put(name, RoundRobinFront.start(name, LocalStack.HOST, entry.getValue(), backends));
                    }
                    out.printf("[suite] %s round-robin front on port %d over ports %s%n", name, fronts.get(name).port(), ports);
                }
                for (int i = 1; i <= replicas; i++) {
                    int port = ports.get(i - 1);
                    Map<String, String> env = new LinkedHashMap<>(stack.serviceEnvironment(name));
                    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                    env.put("QUARKUS_HTTP_HOST", LocalStack.HOST);
                    env.put("IR_ADMIN_TOKEN", options.adminToken());
                    if (name.equals("comms") && services.containsKey("detection") && services.containsKey("triage")
                            && services.containsKey("remediation")) {
                        // the console's actions go to their owners (started before comms) with the person's token
                        env.put("IR_CONSOLE_DETECTION_URL", baseUrl("detection"));
                        env.put("IR_CONSOLE_TRIAGE_URL", baseUrl("triage"));
                        env.put("IR_CONSOLE_REMEDIATION_URL", baseUrl("remediation"));
                    }
                    if (replicas > 1) {
                        // a pod name of its own: remediation names its runner after it, and two runners must differ
                        env.put("HOSTNAME", name + "-" + i);
                    }
                    env.putAll(options.extraEnv());
                    Path log = logDir.resolve(replicas == 1 ? name + "-service.log" : name + "-service-" + i + ".log");
                    synchronized (services) {
                        if (closed) {
                            throw new InterruptedException("stopped while starting");
                        }
                        services.computeIfAbsent(name, n -> new ArrayList<>())
                                .add(ServiceProcess.start(name, i, options, port, env, log));
                    }
                    out.printf("[suite] %s-service%s starting on port %d (log: %s)%n", name,
                            replicas == 1 ? "" : " replica " + i, port, log);
                }
            }
            StringBuilder pids = new StringBuilder();
            services().forEach(s -> pids.append(' ').append(s.pid()));
            watchdog = LocalStack.watchdog("kill -TERM" + pids);
            if (replicas > 1) {
                startSupervisor(out);
            }
            for (ServiceProcess service : services()) {
                service.awaitReady(options.readyTimeout());
                out.printf("[suite] %s-service%s ready at %s (%.1f s since start)%n", service.name(),
                        replicas == 1 ? "" : " replica " + service.replica(), service.baseUrl(), seconds(t0));
            }
            for (String name : fronts.keySet()) {
                awaitReady(name + "'s front", baseUrl(name), Duration.ofSeconds(30), null);
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

    /**
     * With replicas, what the kubelet does for a Deployment's pods: a replica that dies (crash, kill -9) is
     * started again on its port after {@link #RESTART_DELAY}, and rejoins its front once it listens.
     */
    private void startSupervisor(PrintStream out) {
        Thread supervisor = new Thread(() -> {
            while (!closed) {
                for (ServiceProcess replica : services()) {
                    if (closed || replica.isAlive()) {
                        continue;
                    }
                    out.printf("[suite] %s replica %d (pid %d) exited with %d; starting it again in %d s%n", replica.name(),
                            replica.replica(), replica.pid(), replica.process.exitValue(), RESTART_DELAY.toSeconds());
                    try {
                        Thread.sleep(RESTART_DELAY.toMillis());
                        synchronized (services) {
                            if (closed) {
                                return;
                            }
                            Process started = replica.restart();
                            restartWatchdogs.add(LocalStack.watchdog("kill -TERM " + started.pid()));
                        }
                        out.printf("[suite] %s replica %d started again (pid %d, restart %d)%n", replica.name(),
                                replica.replica(), replica.pid(), replica.restarts());
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        out.printf("[suite] %s replica %d could not be started again: %s%n", replica.name(),
                                replica.replica(), e.getMessage());
                    }
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "suite-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    public LocalStack stack() {
        return stack;
    }

    /** e.g. {@code http://127.0.0.1:8081} for {@code detection}: its front with replicas, else its one process. */
    public String baseUrl(String service) {
        synchronized (services) {
            RoundRobinFront front = fronts.get(service);
            return front != null ? "http://" + LocalStack.HOST + ":" + front.port() : services.get(service).get(0).baseUrl();
        }
    }

    /** Every service process, replicas of a service next to each other. */
    public List<ServiceProcess> services() {
        synchronized (services) {
            return services.values().stream().flatMap(List::stream).toList();
        }
    }

    /** The processes of {@code service}, replica 1 first. */
    public List<ServiceProcess> replicas(String service) {
        synchronized (services) {
            return List.copyOf(services.getOrDefault(service, List.of()));
        }
    }

    /**
     * Where each service is, as the launcher prints it once ready: one line per service (its URL, and with
     * one replica its pid and log), then with replicas one line per replica.
     */
    public void printServices(PrintStream out) {
        for (String name : options.httpPorts().keySet()) {
            List<ServiceProcess> replicas = replicas(name);
            if (replicas.size() == 1) {
                ServiceProcess only = replicas.get(0);
                out.printf("  %-12s %s   (pid %d, log %s)%n", name, only.baseUrl(), only.pid(), only.log());
                continue;
            }
            out.printf("  %-12s %s   (round-robin front over %d replicas)%n", name, baseUrl(name), replicas.size());
            for (ServiceProcess replica : replicas) {
                out.printf("    %s replica %d   %s   (pid %d, log %s)%n", name, replica.replica(), replica.baseUrl(),
                        replica.pid(), replica.log());
            }
        }
    }

    /**
     * Stops the services (SIGTERM, then SIGKILL after 20 s, or 90 s while they record class data), then the broker
     * and PostgreSQL. Idempotent.
     */
    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (services) {
            if (closed) {
                return;
            }
            closed = true;
            running = services.values().stream().flatMap(List::stream).toList();
        }
        running.forEach(ServiceProcess::stopGently);
        // a recording service writes its archive as it exits, about 20 s on two busy cores: killed, it would write none
        Duration stopTimeout = Duration.ofSeconds(options.recordClassData() ? 90 : 20);
        running.forEach(service -> service.awaitStopped(stopTimeout));
        // after the services: they finish what is in flight through their front first
        List<RoundRobinFront> started;
        synchronized (services) {
            started = new ArrayList<>(fronts.values());
        }
        started.forEach(RoundRobinFront::close);
        if (watchdog != null) {
            watchdog.destroy();
        }
        restartWatchdogs.forEach(Process::destroy);
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * After a suite that ran with {@link Options#recordClassData()} was closed: each service's recorded archive
     * replaces the one its next start maps. Returns the services whose archive was replaced.
     */
    public static List<String> keepRecordedClassData(Path repoRoot) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String service : DEFAULT_PORTS.keySet()) {
            Path app = repoRoot.resolve(service + "-service/target/quarkus-app");
            Path recorded = app.resolve(RECORDED_CDS);
            if (Files.isRegularFile(recorded) && Files.size(recorded) > 0) {
                Files.move(recorded, app.resolve(APP_CDS), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                kept.add(service);
            }
        }
        return kept;
    }

    /** Polls {@code url}'s readiness until it answers 200; {@code process}, when given, must stay alive meanwhile. */
    private static void awaitReady(String what, String url, Duration timeout, Process process)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IOException(what + " exited with " + process.exitValue() + " before it was ready");
            }
            try {
                if (ServiceProcess.HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not answering yet
            }
            Thread.sleep(250);
        }
        throw new IOException(what + " at " + url + " was not ready within " + timeout.toSeconds() + " s");
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
        private final int replica;
        private final int port;
        private final ProcessBuilder builder;
        private final Path log;
        private volatile Process process;
        private volatile int restarts;

        private ServiceProcess(String name, int replica, int port, ProcessBuilder builder, Path log) throws IOException {
            this.name = name;
            this.replica = replica;
            this.port = port;
            this.builder = builder;
            this.log = log;
            this.process = builder.start();
        }

        static ServiceProcess start(String name, int replica, Options options, int port, Map<String, String> env, Path log)
                throws IOException {
            ProcessBuilder builder = processBuilder(name, options.repoRoot(), options.recordClassData())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new ServiceProcess(name, replica, port, builder, log);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Times this replica was started again after it died. */
        public int restarts() {
            return restarts;
        }

        /** Starts the process again, same port, environment and log (appended); the new process. */
        Process restart() throws IOException {
            restarts++;
            process = builder.start();
            return process;
        }

        public String name() {
            return name;
        }

        /** 1 for the first (or only) process of the service. */
        public int replica() {
            return replica;
        }

        /** This process's own URL (with replicas, not the service's front). */
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
            Suite.awaitReady(name + "-service (log " + log + ")", baseUrl(), timeout, process);
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
