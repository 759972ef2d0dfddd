package io.irsuite.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * README command 1: starts the local stack and the four services, waits until they are ready,
 * prints where everything is, optionally replays a scenario, and on Ctrl-C or SIGTERM stops every
 * process it started.
 */
public final class Launcher {

    private static final String USAGE = """
            usage: ./run.sh [options]
              --demo [ID|FILE]       replay a sample scenario once ready (default s10, a bad deploy)
              --data-dir DIR         database, broker journal and logs (default .local-stack)
              --detection-port N     default 8081 (likewise --triage-port 8082, --remediation-port 8083,
                                     --comms-port 8084; QUARKUS_HTTP_PORT does the same per service)
              --postgres-port N      default 55432
              --amqp-port N          default 55672
              --ready-timeout SEC    how long a service may take to become ready (default 180)
              --replicas N           N processes per service on free ports, behind a round-robin front on the
                                     service's port, as a Kubernetes Service does (default 1: no front)
              --exit-after-demo      stop everything once the demo incident is resolved
              --record-class-data    start the suite once on free ports in a throw-away folder, stop it, and keep
                                     each service's loaded classes as the archive its next starts map (run.sh does
                                     this after a build: a service then starts in about two thirds of the CPU)
              --help
            environment: IR_ADMIN_TOKEN (else a random token is printed), IR_SERVICE_ENV_* passed to
            every service without the prefix (e.g. IR_SERVICE_ENV_IR_DETECTION_STABILISATION_WINDOW=30s)""";

    private Launcher() {
    }

    private static final String DEMO_WINDOW_KEY = "IR_DETECTION_STABILISATION_WINDOW";

    public static void main(String[] args) throws Exception {
        // the broker and PostgreSQL wrapper are chatty at INFO; the suite's own lines are enough
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        PrintStream out = System.out;
        Map<String, Integer> ports = new LinkedHashMap<>(Suite.DEFAULT_PORTS);
        Path dataDir = Path.of(".local-stack");
        int postgresPort = LocalStack.DEFAULT_POSTGRES_PORT;
        int amqpPort = LocalStack.DEFAULT_AMQP_PORT;
        int readySeconds = 180;
        String demo = null;
        boolean exitAfterDemo = false;
        int replicas = 1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return;
                }
                case "--demo" -> demo = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "s10";
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--postgres-port" -> postgresPort = port(args, ++i, arg);
                case "--amqp-port" -> amqpPort = port(args, ++i, arg);
                case "--ready-timeout" -> readySeconds = Integer.parseInt(value(args, ++i, arg));
                case "--exit-after-demo" -> exitAfterDemo = true;
                case "--record-class-data" -> {
                    recordClassData(out);
                    return;
                }
                case "--replicas" -> {
                    replicas = Integer.parseInt(value(args, ++i, arg));
                    if (replicas < 1) {
                        System.err.println("--replicas needs 1 or more, not " + replicas);
                        System.exit(2);
                    }
                }
                default -> {
                    String service = arg.startsWith("--") && arg.endsWith("-port") ? arg.substring(2, arg.length() - 5) : null;
                    if (service == null || !ports.containsKey(service)) {
                        System.err.println("unknown option " + arg + "\n" + USAGE);
                        System.exit(2);
                    }
                    ports.put(service, port(args, ++i, arg));
                }
            }
        }
        String token = System.getenv("IR_ADMIN_TOKEN");
        boolean tokenChosen = token != null && !token.isBlank();
        if (!tokenChosen) {
            token = randomToken();
        }
        Map<String, String> extraEnv = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("IR_SERVICE_ENV_")) {
                extraEnv.put(k.substring("IR_SERVICE_ENV_".length()), v);
            }
        });
        if (demo != null && !extraEnv.containsKey(DEMO_WINDOW_KEY)) {
            // an incident resolves only once its alerts stayed resolved this long: 5 minutes is long to watch
            extraEnv.put(DEMO_WINDOW_KEY, "20s");
            out.println("[demo] stabilisation window 20s for the demo (set IR_SERVICE_ENV_" + DEMO_WINDOW_KEY + " to choose)");
        }

        Files.createDirectories(dataDir);
        Suite suite = new Suite(new Suite.Options(repoRoot(), dataDir.toAbsolutePath(), postgresPort, amqpPort, ports,
                token, extraEnv, Duration.ofSeconds(readySeconds), replicas, false));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("[suite] stopping the services, the broker and PostgreSQL ...");
            suite.close();
            out.println("[suite] stopped");
            stopped.countDown();
        }, "suite-stop"));

        long t0 = System.nanoTime();
        try {
            suite.start(out);
        } catch (IOException e) {
            System.err.println("[suite] FAILED: " + e.getMessage());
            System.exit(1);
        }
        Files.writeString(dataDir.resolve("admin-token"), token);
        out.printf("%n[suite] READY in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        suite.printServices(out);
        out.printf("  %-12s %s%n", "status page", suite.baseUrl("comms") + "/status");
        out.printf("  %-12s %s%n", "console", suite.baseUrl("comms") + "/console   (sign in with the admin token)");
        out.printf("  %-12s %s%s%n", "admin token", token, tokenChosen ? "   (from IR_ADMIN_TOKEN)"
                : "   (random; also in " + dataDir.resolve("admin-token") + "; set IR_ADMIN_TOKEN to choose one)");
        out.printf("  try: curl -s -H 'Authorization: Bearer %s' %s/api/v1/incidents%n", token, suite.baseUrl("detection"));
        // outage drills on stdin (postgres|broker stop|start); EOF (stdin closed) leaves the suite running
        out.println("Type 'postgres stop', 'postgres start', 'broker stop' or 'broker start' to simulate an outage.");
        StackControl.listen(suite.stack(), System.in, out);
        out.println("Press Ctrl-C to stop everything.");
        out.flush();

        if (demo != null) {
            try (DemoTarget target = DemoTarget.start(out)) {
                new ScenarioReplay(ScenarioReplay.Endpoints.of(suite, token), out).runDemo(demo, target);
            } catch (Exception e) {
                out.println("[demo] FAILED: " + e.getMessage());
                if (exitAfterDemo) {
                    System.exit(1);
                }
            }
            if (exitAfterDemo) {
                System.exit(0);
            }
        }
        stopped.await();
    }

    /** The checkout: this jar sits in {@code <repo>/local-stack/target/}. */
    private static Path repoRoot() throws URISyntaxException {
        String fromProperty = System.getProperty("ir.repo");
        if (fromProperty != null) {
            return Path.of(fromProperty).toAbsolutePath();
        }
        Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent().getParent();
    }

    /** How long a recording suite runs once ready: its scheduled work (relay sweeps, retention) runs at least once. */
    private static final Duration RECORDING_IDLE = Duration.ofSeconds(5);

    /**
     * {@code --record-class-data}: one start of the whole suite, on free ports in a throw-away folder, each service
     * writing the classes it loaded to a class data archive as it stops; the archives then replace the build's
     * (which hold only the classes of static init), so later starts map ready-made the classes of Hibernate,
     * Jackson, Flyway, the AMQP client and the services' own beans instead of parsing and verifying them.
     */
    private static void recordClassData(PrintStream out) throws Exception {
        Path dataDir = Files.createTempDirectory("ir-suite-record-");
        Map<String, Integer> freePorts = new LinkedHashMap<>();
        Suite.DEFAULT_PORTS.keySet().forEach(service -> freePorts.put(service, 0));
        long t0 = System.nanoTime();
        out.println("[suite] recording the classes each service loads through one start (once per build) ...");
        try (Suite suite = new Suite(new Suite.Options(repoRoot(), dataDir, 0, 0, freePorts,
                randomToken(), Map.of(), Duration.ofSeconds(180), 1, true))) {
            suite.start(new PrintStream(java.io.OutputStream.nullOutputStream()));
            Thread.sleep(RECORDING_IDLE.toMillis());
        } catch (IOException e) {
            // not fatal: the services start with the build's archive, only more slowly
            out.println("[suite] recording failed, the services keep the build's archive: " + e.getMessage());
        }
        java.util.List<String> kept = Suite.keepRecordedClassData(repoRoot());
        out.printf("[suite] class data recorded for %s (%.1f s)%n", kept.isEmpty() ? "no service" : String.join(", ", kept),
                (System.nanoTime() - t0) / 1e9);
        LocalStack.deleteTree(dataDir);
    }

    /** 24 random bytes, URL-safe Base64: the admin token when none is chosen. */
    private static String randomToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value\n" + USAGE);
            System.exit(2);
        }
        return args[i];
    }

    private static int port(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            int port = Integer.parseInt(v);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            System.err.println(option + " needs a port number, not " + v);
            System.exit(2);
            return -1;
        }
    }
}
