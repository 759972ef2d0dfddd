package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.events.Addresses;
import io.irsuite.localstack.LocalStack;
import io.irsuite.localstack.ScenarioReplay;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: the latency from an alert received to its IncidentTriaged emitted, through
 * the whole suite started as {@code run.sh} starts it. Each alert is on its own catalog service
 * (unrelated to the others, with a deploy ten minutes earlier), so each opens a new incident that
 * triage analyses in full. A sample runs from just before {@code POST /api/v1/alerts} to the moment
 * a subscriber of the broker's {@code incident-events} address receives the IncidentTriaged of the
 * incident named in the 202; the server-side figure runs from the IncidentOpened envelope's
 * {@code occurredAt} to the IncidentTriaged one's. The first pass keeps one alert in flight, the
 * second sends at a fixed rate. Both can run over a steady background load ({@link Background}): alerts
 * on other services at a fixed rate, most of them re-sent while firing, a share of them new. Run by
 * {@code bench/triage-latency.sh [alerts] [rate per second] [background alerts per second] [new share]}.
 */
public final class TriageLatencyBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_UP = 200;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** When our subscriber received an envelope, and when its producer decided it. */
    private record Received(long nanos, Instant occurredAt) {
    }

    /** One alert's figures in nanoseconds, from just before its POST; -1 where the IncidentOpened was not seen. */
    private record Sample(long accepted, long opened, long triaged, long emitted, long serverSide) {
    }

    private final LaunchedSuite suite;
    private final ScenarioReplay admin;
    /**
     * HTTP/1.1, as Alertmanager and most alert senders talk to a plain-http endpoint: the JDK client's default
     * (HTTP/2 by h2c upgrade) put every request, background and measured, on one multiplexed connection, and so
     * on one of detection's event loops, and its 202s queued there (bench/README.md).
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String prefix = "bench-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
    private final Map<String, CompletableFuture<Received>> triaged = new ConcurrentHashMap<>();
    private final Map<String, Received> opened = new ConcurrentHashMap<>();
    /** incident id → the service of the alert that opened it */
    private final Map<String, String> serviceOf = new ConcurrentHashMap<>();
    private int nextService;

    private TriageLatencyBench(LaunchedSuite suite) {
        this.suite = suite;
        this.admin = new ScenarioReplay(suite.endpoints(), System.out);
    }

    public static void main(String[] args) throws Exception {
        int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int background = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        double newShare = args.length > 3 ? Double.parseDouble(args[3]) : 0.05;
        Path dataDir = Files.createTempDirectory("ir-triage-bench");
        Vertx vertx = Vertx.vertx();
        try (LaunchedSuite suite = LaunchedSuite.start(dataDir, "bench-admin-token", Map.of())) {
            TriageLatencyBench bench = new TriageLatencyBench(suite);
            Background load = background > 0 ? bench.new Background(background, newShare, dataDir.resolve("background.out"))
                    : null;
            // Ctrl-C: the background load and the suite stop with us
            Thread stop = new Thread(() -> {
                if (load != null) {
                    load.close();
                }
                suite.close();
            }, "stop-suite");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                bench.subscribe(vertx);
                int services = WARM_UP + alerts + (rate > 0 ? alerts : 0);
                System.out.printf("registering %d catalog services, each with a deploy%n", services);
                bench.register(services);
                if (load != null) {
                    load.start(Duration.ofSeconds(20));
                }
                bench.sequential(WARM_UP);
                List<Sample> sequential = bench.sequential(alerts);
                List<Sample> fixed = rate > 0 ? bench.fixedRate(alerts, rate) : List.of();
                String backgroundSummary = load == null ? "none" : load.stop();
                System.out.printf("%nalert received -> IncidentTriaged emitted: %d alerts after %d to warm up, %d catalog services, %d cores%n",
                        alerts, WARM_UP, services, Runtime.getRuntime().availableProcessors());
                System.out.printf("background: %s%n", backgroundSummary);
                print("one in flight", sequential, alerts);
                if (rate > 0) {
                    print(String.format("%.0f alerts/s", rate), fixed, alerts);
                }
            } finally {
                if (load != null) {
                    load.close();   // a pass that failed must not leave wrk sending for the rest of its hour
                }
            }
            Runtime.getRuntime().removeShutdownHook(stop);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** A subscription of our own on the multicast address, as any further consumer would have. */
    private void subscribe(Vertx vertx) throws Exception {
        Future<AmqpConnection> connection = AmqpClient.create(vertx,
                new AmqpClientOptions().setHost(LocalStack.HOST).setPort(suite.amqpPort())).connect();
        connection.compose(c -> c.createReceiver(Addresses.INCIDENT_EVENTS)).map(receiver -> receiver.handler(message -> {
            long now = System.nanoTime();
            try {
                JsonNode envelope = JSON.readTree(message.bodyAsString());
                String incidentId = envelope.path("incidentId").asText();
                Received received = new Received(now, Instant.parse(envelope.path("occurredAt").asText()));
                // keyed by service: each alert has a service of its own, and its 202 names no incident yet
                switch (envelope.path("type").asText()) {
                    case "IncidentOpened" -> {
                        String service = envelope.path("payload").path("alert").path("service").asText();
                        serviceOf.put(incidentId, service);
                        opened.put(service, received);
                    }
                    case "IncidentTriaged" -> triaged(serviceOf.getOrDefault(incidentId,
                            envelope.path("payload").path("rootCause").path("service").asText())).complete(received);
                    default -> { }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("unreadable envelope: " + e);
            }
        })).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private CompletableFuture<Received> triaged(String service) {
        return triaged.computeIfAbsent(service, id -> new CompletableFuture<>());
    }

    private void register(int count) throws IOException, InterruptedException {
        String deployedAt = Instant.now().minus(Duration.ofMinutes(10)).toString();
        List<String> names = IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
        for (String name : names) {
            ObjectNode entry = JSON.createObjectNode().put("tier", 2).put("owner", "team-bench").put("kind", "service");
            entry.putArray("dependsOn");
            entry.putObject("kubernetes").put("namespace", "bench").put("deployment", name);
            admin.call("PUT", suite.url("triage") + "/api/v1/catalog/services/" + name, entry.toString());
            ObjectNode change = JSON.createObjectNode().put("service", name).put("type", "deploy").put("version", "v2")
                    .put("previousVersion", "v1").put("description", "release").put("at", deployedAt);
            admin.call("POST", suite.url("triage") + "/api/v1/changes", change.toString());
        }
        admin.awaitCatalogReplica(names);
    }

    /** One alert on a service of its own. */
    private record Alert(HttpRequest request, String service) {
    }

    private Alert nextAlert() {
        String service = prefix + nextService++;
        ObjectNode alert = JSON.createObjectNode().put("source", "prometheus").put("service", service)
                .put("name", "HighErrorRate").put("severity", "critical").put("summary", "5xx above 5%")
                .put("startsAt", Instant.now().minusSeconds(30).toString());
        alert.putObject("metrics").put("errorRate", 0.12).put("usersAffectedPct", 5);
        return new Alert(HttpRequest.newBuilder(URI.create(suite.url("detection") + "/api/v1/alerts"))
                .header("Authorization", "Bearer " + suite.endpoints().token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alert.toString())).build(), service);
    }

    /** The alert's service, once the 202 said it is stored. */
    private static String accepted(HttpResponse<String> response, Alert alert) {
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /api/v1/alerts answered " + response.statusCode() + ": " + response.body());
        }
        return alert.service();
    }

    /** Alerts one after the other, each once the previous one is triaged; a lost one is left out. */
    private List<Sample> sequential(int count) throws IOException, InterruptedException {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Alert alert = nextAlert();
            Instant sentAt = Instant.now();
            long start = System.nanoTime();
            String incidentId = accepted(http.send(alert.request(), HttpResponse.BodyHandlers.ofString()), alert);
            long accepted = System.nanoTime() - start;
            try {
                samples.add(sample(incidentId, sentAt, start, accepted,
                        triaged(incidentId).get(PATIENCE.toSeconds(), TimeUnit.SECONDS)));
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("no IncidentTriaged for " + incidentId + " within " + PATIENCE.toSeconds() + " s");
            }
        }
        return samples;
    }

    /** Alerts at a fixed arrival rate, whatever the suite's pace; each timed like the sequential ones. */
    private List<Sample> fixedRate(int count, double perSecond) throws InterruptedException {
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> done = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long period = (long) (1e9 / perSecond);
        for (int i = 0; i < count; i++) {
            Alert alert = nextAlert();
            clock.schedule(() -> {
                Instant sentAt = Instant.now();
                long start = System.nanoTime();
                done.add(http.sendAsync(alert.request(), HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
                    long accepted = System.nanoTime() - start;
                    String incidentId = accepted(response, alert);
                    return triaged(incidentId).thenAccept(t -> samples.add(sample(incidentId, sentAt, start, accepted, t)));
                }));
            }, i * period, TimeUnit.NANOSECONDS);
        }
        clock.shutdown();
        clock.awaitTermination(count * period + PATIENCE.toNanos(), TimeUnit.NANOSECONDS);
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("not every alert of the fixed-rate pass was triaged within " + PATIENCE.toSeconds() + " s: " + e);
        }
        return new ArrayList<>(samples);
    }

    /**
     * A steady load beside the measured alerts: {@code perSecond} alerts on 20 services of their own (not in the
     * catalog), sent by {@code wrk} (bench/lib/background.lua, 2 threads) on a fixed schedule whatever the suite's
     * pace, over 64 connections (16 held the rate only while the 202 took under 16 ms). Each is new with probability
     * {@code newShare} (a new instance on one of the 20 services: an AlertAttached and a re-triage of that service's
     * incident); the others re-send one of the last 2,000 new ones, still firing (a repeat, as Alertmanager re-sends
     * them). A load tool in C: the JDK client that sent it before took half a core of the same two and fell short of
     * the rate. {@link #close()} ends wrk if it still runs.
     */
    final class Background implements AutoCloseable {
        private final int perSecond;
        private final double newShare;
        private final Path output;
        private volatile Process wrk;   // read by the Ctrl-C hook's thread too

        Background(int perSecond, double newShare, Path output) {
            this.perSecond = perSecond;
            this.newShare = newShare;
            this.output = output;
        }

        /** Starts the load and lets it run {@code settle} before the measurements begin. */
        void start(Duration settle) throws IOException, InterruptedException {
            Path repo = LaunchedSuite.repo();
            wrk = new ProcessBuilder("wrk", "-t2", "-c64", "-d3600s", "--timeout", "10s",
                    "-s", repo.resolve("bench/lib/background.lua").toString(), suite.url("detection") + "/api/v1/alerts",
                    "--", suite.endpoints().token(), Integer.toString(perSecond), "2", Double.toString(newShare), "20",
                    prefix).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            System.out.printf("background: %d alerts/s (%.0f%% new) on 20 services by wrk; %d s to settle%n", perSecond,
                    newShare * 100, settle.toSeconds());
            Thread.sleep(settle.toMillis());
            if (!wrk.isAlive()) {
                throw new IOException("wrk stopped: " + Files.readString(output));
            }
        }

        @Override
        public void close() {
            if (wrk != null && wrk.isAlive()) {
                wrk.destroyForcibly();
            }
        }

        /** Stops the load (SIGINT: wrk prints its summary); what it did, for the report. */
        String stop() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
            if (!wrk.waitFor(30, TimeUnit.SECONDS)) {
                close();
            }
            Map<String, String> r = new java.util.HashMap<>();
            Files.readAllLines(output).stream().filter(l -> l.startsWith("BACKGROUND ")).findFirst()
                    .ifPresent(l -> Stream.of(l.substring(11).split(" "))
                            .forEach(kv -> r.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1))));
            if (r.isEmpty()) {
                return "wrk printed no summary: " + Files.readString(output);
            }
            double seconds = Double.parseDouble(r.get("seconds"));
            return String.format("%d alerts/s asked (%.0f%% new) for %.0f s: %s sent (%.0f/s), %s answered 202, "
                            + "%s other, %s new; 202 p50 %s ms, p99 %s ms (wrk)", perSecond, newShare * 100, seconds,
                    r.get("sent"), Long.parseLong(r.get("sent")) / seconds, r.get("accepted"), r.get("other"), r.get("new"),
                    r.get("p50_ms"), r.get("p99_ms"));
        }
    }

    /** {@code sentAt} is the wall clock at {@code start}: the services stamp {@code occurredAt} with the same clock. */
    private Sample sample(String incidentId, Instant sentAt, long start, long accepted, Received triage) {
        Received open = opened.get(incidentId);
        long emitted = Duration.between(sentAt, triage.occurredAt()).toNanos();
        return open == null ? new Sample(accepted, -1, triage.nanos() - start, emitted, -1)
                : new Sample(accepted, open.nanos() - start, triage.nanos() - start, emitted,
                        Duration.between(open.occurredAt(), triage.occurredAt()).toNanos());
    }

    private static void print(String pass, List<Sample> samples, int sent) {
        System.out.printf("%n%s: %d of %d triaged%n%-46s %7s %7s %7s %7s %7s%n", pass, samples.size(), sent,
                "milliseconds", "count", "p50", "p95", "p99", "max");
        row("POST /api/v1/alerts -> 202", samples.stream().map(Sample::accepted).toList());
        row("POST -> IncidentOpened received", samples.stream().map(Sample::opened).filter(n -> n >= 0).toList());
        row("POST -> IncidentTriaged emitted, occurredAt", samples.stream().map(Sample::emitted).toList());
        row("POST -> IncidentTriaged received (end to end)", samples.stream().map(Sample::triaged).toList());
        row("IncidentOpened -> IncidentTriaged, occurredAt", samples.stream().map(Sample::serverSide).filter(n -> n >= 0).toList());
    }

    private static void row(String what, List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        if (sorted.isEmpty()) {
            System.out.printf("%-46s %7d%n", what, 0);
            return;
        }
        System.out.printf("%-46s %7d %7.1f %7.1f %7.1f %7.1f%n", what, sorted.size(), percentile(sorted, 50),
                percentile(sorted, 95), percentile(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
    }

    /** Nearest rank, in milliseconds. */
    private static double percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1) / 1e6;
    }
}
