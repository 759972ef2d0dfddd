package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's chaos drill, through the launched suite with two replicas of every service ({@code ./run.sh
 * --replicas 2}): under a steady alert load through the fronts, {@code kill -9} one replica of each service in
 * turn (the launcher starts it again, as the kubelet would), then restart the broker, then restart PostgreSQL.
 * Afterwards every accepted failure is one stored alert in one incident, triaged, on comms' timeline; no
 * runbook ran twice for an incident; no page level went out twice; nothing is left RUNNING; every replica is
 * ready again by itself. The figures are printed (and kept in {@code bench/README.md}).
 *
 * <p>Not part of README command 2 (it takes several minutes): {@code ./mvnw verify -pl system-tests -am
 * -Dtest=ChaosSystemTest -Dsurefire.failIfNoSpecifiedTests=false}, which {@code .ci/run} runs too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosSystemTest {

    private static final String TOKEN = "chaos-system-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("detection", "triage", "remediation", "comms");
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static final String ONCALL = "oncall-" + RUN;
    /** A new failure this often; each is sent again twice later (Alertmanager re-sends what still fires). */
    private static final Duration LOAD_INTERVAL = Duration.ofMillis(400);
    private static final Duration SETTLE = Duration.ofMinutes(3);

    private Path dataDir;
    private LaunchedSuite suite;
    private WebhookSink webhooks;

    @RegisterExtension
    final KeepDataOnFailure keepDataOnFailure = new KeepDataOnFailure();

    @BeforeAll
    void startTwoReplicasOfEverything() throws Exception {
        webhooks = WebhookSink.start();
        dataDir = Files.createTempDirectory("ir-chaos-system-test");
        Map<String, String> env = new LinkedHashMap<>();
        // remediation's library has no cluster to act on here: executions fail fast, which still shows whether one ran twice
        env.put("IR_SERVICE_ENV_IR_COMMS_WEBHOOK_TIMEOUT", "3s");
        suite = LaunchedSuite.start(dataDir, TOKEN, env, Map.of(), 2);
        // every SEV1 pages the on-call user by webhook, level 2 after 30 s (the same user): pages are checked per level
        put("comms", "/api/v1/users/" + ONCALL, JSON.createObjectNode().put("email", ONCALL + "@example.com")
                .put("webhook", webhooks.url("/" + ONCALL)));
        ObjectNode policy = JSON.createObjectNode().put("repeat", 0);
        policy.putArray("levels").add(level(0)).add(level(0.5));
        put("comms", "/api/v1/escalation-policies/chaos-" + RUN, policy);
        put("comms", "/api/v1/routes/default", JSON.createObjectNode().put("policy", "chaos-" + RUN));
        put("comms", "/api/v1/channels/chaos-" + RUN, JSON.createObjectNode().put("type", "webhook")
                .put("url", webhooks.url("/ops")).put("minSeverity", "SEV4"));
        // what triage recommends for these failures (restart) gets a runbook whose one step calls the test's receiver
        ObjectNode runbook = JSON.createObjectNode().put("name", "chaos restart").put("description", "restart by webhook")
                .put("requiresApproval", false).put("estimatedDurationSeconds", 5);
        runbook.putArray("actions").add("restart");
        runbook.putArray("steps").addObject().put("name", "restart").put("type", "http").put("method", "POST")
                .put("url", webhooks.url("/runbook/${service}")).put("expectedStatus", 200).put("body", "{}")
                .put("timeoutSeconds", 5).put("retries", 0).put("retryDelaySeconds", 1);
        put("remediation", "/api/v1/runbooks/chaos-restart-" + RUN, runbook);
    }

    @AfterAll
    void stop() {
        LaunchedSuite.stop(suite, dataDir, keepDataOnFailure.failed(), webhooks);
    }

    @Test
    void underLoadKillEachReplicaRestartTheBrokerAndPostgresAndLoseNothingDuplicateNothing() throws Exception {
        Load load = new Load();
        Thread loader = new Thread(load, "chaos-load");
        loader.start();
        Map<String, Double> recovery = new LinkedHashMap<>();
        try {
            load.awaitAccepted(10);
            for (String service : SERVICES) {
                LaunchedSuite.Replica victim = suite.replicas(service).get(0);
                long t0 = System.nanoTime();
                suite.killReplica(victim.url());
                LaunchedSuite.Replica back = await(service + " replica 1 started again").atMost(Duration.ofSeconds(60))
                        .until(() -> suite.replicas(service).get(0), r -> r.pid() != victim.pid());
                await(service + " replica 1 ready again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> Answer.ready(back.url()));
                recovery.put("kill -9 " + service + " replica", seconds(t0));
                load.awaitAccepted(10);
            }
            long t0 = System.nanoTime();
            suite.stopBroker();
            load.awaitAccepted(5); // ingest keeps accepting: the outbox holds the events
            suite.startBroker();
            awaitFlowing(load);
            recovery.put("broker restart", seconds(t0));

            t0 = System.nanoTime();
            suite.stopPostgres();
            int refusedBefore = load.refused.get();
            await("ingest refuses while PostgreSQL is down").atMost(Duration.ofSeconds(30))
                    .until(() -> load.refused.get() > refusedBefore);
            suite.startPostgres();
            load.awaitAccepted(10);
            awaitFlowing(load);
            recovery.put("PostgreSQL restart", seconds(t0));
        } finally {
            load.stop.set(true);
            loader.join(30_000);
        }

        Figures figures = verify(load);
        System.out.println("chaos drill, two replicas of each service, load every " + LOAD_INTERVAL.toMillis() + " ms:");
        System.out.println(figures.table(recovery));
        assertEquals(0, figures.lost, "accepted failures not stored once: " + figures.problems);
        assertEquals(0, figures.duplicateIncidents, "incidents opened twice: " + figures.problems);
        assertEquals(0, figures.untriaged, "incidents not triaged: " + figures.problems);
        assertEquals(0, figures.notOnTimeline, "incidents comms does not know: " + figures.problems);
        assertEquals(0, figures.remediationTwice, "runbooks run twice: " + figures.problems);
        assertEquals(0, figures.pageLevelTwice, "page levels sent twice: " + figures.problems);
        assertEquals(0, figures.stuckRunning, "executions left RUNNING: " + figures.problems);
        // a probe may still find a connection of the JDBC pool (Flyway's) that died with PostgreSQL: ready by itself soon after
        for (String service : SERVICES) {
            for (LaunchedSuite.Replica replica : suite.replicas(service)) {
                await(service + " replica " + replica.index() + " ready at the end").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500)).until(() -> Answer.ready(replica.url()));
            }
        }
    }

    /** A failure sent after the outage is opened, triaged and known to comms: events flow again end to end. */
    private void awaitFlowing(Load load) {
        String service = load.awaitNewAccepted();
        await("a failure sent after the outage is triaged and on comms' timeline").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    String incident = incidentOf(service);
                    return incident != null && triaged(incident) && onCommsTimeline(incident);
                });
    }

    private Figures verify(Load load) throws Exception {
        Figures f = new Figures();
        f.sent = load.sent.get();
        f.accepted = load.accepted.size();
        f.refused = load.refused.get();
        f.errors = load.errors.get();
        // every accepted failure: one incident holding its one alert, triaged, on comms' timeline (give the suite time)
        Map<String, String> incidents = new HashMap<>();
        settle("every accepted failure stored, triaged and on comms' timeline", () -> {
                    for (String service : load.accepted) {
                        if (!incidents.containsKey(service)) {
                            String incident = incidentOf(service);
                            if (incident == null || !triaged(incident) || !onCommsTimeline(incident)) {
                                return false;
                            }
                            incidents.put(service, incident);
                        }
                    }
                    return true;
                });
        settle("no execution left RUNNING", () -> running(incidents.values()) == 0);
        for (String service : load.accepted) {
            JsonNode list = get("detection", "/api/v1/incidents?service=" + service);
            if (list.size() != 1) {
                (list.isEmpty() ? f.lostList : f.problems).add(service + ": " + list.size() + " incidents");
                f.duplicateIncidents += Math.max(0, list.size() - 1);
                f.lost += list.isEmpty() ? 1 : 0;
                continue;
            }
            JsonNode incident = list.get(0);
            if (incident.path("alertCount").asInt() != 1) {
                f.problems.add(service + ": " + incident.path("alertCount").asInt() + " alerts stored");
                f.lost += incident.path("alertCount").asInt() == 0 ? 1 : 0;
                f.duplicateAlerts += Math.max(0, incident.path("alertCount").asInt() - 1);
            }
            String id = incident.path("id").asText();
            if (!triaged(id)) {
                f.untriaged++;
                f.problems.add(service + ": not triaged");
            }
            if (!onCommsTimeline(id)) {
                f.notOnTimeline++;
                f.problems.add(service + ": not on comms' timeline");
            }
            Map<String, Integer> runbooks = new HashMap<>();
            for (JsonNode execution : get("remediation", "/api/v1/executions?incidentId=" + id)) {
                f.executions++;
                runbooks.merge(execution.path("runbook").asText(), 1, Integer::sum);
                if (execution.path("status").asText().equals("RUNNING")) {
                    f.stuckRunning++;
                    f.problems.add(service + ": execution " + execution.path("id").asText() + " RUNNING");
                }
            }
            f.stepCalls += (int) webhooks.all().stream().filter(r -> r.path().equals("/runbook/" + service)).count();
            runbooks.forEach((runbook, n) -> {
                if (n > 1) {
                    f.remediationTwice += n - 1;
                    f.problems.add(service + ": runbook " + runbook + " ran " + n + " times");
                }
            });
            Map<String, Integer> levels = new HashMap<>();
            for (JsonNode page : get("comms", "/api/v1/pages?incidentId=" + id)) {
                f.pages++;
                levels.merge(page.path("level").asText() + "/" + page.path("user").asText(), 1, Integer::sum);
            }
            levels.forEach((level, n) -> {
                if (n > 1) {
                    f.pageLevelTwice += n - 1;
                    f.problems.add(service + ": page level " + level + " recorded " + n + " times");
                }
            });
            // what reached the on-call user's webhook: a re-send after a crash carries the same delivery id
            List<WebhookSink.Received> arrived = webhooks.at("/" + ONCALL, id);
            f.pageArrivals += arrived.size();
            f.pageResends += arrived.size() - (int) arrived.stream().map(WebhookSink.Received::deliveryIdHeader).distinct().count();
        }
        f.problems.addAll(0, f.lostList);
        return f;
    }

    /** Waits up to {@link #SETTLE} for {@code condition}; a shortfall is counted by the caller, not thrown here. */
    private static void settle(String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await(what).atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("chaos drill: not settled in " + SETTLE.toSeconds() + " s: " + what);
        }
    }

    private int running(Iterable<String> incidents) throws IOException {
        int running = 0;
        for (String id : incidents) {
            for (JsonNode execution : get("remediation", "/api/v1/executions?incidentId=" + id)) {
                running += execution.path("status").asText().equals("RUNNING") ? 1 : 0;
            }
        }
        return running;
    }

    /** The one incident of {@code service}, or null while there is none. */
    private String incidentOf(String service) throws IOException {
        JsonNode list = get("detection", "/api/v1/incidents?service=" + service);
        return list.isEmpty() ? null : list.get(0).path("id").asText();
    }

    /**
     * The steady load: a new failure (its own service, one alert) every {@link #LOAD_INTERVAL}, and the
     * failures sent 10 and 20 intervals earlier sent again, as Alertmanager re-sends what still fires. Each
     * request is a connection of its own, so the fronts spread them over the replicas. A failure counts as
     * accepted once any of its sends got a 202; a 503 while PostgreSQL is down is refused, as it should be.
     */
    private final class Load implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        /** Failures created so far; failure n is service {@code chaos-<run>-n}. */
        final AtomicInteger created = new AtomicInteger();

        @Override
        public void run() {
            while (!stop.get()) {
                int n = created.getAndIncrement();
                for (int back : new int[] {0, 10, 20}) {
                    if (n - back >= 0) {
                        send(service(n - back));
                    }
                }
                try {
                    Thread.sleep(LOAD_INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void send(String service) {
            String alert = JSON.createObjectNode().put("source", "prometheus").put("service", service)
                    .put("name", "HighErrorRate").put("severity", "critical").put("summary", "5xx above 5% on " + service)
                    .toString();
            sent.incrementAndGet();
            try {
                Answer answer = Answer.of("POST", suite.url("detection") + "/api/v1/alerts", TOKEN, alert);
                if (answer.status() == 202) {
                    accepted.add(service);
                } else if (answer.status() == 503) {
                    refused.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                    System.out.println("chaos load: " + answer.status() + " " + answer.body());
                }
            } catch (IOException e) {
                // a connection reset by a replica killed mid-request: the sender tries again on its next re-send
                errors.incrementAndGet();
            }
        }

        void awaitAccepted(int more) {
            int target = accepted.size() + more;
            await("the load gets " + more + " more failures accepted").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200)).until(() -> accepted.size() >= target);
        }

        static String service(int n) {
            return "chaos-" + RUN + "-" + n;
        }

        /** A failure first sent (and accepted) from now on. */
        String awaitNewAccepted() {
            String next = service(created.get() + 1);
            await("a new failure accepted").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> accepted.contains(next));
            return next;
        }
    }

    private static final class Figures {
        int sent;
        int accepted;
        int refused;
        int errors;
        int lost;
        int duplicateIncidents;
        int duplicateAlerts;
        int untriaged;
        int notOnTimeline;
        int executions;
        int stepCalls;
        int remediationTwice;
        int stuckRunning;
        int pages;
        int pageLevelTwice;
        int pageArrivals;
        int pageResends;
        final List<String> lostList = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        String table(Map<String, Double> recovery) {
            StringBuilder out = new StringBuilder();
            out.append(String.format("  alert sends %d: failures accepted %d, sends refused with 503 %d, sends failed (reset/other) %d%n",
                    sent, accepted, refused, errors));
            out.append(String.format("  lost %d, incidents opened twice %d, alerts stored twice %d, untriaged %d, unknown to comms %d%n",
                    lost, duplicateIncidents, duplicateAlerts, untriaged, notOnTimeline));
            out.append(String.format("  executions %d (their http step called %d times), runbook run twice for an incident %d, left RUNNING %d%n",
                    executions, stepCalls, remediationTwice, stuckRunning));
            out.append(String.format("  pages recorded %d, a level twice %d; page deliveries arrived %d, of them re-sends with the same delivery id %d%n",
                    pages, pageLevelTwice, pageArrivals, pageResends));
            recovery.forEach((what, s) -> out.append(String.format("  %-32s back to ready/flowing in %.1f s%n", what, s)));
            if (!problems.isEmpty()) {
                out.append("  problems: ").append(problems.subList(0, Math.min(20, problems.size())));
            }
            return out.toString();
        }
    }

    private static ObjectNode level(double delayMinutes) {
        ObjectNode level = JSON.createObjectNode().put("delayMinutes", delayMinutes);
        level.putArray("targets").addObject().put("type", "user").put("name", ONCALL);
        return level;
    }

    /** Whether triage answers the incident's triage. */
    private boolean triaged(String incident) throws IOException {
        return status("triage", "/api/v1/incidents/" + incident + "/triage") == 200;
    }

    /** Whether comms' timeline of the incident has its opening. */
    private boolean onCommsTimeline(String incident) throws IOException {
        return get("comms", "/api/v1/incidents/" + incident + "/timeline").toString().contains("IncidentOpened");
    }

    private void put(String service, String path, ObjectNode body) throws IOException {
        Answer answer = Answer.of("PUT", suite.url(service) + path, TOKEN, body.toString());
        assertTrue(answer.status() / 100 == 2, "PUT " + path + ": " + answer);
    }

    private JsonNode get(String service, String path) throws IOException {
        Answer answer = Answer.of("GET", suite.url(service) + path, TOKEN, null);
        if (answer.status() != 200) {
            throw new IOException("GET " + path + ": " + answer);
        }
        return JSON.readTree(answer.body());
    }

    private int status(String service, String path) throws IOException {
        return Answer.of("GET", suite.url(service) + path, TOKEN, null).status();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
