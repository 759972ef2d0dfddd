package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.localstack.LocalStack;
import io.irsuite.localstack.ScenarioReplay;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10's "Done when", through the launched suite: comms reaches people. The test runs a real SMTP server
 * (GreenMail, {@link SmtpSink}) and webhook receivers ({@link WebhookSink}) in this JVM and points comms at
 * them; everything is set up and read through the public HTTP APIs, and the incidents come from real alerts
 * through detection and triage.
 * <ol>
 *   <li>A SEV1 (a {@code critical} Alertmanager alert without impact figures) on a catalog service whose owner
 *   routes to a three-level policy pages level 1 by e-mail and webhook at once, level 2 after its delay (15 s);
 *   the acknowledge link of level 2's e-mail (POST, no token) stops it: no level 3, no repeat.</li>
 *   <li>The on-call primary is commander; roles and a handoff are on the timeline; the new commander is told.</li>
 *   <li>Action items; the one past its due date is listed as overdue.</li>
 *   <li>The public status page shows the component in a major outage and nothing of what the alert carried
 *   (URLs, a token, hosts, ids, names).</li>
 *   <li>Cadence: an {@code update} arrives on the SEV1 cadence (20 s here); the resolution ends it.</li>
 *   <li>A burst of re-triages (SEV4 → SEV3 → SEV2 within the coalesce window, 10 s here) yields one
 *   {@code update} stating the final state.</li>
 * </ol>
 * Run: {@code ./mvnw -o -pl system-tests verify -Dtest=CommsSystemTest -Dsurefire.failIfNoSpecifiedTests=false}
 * after packaging the services (add {@code -Dir.keep-data=true} to keep the suite's logs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommsSystemTest {

    private static final String TOKEN = "comms-system-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String RUN = Long.toString(System.currentTimeMillis() % 10_000_000, 36);
    /** Level 2 and level 3 of the policy each fire this long after the previous level. */
    private static final Duration LEVEL_DELAY = Duration.ofSeconds(15);
    private static final Duration SEV1_CADENCE = Duration.ofSeconds(20);
    private static final Duration COALESCE_WINDOW = Duration.ofSeconds(10);
    /** How late a timer may fire: the sweeps run every second, plus delivery on a busy 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(6);
    private static final Pattern ACK_LINK = Pattern.compile("(https?://\\S+/api/v1/pages/[0-9a-f-]+/ack\\?token=[A-Za-z0-9_-]+)");

    /** What the poisoned alert carries and no customer may ever read. */
    private static final String SECRET_TOKEN = "sk_live_" + RUN + "Q7xW2";
    private static final String INTERNAL_HOST = "grafana.corp-" + RUN + ".internal";
    private static final String INTERNAL_IP = "10.77.3.41";

    private static final String SERVICE = "payments-" + RUN;
    private static final String TEAM = "team-payments-" + RUN;
    private static final String POLICY = "payments-" + RUN;
    private static final String ALICE = "alice-" + RUN;
    private static final String BOB = "bob-" + RUN;
    private static final String CAROL = "carol-" + RUN;
    private static final String CHANNEL = "/ops";

    private Path dataDir;
    private LaunchedSuite suite;
    private ScenarioReplay client;
    private SmtpSink smtp;
    private WebhookSink webhooks;
    private String comms;
    private String publicUrl;
    private final HttpClient anonymous = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The SEV1 incident of the first tests, and when its pages went out. */
    private String incident;
    @RegisterExtension
    final KeepDataOnFailure keepDataOnFailure = new KeepDataOnFailure();

    @BeforeAll
    void startTheReceiversAndTheSuite() throws Exception {
        smtp = SmtpSink.start();
        webhooks = WebhookSink.start();
        int commsPort = LocalStack.freePort();
        publicUrl = "http://" + LocalStack.HOST + ":" + commsPort;
        Map<String, String> serviceEnv = new LinkedHashMap<>(smtp.mailerEnvironment("ir-suite@comms-system.test"));
        serviceEnv.put("IR_DETECTION_STABILISATION_WINDOW", "3s");
        // acknowledge links point at comms as the test reaches it
        serviceEnv.put("IR_PAGING_PUBLIC_URL", publicUrl);
        serviceEnv.put("IR_COMMS_UPDATE_CADENCE_SEV1", SEV1_CADENCE.toSeconds() + "s");
        serviceEnv.put("IR_COMMS_UPDATE_COALESCE_WINDOW", COALESCE_WINDOW.toSeconds() + "s");
        // no runbook: remediation moves nothing, so the notifications are the incident's own (no cluster here)
        serviceEnv.put("IR_REMEDIATION_LIBRARY_ENABLED", "false");
        Map<String, String> launcherEnv = new LinkedHashMap<>();
        serviceEnv.forEach((k, v) -> launcherEnv.put("IR_SERVICE_ENV_" + k, v));
        dataDir = Files.createTempDirectory("ir-comms-system-test");
        long t0 = System.nanoTime();
        suite = LaunchedSuite.start(dataDir, TOKEN, launcherEnv, Map.of("comms", commsPort));
        System.out.printf("suite ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        client = new ScenarioReplay(suite.endpoints(), System.out);
        comms = suite.url("comms");
        assertEquals(publicUrl, comms, "comms runs on the port chosen for its links");
    }

    @AfterAll
    void stop() {
        LaunchedSuite.stop(suite, dataDir, keepDataOnFailure.failed(), webhooks, smtp);
    }

    @Test
    @Order(1)
    void aSev1WithoutAcknowledgementPagesLevelOneByEmailAndWebhookThenLevelTwoAndTheAcknowledgeLinkStopsIt()
            throws Exception {
        // the catalog (triage's) names the owner; comms routes the owner to the policy
        client.call("PUT", suite.url("triage") + "/api/v1/catalog/services/" + SERVICE, JSON.createObjectNode()
                .put("tier", 1).put("owner", TEAM).put("kind", "service").<ObjectNode>set("dependsOn", JSON.createArrayNode())
                .toString());
        admin("/api/v1/users/" + ALICE, JSON.createObjectNode().put("email", ALICE + "@example.com")
                .put("webhook", webhooks.url("/" + ALICE)).put("timeZone", "Europe/Berlin"));
        admin("/api/v1/users/" + BOB, JSON.createObjectNode().put("email", BOB + "@example.com")
                .put("webhook", webhooks.url("/" + BOB)));
        admin("/api/v1/users/" + CAROL, JSON.createObjectNode().put("email", CAROL + "@example.com")
                .put("webhook", webhooks.url("/" + CAROL)));
        // level 1 through a schedule (alice on call all the time), then bob, then carol, walked twice
        ObjectNode schedule = JSON.createObjectNode().put("timeZone", "Europe/Berlin");
        schedule.putArray("layers").addObject().put("rotation", "weekly")
                .put("handoffAt", Instant.now().minus(Duration.ofDays(3)).toString()).putArray("users").add(ALICE);
        admin("/api/v1/schedules/primary-" + RUN, schedule);
        ObjectNode policy = JSON.createObjectNode().put("repeat", 1).put("repeatDelayMinutes", minutes(LEVEL_DELAY));
        ArrayNode levels = policy.putArray("levels");
        levels.add(level(0, "schedule", "primary-" + RUN));
        levels.add(level(minutes(LEVEL_DELAY), "user", BOB));
        levels.add(level(minutes(LEVEL_DELAY), "user", CAROL));
        admin("/api/v1/escalation-policies/" + POLICY, policy);
        admin("/api/v1/routes/" + TEAM, JSON.createObjectNode().put("policy", POLICY));
        admin("/api/v1/channels/ops", JSON.createObjectNode().put("type", "webhook").put("url", webhooks.url(CHANNEL))
                .put("minSeverity", "SEV4"));
        admin("/api/v1/status/components/payments", JSON.createObjectNode().put("displayName", "Online payments")
                .put("group", "Shop").put("public", true).<ObjectNode>set("services", JSON.createArrayNode().add(SERVICE)));
        client.awaitCatalogReplica(List.of(SERVICE));

        Instant fired = Instant.now();
        client.call("POST", suite.url("detection") + "/api/v1/alerts/alertmanager", poisonedAlertmanagerAlert().toString());
        incident = openIncident(SERVICE);
        assertEquals("SEV1", awaitValue("detection's incident", this::detectionIncident, i -> true).path("severity").asText());

        // level 1, at once: alice by webhook and by e-mail, each with its acknowledge link
        WebhookSink.Received alicePage = awaitValue("alice's webhook page", () -> webhooks.at("/" + ALICE, incident),
                l -> !l.isEmpty()).get(0);
        assertEquals("page", alicePage.kind());
        assertTrue(alicePage.text().contains("PAGE level 1 to " + ALICE) && alicePage.text().contains("Why: SEV1 detected")
                && alicePage.text().contains("Policy: " + POLICY), alicePage.text());
        assertAckLink(alicePage.text());
        assertNotNull(alicePage.deliveryIdHeader(), "X-IR-Delivery-Id");
        assertEquals(alicePage.deliveryIdHeader(), alicePage.idempotencyKey());
        assertEquals(alicePage.deliveryIdHeader(), alicePage.json().path("deliveryId").asText());
        SmtpSink.Mail aliceMail = awaitValue("alice's e-mail page", () -> smtp.to(ALICE + "@example.com", incident),
                l -> !l.isEmpty()).get(0);
        assertTrue(aliceMail.subject().startsWith("[SEV1] Action needed: "), aliceMail.subject());
        assertEquals("ir-suite@comms-system.test", aliceMail.from());
        assertNotNull(aliceMail.deliveryId(), "the e-mail carries its delivery id");
        assertEquals("<" + aliceMail.deliveryId() + "@ir-suite>", aliceMail.messageId());
        assertTrue(aliceMail.text().contains("PAGE level 1 to " + ALICE), aliceMail.text());
        assertAckLink(aliceMail.text());
        System.out.printf("level 1 reached alice %.1f s (webhook) and %.1f s (e-mail) after the alert%n",
                secondsBetween(fired, alicePage.at()), secondsBetween(fired, Instant.now()));
        assertTrue(webhooks.at("/" + BOB, incident).isEmpty(), "bob is not paged before level 2's delay");

        // level 2, after its delay: bob by webhook and by e-mail
        WebhookSink.Received bobPage = awaitValue("bob's webhook escalation", () -> webhooks.at("/" + BOB, incident),
                l -> !l.isEmpty()).get(0);
        assertEquals("escalation", bobPage.kind());
        assertTrue(bobPage.text().contains("ESCALATION level 2 to " + BOB)
                && bobPage.text().contains("Nobody acknowledged the earlier level(s)"), bobPage.text());
        SmtpSink.Mail bobMail = awaitValue("bob's e-mail escalation", () -> smtp.to(BOB + "@example.com", incident),
                l -> !l.isEmpty()).get(0);
        assertTrue(bobMail.subject().startsWith("[SEV1] Escalation: "), bobMail.subject());
        double apart = secondsBetween(alicePage.at(), bobPage.at());
        System.out.printf("level 2 reached bob %.1f s after level 1 reached alice%n", apart);
        JsonNode pagesBeforeAck = pages();
        assertEquals(2, pagesBeforeAck.size(), pagesBeforeAck.toString());
        double firedApart = secondsBetween(Instant.parse(pagesBeforeAck.get(0).path("sentAt").asText()),
                Instant.parse(pagesBeforeAck.get(1).path("sentAt").asText()));
        assertTrue(firedApart >= LEVEL_DELAY.toSeconds() - 1 && firedApart <= LEVEL_DELAY.plus(SLACK).toSeconds(),
                "level 2 fired its delay after level 1: " + firedApart + " s; " + pagesBeforeAck);

        // bob follows the link of his e-mail, as the README says: a POST, no token
        String link = assertAckLink(bobMail.text());
        HttpResponse<String> ack = anonymous.send(HttpRequest.newBuilder(URI.create(link))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        Instant acknowledged = Instant.now();
        assertEquals(200, ack.statusCode(), ack.body());
        JsonNode ackedPage = JSON.readTree(ack.body());
        assertEquals("acknowledged", ackedPage.path("status").asText(), ack.body());
        assertEquals(BOB, ackedPage.path("acknowledgedBy").asText(), ack.body());
        assertEquals(409, anonymous.send(HttpRequest.newBuilder(URI.create(link)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the link is single use");

        // proving a negative: level 3 was due LEVEL_DELAY after level 2 (and the repeat LEVEL_DELAY after that);
        // watch past level 3's moment plus the sweep and delivery slack, then check nothing more was paged
        Instant level3Due = Instant.parse(pagesBeforeAck.get(1).path("sentAt").asText()).plus(LEVEL_DELAY);
        Duration watch = Duration.between(Instant.now(), level3Due.plus(SLACK)).plus(Duration.ofSeconds(1));
        await("no level 3 and no repeat after the acknowledgement").during(watch).atMost(watch.plusSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.at("/" + CAROL, incident).isEmpty() && smtp.to(CAROL + "@example.com", incident).isEmpty()
                        && pages().size() == 2);
        assertEquals(1, webhooks.at("/" + ALICE, incident, "page").size(), "alice paged once");
        assertEquals(0, webhooks.at("/" + ALICE, incident, "escalation").size(), "alice not paged again (no repeat)");
        assertEquals(1, webhooks.at("/" + BOB, incident, "escalation").size(), "bob paged once");
        assertEquals(1, smtp.to(ALICE + "@example.com", incident).size());
        assertEquals(1, smtp.to(BOB + "@example.com", incident).size());

        JsonNode pages = pages();
        assertEquals(List.of(1, 2), ints(pages, "level"), pages.toString());
        assertEquals(List.of(ALICE, BOB), texts(pages, "user"), pages.toString());
        assertEquals(List.of("email,webhook", "email,webhook"), texts(pages, "channel"), pages.toString());
        assertEquals(List.of("acknowledged", "acknowledged"), texts(pages, "status"), pages.toString());
        assertEquals(List.of(BOB, BOB), texts(pages, "acknowledgedBy"), pages.toString());
        assertEquals(List.of(POLICY, POLICY), texts(pages, "policy"), pages.toString());
        assertEquals("SEV1 detected", pages.get(0).path("reason").asText());
        assertFalse(Instant.parse(pages.get(0).path("acknowledgedAt").asText()).isAfter(acknowledged));

        List<String> types = timelineTypes();
        assertTrue(types.containsAll(List.of("IncidentOpened", "Paged", "Escalated", "PageAcknowledged")), types.toString());
    }

    @Test
    @Order(2)
    void theOnCallPrimaryCommandsRolesAndAHandoffAreOnTheTimelineAndTheNewCommanderIsTold() throws Exception {
        // a SEV1 always has a commander: the on-call primary of level 1 (the commander sweep runs every 5 s)
        JsonNode roles = awaitValue("a commander for the SEV1", () -> json(client.call("GET",
                comms + "/api/v1/incidents/" + incident + "/roles", null)), r -> role(r, "commander") != null);
        assertEquals(ALICE, role(roles, "commander").path("user").asText(), roles.toString());
        assertEquals("on-call", role(roles, "commander").path("assignedBy").asText(), roles.toString());

        client.call("PUT", comms + "/api/v1/incidents/" + incident + "/roles/scribe",
                JSON.createObjectNode().put("user", CAROL).toString());
        client.call("PUT", comms + "/api/v1/incidents/" + incident + "/roles/communications",
                JSON.createObjectNode().put("user", CAROL).toString());
        ObjectNode handoff = JSON.createObjectNode().put("to", BOB)
                .put("status", "Payments fail for every customer since 10:02")
                .put("tried", "Restarted the payment pods; no change")
                .put("strategy", "Fail over to the standby region");
        handoff.putArray("keyPeople").add(CAROL);
        handoff.putArray("nextSteps").add("Drain the primary region");
        handoff.putArray("openQuestions").add("Is the card vault replicated?");
        client.call("POST", comms + "/api/v1/incidents/" + incident + "/handoff", handoff.toString());

        JsonNode after = json(client.call("GET", comms + "/api/v1/incidents/" + incident + "/roles", null));
        assertEquals(BOB, role(after, "commander").path("user").asText(), after.toString());
        assertEquals(CAROL, role(after, "scribe").path("user").asText(), after.toString());
        assertEquals(CAROL, role(after, "communications").path("user").asText(), after.toString());

        JsonNode timeline = awaitValue("the handoff on the timeline", this::timeline,
                t -> entries(t, "Handoff").size() == 1 && entries(t, "RoleAssigned").size() >= 3);
        List<String> assigned = entries(timeline, "RoleAssigned").stream().map(e -> e.path("summary").asText()).toList();
        assertTrue(assigned.stream().anyMatch(s -> s.contains("incident commander is " + ALICE) && s.contains("on call")), assigned.toString());
        assertTrue(assigned.stream().anyMatch(s -> s.contains("scribe is " + CAROL)), assigned.toString());
        assertTrue(assigned.stream().anyMatch(s -> s.contains("is " + CAROL) && s.toLowerCase().contains("communications")),
                assigned.toString());
        String handoffLine = entries(timeline, "Handoff").get(0).path("summary").asText();
        for (String part : List.of(ALICE + " → " + BOB, "Payments fail for every customer", "Restarted the payment pods",
                "Fail over to the standby region", "Drain the primary region", "Is the card vault replicated?")) {
            assertTrue(handoffLine.contains(part), "the handoff line has '" + part + "': " + handoffLine);
        }
        // the new commander gets the template through his contact methods
        WebhookSink.Received told = awaitValue("bob's webhook handoff", () -> webhooks.at("/" + BOB, incident, "handoff"),
                l -> !l.isEmpty()).get(0);
        assertTrue(told.text().contains("Fail over to the standby region"), told.text());
        awaitValue("bob's handoff e-mail", () -> smtp.to(BOB + "@example.com", incident),
                l -> l.stream().anyMatch(m -> m.subject().contains("You are now incident commander")));
    }

    @Test
    @Order(3)
    void actionItemsAreCreatedAndTheOnePastItsDueDateIsListedAsOverdue() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode late = json(client.call("POST", comms + "/api/v1/incidents/" + incident + "/action-items",
                JSON.createObjectNode().put("title", "Alert on card vault replication lag " + RUN).put("owner", TEAM)
                        .put("priority", "high").put("dueDate", today.minusDays(2).toString()).toString()));
        JsonNode onTime = json(client.call("POST", comms + "/api/v1/incidents/" + incident + "/action-items",
                JSON.createObjectNode().put("title", "Runbook for the region fail-over " + RUN).put("owner", TEAM)
                        .put("priority", "medium").put("dueDate", today.plusDays(7).toString()).toString()));
        assertEquals("open", late.path("status").asText(), late.toString());
        assertTrue(late.path("overdue").asBoolean(), late.toString());
        assertFalse(onTime.path("overdue").asBoolean(), onTime.toString());

        JsonNode overdue = json(client.call("GET", comms + "/api/v1/action-items?overdue=true", null));
        List<String> ids = texts(overdue, "id");
        assertTrue(ids.contains(late.path("id").asText()), "the late item is listed: " + overdue);
        assertFalse(ids.contains(onTime.path("id").asText()), "the item due next week is not: " + overdue);
        JsonNode ofIncident = json(client.call("GET", comms + "/api/v1/action-items?incidentId=" + incident, null));
        assertEquals(2, ofIncident.size(), ofIncident.toString());
        JsonNode overdueOfTeam = json(client.call("GET", comms + "/api/v1/action-items?overdue=true&owner=" + TEAM, null));
        assertEquals(List.of(late.path("id").asText()), texts(overdueOfTeam, "id"), overdueOfTeam.toString());
    }

    @Test
    @Order(4)
    void theStatusPageShowsTheComponentInAMajorOutageAndNothingInternal() throws Exception {
        HttpResponse<String> api = awaitValue("the public JSON shows the outage", () -> anonymous.send(
                HttpRequest.newBuilder(URI.create(comms + "/api/v1/status")).build(), HttpResponse.BodyHandlers.ofString()),
                r -> r.statusCode() == 200 && JSON.readTree(r.body()).path("incidents").size() > 0);
        JsonNode page = JSON.readTree(api.body());
        JsonNode component = find(page.path("components"), c -> c.path("displayName").asText().equals("Online payments"));
        assertNotNull(component, page.toString());
        assertEquals("major_outage", component.path("status").asText(), "SEV1 on its service: " + page);
        assertEquals("major_outage", page.path("status").asText(), page.toString());
        JsonNode shown = page.path("incidents").get(0);
        assertEquals("critical", shown.path("impact").asText(), page.toString());
        assertTrue(shown.path("title").asText().contains("Online payments"), page.toString());

        HttpResponse<String> html = anonymous.send(HttpRequest.newBuilder(URI.create(comms + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, html.statusCode());
        assertTrue(html.body().contains("Online payments") && html.body().contains("Major outage"), html.body());

        List<String> pageIds = texts(pages(), "id");
        List<String> internal = new ArrayList<>(List.of(SECRET_TOKEN, INTERNAL_HOST, INTERNAL_IP, "internal", "PaymentsDown",
                SERVICE, TEAM, incident, "://", "token", "card-vault"));
        internal.addAll(pageIds);
        for (String body : List.of(api.body(), html.body())) {
            for (String secret : internal) {
                assertFalse(body.contains(secret), "the public status page shows '" + secret + "': " + body);
            }
        }
        // responders do see it all, in the internal view
        String view = client.call("GET", comms + "/api/v1/status?internal=true", null).body();
        assertTrue(view.contains(incident) && view.contains(SERVICE), view);
    }

    @Test
    @Order(5)
    void anUpdateArrivesOnTheSev1CadenceAndTheResolutionEndsIt() throws Exception {
        // the SEV1 has been open since test 1 without anything new for stakeholders: the channel gets an update
        // each time the cadence passes without another initial or update
        List<WebhookSink.Received> told = awaitValue("an update on the SEV1 cadence", () -> stakeholderNotes(incident),
                notes -> onCadence(notes) != null);
        WebhookSink.Received tick = onCadence(told);
        assertEquals("SEV1", tick.json().path("severity").asText(), tick.body());
        assertEquals(tick.deliveryIdHeader(), tick.json().path("deliveryId").asText());
        for (int i = 1; i < told.size(); i++) {
            double gap = secondsBetween(told.get(i - 1).at(), told.get(i).at());
            // the coalesced update may follow the initial within the window; never two updates closer than that
            assertTrue(gap >= Math.min(COALESCE_WINDOW.toSeconds(), SEV1_CADENCE.toSeconds()) - 1.5,
                    "updates " + gap + " s apart: " + summary(told));
        }
        System.out.println("stakeholder notifications of the SEV1: " + summary(told));

        client.call("POST", suite.url("detection") + "/api/v1/incidents/" + incident + "/resolve",
                JSON.createObjectNode().put("by", BOB).put("note", "failed over to the standby region").toString());
        WebhookSink.Received resolution = awaitValue("the resolution", () -> webhooks.at(CHANNEL, incident, "resolution"),
                l -> !l.isEmpty()).get(0);
        // proving a negative: the next tick was due at most one cadence after the last update; watch past it
        Duration watch = SEV1_CADENCE.plus(SLACK);
        await("no update after the resolution").during(watch).atMost(watch.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.at(CHANNEL, incident).stream().noneMatch(r -> r.at().isAfter(resolution.at())));
        assertEquals(1, webhooks.at(CHANNEL, incident, "resolution").size());
    }

    @Test
    @Order(6)

    void aBurstOfReTriagesWithinTheWindowYieldsOneUpdateStatingTheFinalState() throws Exception {
        String service = "cart-" + RUN;
        client.call("POST", suite.url("detection") + "/api/v1/alerts", alert(service, "CartSlow", "info", 0.005).toString());
        String burst = openIncident(service);
        WebhookSink.Received initial = awaitValue("the initial notification", () -> webhooks.at(CHANNEL, burst, "initial"),
                l -> !l.isEmpty()).get(0);
        assertEquals("SEV4", initial.json().path("severity").asText(), initial.body());

        // worse and worse figures, each re-triaged by the real triage: SEV4 → SEV3 → SEV2
        client.call("POST", suite.url("detection") + "/api/v1/alerts", alert(service, "CartErrors", "warning", 0.02).toString());
        awaitValue("triage says SEV3", () -> triage(burst), t -> t.path("severity").asText().equals("SEV3"));
        client.call("POST", suite.url("detection") + "/api/v1/alerts", alert(service, "CartFailing", "high", 0.2).toString());
        awaitValue("triage says SEV2", () -> triage(burst), t -> t.path("severity").asText().equals("SEV2"));
        Instant lastChange = Instant.now();
        assertTrue(webhooks.at(CHANNEL, burst, "update").isEmpty() || webhooks.at(CHANNEL, burst, "update").get(0).at()
                .isAfter(lastChange.minusMillis(200)), "the burst was over before its update went out: "
                + summary(stakeholderNotes(burst)));

        WebhookSink.Received update = awaitValue("the coalesced update", () -> webhooks.at(CHANNEL, burst, "update"),
                l -> !l.isEmpty()).get(0);
        System.out.printf("the coalesced update came %.1f s after the initial; the burst ended %.1f s after the initial%n",
                secondsBetween(initial.at(), update.at()), secondsBetween(initial.at(), lastChange));
        assertEquals("SEV2", update.json().path("severity").asText(), update.body());
        assertTrue(update.text().contains("SEV2"), "the update states the final severity: " + update.text());
        // SEV3 was never told to anyone: the net change goes from what was told (SEV4) to what is (SEV2)
        assertFalse(update.text().contains("SEV3"), "the update states the net change, not the steps: " + update.text());
        // proving a negative: every change of the burst happened before that update, so a second update could only
        // come one window after a change that followed it; watch a whole window past it plus slack
        Duration watch = COALESCE_WINDOW.plus(SLACK);
        await("one update for the burst").during(watch).atMost(watch.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.at(CHANNEL, burst, "update").size() == 1);
        assertEquals(1, webhooks.at(CHANNEL, burst, "initial").size());

        client.call("POST", suite.url("detection") + "/api/v1/incidents/" + burst + "/resolve",
                JSON.createObjectNode().put("by", ALICE).put("note", "cache warmed").toString());
    }

    // ---- the scenario's parts

    /** An Alertmanager alert that makes a SEV1, its annotations and URL full of what customers must never read. */
    private ObjectNode poisonedAlertmanagerAlert() {
        ObjectNode body = JSON.createObjectNode().put("version", "4").put("status", "firing").put("receiver", "ir-suite")
                .put("groupKey", "{}:{alertname=\"PaymentsDown\"}").put("externalURL", "http://" + INTERNAL_HOST + ":9093");
        ObjectNode alert = body.putArray("alerts").addObject().put("status", "firing")
                .put("startsAt", Instant.now().minusSeconds(30).toString()).put("endsAt", "0001-01-01T00:00:00Z")
                .put("generatorURL", "http://" + INTERNAL_HOST + ":9090/graph?g0.expr=up&api_key=" + SECRET_TOKEN);
        alert.putObject("labels").put("alertname", "PaymentsDown").put("service", SERVICE).put("severity", "critical")
                .put("instance", INTERNAL_IP + ":8443");
        alert.putObject("annotations")
                .put("summary", "card-vault answers 502 at https://" + INTERNAL_HOST + "/d/payments?token=" + SECRET_TOKEN)
                .put("description", "curl -H 'Authorization: Bearer " + SECRET_TOKEN + "' http://" + INTERNAL_IP
                        + ":8443/internal/health returned {\"db\":\"card-vault\",\"password\":\"hunter2\"}")
                .put("runbook_url", "https://wiki.corp-" + RUN + ".internal/runbooks/payments");
        return body;
    }

    private static ObjectNode alert(String service, String name, String severity, double errorRate) {
        ObjectNode alert = JSON.createObjectNode().put("source", "prometheus").put("service", service).put("name", name)
                .put("severity", severity).put("summary", name + " on " + service)
                .put("startsAt", Instant.now().minusSeconds(20).toString());
        alert.putObject("metrics").put("errorRate", errorRate);
        return alert;
    }

    private static ObjectNode level(double delayMinutes, String type, String name) {
        ObjectNode level = JSON.createObjectNode().put("delayMinutes", delayMinutes);
        level.putArray("targets").addObject().put("type", type).put("name", name);
        return level;
    }

    private static double minutes(Duration d) {
        return d.toSeconds() / 60.0;
    }

    private void admin(String path, ObjectNode body) throws Exception {
        client.call("PUT", comms + path, body.toString());
    }

    /** The acknowledge link in a page's text: it points at comms' public URL. */
    private String assertAckLink(String text) {
        Matcher m = ACK_LINK.matcher(text);
        assertTrue(m.find(), "a page carries its acknowledge link: " + text);
        assertTrue(m.group(1).startsWith(publicUrl + "/api/v1/pages/"), m.group(1));
        return m.group(1);
    }

    /**
     * The first {@code update} that came on the cadence: one cadence (and at most the slack more) after the
     * initial or update before it.
     */
    private static WebhookSink.Received onCadence(List<WebhookSink.Received> notes) {
        for (int i = 1; i < notes.size(); i++) {
            double gap = secondsBetween(notes.get(i - 1).at(), notes.get(i).at());
            if (notes.get(i).kind().equals("update") && gap >= SEV1_CADENCE.toSeconds() - 1.5
                    && gap <= SEV1_CADENCE.plus(SLACK).toSeconds()) {
                return notes.get(i);
            }
        }
        return null;
    }

    /** The initial and update notifications of the channel about an incident, in arrival order. */
    private List<WebhookSink.Received> stakeholderNotes(String incidentId) {
        return webhooks.at(CHANNEL, incidentId).stream().filter(r -> r.kind().equals("initial") || r.kind().equals("update"))
                .toList();
    }

    private static String summary(List<WebhookSink.Received> notes) {
        if (notes.isEmpty()) {
            return "[]";
        }
        Instant first = notes.get(0).at();
        return notes.stream().map(n -> String.format("%s +%.1fs %s", n.kind(), secondsBetween(first, n.at()),
                n.json().path("severity").asText())).toList().toString();
    }

    // ---- reads

    /** The id of the incident of {@code service} (not merged into another), once detection opened it. */
    private String openIncident(String service) {
        return find(awaitValue("an incident of " + service, () -> client.incidentsOf(service),
                all -> find(all, i -> !i.hasNonNull("mergedInto")) != null), i -> !i.hasNonNull("mergedInto")).path("id").asText();
    }

    private JsonNode pages() throws Exception {
        return json(client.call("GET", comms + "/api/v1/pages?incidentId=" + incident, null));
    }

    private JsonNode timeline() throws Exception {
        return json(client.call("GET", comms + "/api/v1/incidents/" + incident + "/timeline", null));
    }

    private List<String> timelineTypes() throws Exception {
        return texts(timeline(), "type");
    }

    private JsonNode detectionIncident() throws Exception {
        return json(client.call("GET", suite.url("detection") + "/api/v1/incidents/" + incident, null));
    }

    private JsonNode triage(String incidentId) throws Exception {
        return json(client.call("GET", suite.url("triage") + "/api/v1/incidents/" + incidentId + "/triage", null));
    }

    private static List<JsonNode> entries(JsonNode timeline, String type) {
        List<JsonNode> out = new ArrayList<>();
        timeline.forEach(e -> {
            if (e.path("type").asText().equals(type)) {
                out.add(e);
            }
        });
        return out;
    }

    private static JsonNode role(JsonNode roles, String role) {
        return find(roles, r -> r.path("role").asText().equals(role));
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

    /**
     * Polls {@code read} until {@code ok} holds, within {@link #DEADLINE}. A read that fails counts as "not
     * yet"; on time-out the failure shows the last value or error read, and the suite's state.
     */
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
