package io.irsuite.systemtests;

import io.irsuite.localstack.LocalStack;
import io.irsuite.localstack.ScenarioReplay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher jar run as a process with the JVM flags of {@code run.sh} (README command 1 without
 * the build), on free ports: it starts PostgreSQL, the broker and the four packaged services as
 * separate processes. What it prints once ready tells where everything is.
 */
final class LaunchedSuite implements AutoCloseable {

    private static final Pattern SERVICE_LINE = Pattern.compile("^\\s+(detection|triage|remediation|comms)\\s+(http://\\S+)\\s.*");
    /** A service's process as the launcher prints it: its own line with one replica, else one line per replica. */
    private static final Pattern REPLICA_LINE = Pattern.compile(
            "^\\s+(detection|triage|remediation|comms)(?: replica (\\d+))?\\s+(http://\\S+)\\s+\\(pid (\\d+), log (.+)\\)$");
    private static final Pattern STACK_LINE = Pattern.compile(
            ".*PostgreSQL \\(pid (\\d+)\\) on [\\d.]+:(\\d+), AMQP 1.0 broker on [\\d.]+:(\\d+).*");

    /** The launcher's line when it started a dead replica again (replica mode). */
    private static final Pattern RESTART_LINE = Pattern.compile(
            "^\\[suite\\] (detection|triage|remediation|comms) replica (\\d+) started again \\(pid (\\d+), restart \\d+\\)$");

    private final Process launcher;
    private final Path output;
    private final String token;
    private final Map<String, String> urls = new HashMap<>();
    private final Map<String, List<Replica>> launched = new HashMap<>();
    private long postgresPid;
    private int postgresPort;
    private int amqpPort;
    private final List<Process> replicas = new java.util.ArrayList<>();
    private final Map<String, Process> replicaByUrl = new java.util.concurrent.ConcurrentHashMap<>();

    private LaunchedSuite(Process launcher, Path output, String token) {
        this.launcher = launcher;
        this.output = output;
        this.token = token;
    }

    /**
     * Starts the suite with {@code token} as IR_ADMIN_TOKEN, keeping its data and output in
     * {@code dataDir}, and waits until it is ready.
     *
     * @param env more environment for the launcher, e.g. {@code IR_SERVICE_ENV_*} for the services
     */
    static LaunchedSuite start(Path dataDir, String token, Map<String, String> env) throws IOException, InterruptedException {
        return start(dataDir, token, env, Map.of());
    }

    /**
     * As {@link #start(Path, String, Map)}, with some services on ports chosen by the caller (e.g. {@code comms}
     * on a port known before it starts, for a URL it must put in what it sends); the others on free ports.
     */
    static LaunchedSuite start(Path dataDir, String token, Map<String, String> env, Map<String, Integer> ports)
            throws IOException, InterruptedException {
        return start(dataDir, token, env, ports, 1);
    }

    /**
     * As {@link #start(Path, String, Map, Map)}, with {@code replicas} processes per service ({@code ./run.sh
     * --replicas N}): each on a free port of its own, behind a round-robin front on the service's port, which is
     * what {@link #url} gives. {@link #replicas} tells each one's URL and pid.
     */
    static LaunchedSuite start(Path dataDir, String token, Map<String, String> env, Map<String, Integer> ports, int replicas)
            throws IOException, InterruptedException {
        return start(dataDir, token, env, ports, replicas, List.of());
    }

    /**
     * As {@link #start(Path, String, Map, Map, int)}, with more launcher {@code options} (e.g. {@code --demo}: the
     * launcher replays its demo once ready, as {@code ./run.sh --demo} does; {@link #awaitLine} follows it).
     */
    static LaunchedSuite start(Path dataDir, String token, Map<String, String> env, Map<String, Integer> ports, int replicas,
                               List<String> options) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcherCommand(List.of(),
                List.of("--data-dir", dataDir.toString(), "--postgres-port", "0", "--amqp-port", "0",
                        "--detection-port", port(ports, "detection"), "--triage-port", port(ports, "triage"),
                        "--remediation-port", port(ports, "remediation"), "--comms-port", port(ports, "comms"))))
                .redirectErrorStream(true);
        if (replicas > 1) {
            builder.command().addAll(List.of("--replicas", Integer.toString(replicas)));
        }
        builder.command().addAll(options);
        builder.environment().put("IR_ADMIN_TOKEN", token);
        builder.environment().putAll(env);
        // a file, not a pipe: the JDK closes a pipe under its reader when the process exits, losing the last lines
        Path output = dataDir.resolve("launcher.out");
        builder.redirectOutput(output.toFile());
        System.out.println("launcher output: " + output);
        LaunchedSuite suite = new LaunchedSuite(builder.start(), output, token);
        try {
            suite.awaitReady(Duration.ofMinutes(5 + 2 * (replicas - 1)), replicas);
        } catch (IOException | RuntimeException e) {
            suite.close();
            throw e;
        }
        return suite;
    }

    /**
     * The launcher jar of this checkout ({@code -Dir.repo}, else {@code ..}) with the JVM flags of {@code run.sh},
     * then {@code jvmFlags}, then the launcher's {@code args}.
     */
    static List<String> launcherCommand(List<String> jvmFlags, List<String> args) throws IOException {
        Path repo = repo();
        Path jar = repo.resolve("local-stack/target/local-stack-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the launcher jar is built first (./mvnw -DskipTests install): " + jar);
        }
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dir.repo=" + repo));
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /** This checkout: {@code -Dir.repo}, else the parent of system-tests. */
    static Path repo() {
        return Path.of(System.getProperty("ir.repo", "..")).toAbsolutePath().normalize();
    }

    private static String port(Map<String, Integer> ports, String service) {
        return Integer.toString(ports.getOrDefault(service, 0));
    }

    private void awaitReady(Duration timeout, int replicas) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // the last line of the block the launcher prints once ready: the URLs and the token come before it
        while (output().stream().noneMatch(line -> line.startsWith("Press Ctrl-C to stop everything."))) {
            if (!launcher.isAlive()) {
                throw new IOException("the launcher exited with " + launcher.exitValue() + ": " + String.join("\n", output()));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the suite was not ready in " + timeout + ": " + String.join("\n", output()));
            }
            Thread.sleep(200);
        }
        for (String line : output()) {
            Matcher service = SERVICE_LINE.matcher(line);
            if (service.matches()) {
                urls.put(service.group(1), service.group(2));
            }
            Matcher replica = REPLICA_LINE.matcher(line);
            if (replica.matches()) {
                launched.computeIfAbsent(replica.group(1), s -> new java.util.ArrayList<>()).add(new Replica(replica.group(1),
                        replica.group(2) == null ? 1 : Integer.parseInt(replica.group(2)), replica.group(3),
                        Long.parseLong(replica.group(4)), Path.of(replica.group(5))));
            }
            Matcher stack = STACK_LINE.matcher(line);
            if (stack.matches()) {
                postgresPid = Long.parseLong(stack.group(1));
                postgresPort = Integer.parseInt(stack.group(2));
                amqpPort = Integer.parseInt(stack.group(3));
            }
        }
        if (urls.size() != 4 || amqpPort == 0) {
            throw new IOException("the launcher did not print the four service URLs and the broker: " + output());
        }
        if (launched.size() != 4 || launched.values().stream().anyMatch(r -> r.size() != replicas)) {
            throw new IOException("the launcher did not print " + replicas + " replica(s) of each service: " + output());
        }
    }

    /** One process of a service the launcher started: its own URL (not the front's), pid and log. */
    record Replica(String service, int index, String url, long pid, Path log) {

        ProcessHandle process() {
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(service + " replica " + index
                    + " (pid " + pid + ") is not running"));
        }
    }

    /**
     * The processes the launcher started for {@code service}, replica 1 first (one unless started with replicas),
     * with the pid of the latest start of each: in replica mode the launcher starts a dead replica again.
     */
    List<Replica> replicas(String service) {
        List<Replica> replicas = new java.util.ArrayList<>(launched.getOrDefault(service, List.of()));
        for (String line : tail(output, Integer.MAX_VALUE)) {
            Matcher restarted = RESTART_LINE.matcher(line);
            if (restarted.matches() && restarted.group(1).equals(service)) {
                int index = Integer.parseInt(restarted.group(2));
                replicas.replaceAll(r -> r.index() == index
                        ? new Replica(r.service(), index, r.url(), Long.parseLong(restarted.group(3)), r.log()) : r);
            }
        }
        return List.copyOf(replicas);
    }

    /** e.g. {@code http://127.0.0.1:41234} for {@code detection}. */
    String url(String service) {
        return urls.get(service);
    }

    ScenarioReplay.Endpoints endpoints() {
        return new ScenarioReplay.Endpoints(url("detection"), url("triage"), url("remediation"), url("comms"), token);
    }

    int postgresPort() {
        return postgresPort;
    }

    int amqpPort() {
        return amqpPort;
    }

    /** PostgreSQL runs detached (pg_ctl), not as a descendant of the launcher. */
    long postgresPid() {
        return postgresPid;
    }

    Process launcher() {
        return launcher;
    }

    /**
     * What the launcher printed for {@code label} in the block it prints once ready, e.g. {@code console} (the
     * console's URL) or {@code admin token}: the first word after the label, as a person reads it off the terminal.
     */
    String printed(String label) {
        Pattern line = Pattern.compile("^\\s+" + Pattern.quote(label) + "\\s+(\\S+).*");
        return output().stream().map(line::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the launcher printed no '" + label + "' line: " + output()));
    }

    /** The first line the launcher printed that matches {@code line}, once it has; fails after {@code timeout}. */
    Matcher awaitLine(Pattern line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String printed : output()) {
                Matcher m = line.matcher(printed);
                if (m.matches()) {
                    return m;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the launcher printed no line like " + line + " in " + timeout + ": "
                        + String.join("\n", tail(output, 30)));
            }
            Thread.sleep(200);
        }
    }

    /** Everything the launcher printed so far. */
    List<String> output() {
        try {
            return Files.readAllLines(output);
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The launcher's process of {@code service} ({@code remediation}, ...): the descendant of the launcher
     * whose command line runs that service's packaged jar.
     */
    ProcessHandle serviceProcess(String service) {
        String jar = service + "-service/target/quarkus-app/quarkus-run.jar";
        return launcher.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(jar)
                        || java.util.Arrays.asList(p.info().arguments().orElse(new String[0])).stream().anyMatch(a -> a.endsWith(jar)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no process of the launcher runs " + jar + ": "
                        + launcher.descendants().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList()));
    }

    /**
     * {@code kill -9} of the launcher's {@code service}, as a crash of its host would do: no shutdown hook
     * runs. Returns once the process is gone. The launcher does not restart it; {@link #startReplica}
     * starts another one on the same database and broker.
     */
    void killService(String service) throws InterruptedException {
        ProcessHandle process = serviceProcess(service);
        process.destroyForcibly(); // SIGKILL on Linux and macOS
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(service + " (pid " + process.pid() + ") did not die after SIGKILL", e);
        }
    }

    /**
     * For a failure message: whether each service the launcher started still runs, and the last
     * {@code lines} lines of its log and of the launcher's output.
     */
    String diagnosis(int lines) {
        StringBuilder out = new StringBuilder();
        for (String service : List.of("detection", "triage", "remediation", "comms")) {
            for (Replica replica : replicas(service)) {
                String state = ProcessHandle.of(replica.pid()).map(ProcessHandle::isAlive).orElse(false)
                        ? "pid " + replica.pid() + " running" : "pid " + replica.pid() + " NOT RUNNING";
                out.append("\n--- ").append(service).append(" replica ").append(replica.index()).append(" (")
                        .append(replica.url()).append("): ").append(state);
                out.append(", last lines of ").append(replica.log()).append(":\n").append(String.join("\n", tail(replica.log(), lines)));
            }
        }
        out.append("\n--- launcher (").append(launcher.isAlive() ? "running" : "exited").append("):\n")
                .append(String.join("\n", tail(output, lines)));
        return out.toString();
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(" + e + ")");
        }
    }

    /**
     * Starts one more replica of {@code service} on the suite's database and broker, as the launcher starts
     * its own (same JVM flags and environment), and returns its base URL once it is ready. {@link #close()}
     * stops it too.
     */
    String startReplica(String service, Map<String, String> env) throws IOException, InterruptedException {
        Path repo = repo();
        int port = LocalStack.freePort();
        Path log = output.getParent().resolve(service + "-replica-" + port + ".log");
        ProcessBuilder builder = io.irsuite.localstack.Suite.processBuilder(service, repo).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(LocalStack.serviceEnvironment(postgresPort, amqpPort, service));
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", LocalStack.HOST);
        builder.environment().put("IR_ADMIN_TOKEN", token);
        builder.environment().putAll(env);
        Process replica = builder.start();
        replicas.add(replica);
        String url = "http://" + LocalStack.HOST + ":" + port;
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!replica.isAlive()) {
                throw new IOException(service + " replica exited: " + Files.readString(log));
            }
            try {
                var ready = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/q/health/ready"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    replicaByUrl.put(url, replica);
                    return url;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException(service + " replica not ready in 2 minutes: " + Files.readString(log));
    }

    /**
     * The process of a replica by its own base URL: one {@link #startReplica} started, or one the launcher
     * started (see {@link #replicas}).
     */
    ProcessHandle replicaProcess(String url) {
        Process replica = replicaByUrl.get(url);
        if (replica != null) {
            return replica.toHandle();
        }
        return launched.values().stream().flatMap(List::stream).filter(r -> r.url().equals(url)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no replica was started at " + url)).process();
    }

    /**
     * {@code kill -9} of a replica by its own base URL (one {@link #startReplica} started, or one of the
     * launcher's {@link #replicas}), as {@link #killService} does. Returns once the process is gone; in replica
     * mode the launcher starts it again after a moment (as the kubelet would), with a new pid.
     */
    void killReplica(String url) throws InterruptedException {
        ProcessHandle replica = replicaProcess(url);
        replica.destroyForcibly(); // SIGKILL on Linux and macOS
        try {
            replica.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the replica at " + url + " (pid " + replica.pid() + ") did not die after SIGKILL", e);
        }
    }

    // ---- outage drills: the launcher's stdin commands (StackControl); the stdin pipe of ProcessBuilder stays open

    /** {@code postgres stop}: PostgreSQL stops, the services keep running. Returns once the launcher answered. */
    void stopPostgres() throws IOException, InterruptedException {
        control("postgres stop", "postgres stopped");
    }

    /** {@code postgres start}: PostgreSQL starts again on the same data and port (its pid changes). */
    void startPostgres() throws IOException, InterruptedException {
        Matcher pid = Pattern.compile(".*\\(pid (\\d+) .*").matcher(control("postgres start", "postgres started"));
        if (pid.matches()) {
            postgresPid = Long.parseLong(pid.group(1));
        }
    }

    /** {@code broker stop}: the broker stops (its journal kept), the services keep running. */
    void stopBroker() throws IOException, InterruptedException {
        control("broker stop", "broker stopped");
    }

    /** {@code broker start}: the broker starts again from its journal on the same port. */
    void startBroker() throws IOException, InterruptedException {
        control("broker start", "broker started");
    }

    /** {@code queue <name>}: what one of the broker's queues holds (messages, delivering, scheduled, consumers, groups). */
    String queueState(String queue) throws IOException, InterruptedException {
        return control("queue " + queue, queue);
    }

    /** Sends {@code command} on the launcher's stdin and returns its {@code [control]} answer, which must start with {@code expected}. */
    synchronized String control(String command, String expected) throws IOException, InterruptedException {
        int seen = (int) output().stream().filter(line -> line.startsWith("[control] ")).count();
        var stdin = launcher.getOutputStream();
        stdin.write((command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stdin.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> answers = output().stream().filter(line -> line.startsWith("[control] ")).toList();
            if (answers.size() > seen) {
                String answer = answers.get(seen).substring("[control] ".length());
                if (!answer.startsWith(expected)) {
                    throw new IOException("'" + command + "' was answered: " + answer);
                }
                return answer;
            }
            if (!launcher.isAlive()) {
                throw new IOException("the launcher exited before answering '" + command + "'");
            }
            Thread.sleep(100);
        }
        throw new IOException("no answer to '" + command + "' in 90 s");
    }

    /** Deletes a suite's data folder (about 100 MB), unless {@code -Dir.keep-data=true} keeps it for a post-mortem. */
    static void deleteData(Path dataDir) {
        if (dataDir == null || Boolean.getBoolean("ir.keep-data")) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + dataDir + ": " + e);
        }
    }

    /**
     * The end of a system test class: stops {@code suite} (null when it never started) and the test's own
     * receivers, then deletes {@code dataDir}, or keeps it and says where when a test failed.
     */
    static void stop(LaunchedSuite suite, Path dataDir, boolean failed, AutoCloseable... receivers) {
        if (suite != null) {
            suite.close();
        }
        for (AutoCloseable receiver : receivers) {
            try {
                if (receiver != null) {
                    receiver.close();
                }
            } catch (Exception e) {
                System.out.println("could not close " + receiver + ": " + e);
            }
        }
        if (failed) {
            System.out.println("a test failed: the suite's data and logs are kept in " + dataDir);
        } else {
            deleteData(dataDir);
        }
    }

    /** SIGTERM, so that the launcher stops what it started; SIGKILL to all of it if that takes over a minute. */
    @Override
    public void close() {
        for (Process replica : replicas) {
            replica.destroy();
            try {
                if (!replica.waitFor(30, TimeUnit.SECONDS)) {
                    replica.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!launcher.isAlive()) {
            return;
        }
        launcher.destroy();
        try {
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
