package io.irsuite.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Replays a scenario in the format of {@code shared/scenarios} through the running suite over
 * HTTP, as a user would: catalog, changes, then the alerts on a compressed clock. Used by the
 * {@code --demo} option and by the system tests.
 */
public final class ScenarioReplay {

    /** Where the four services are, and the token to call them with. */
    public record Endpoints(String detection, String triage, String remediation, String comms, String token) {
        public static Endpoints of(Suite suite, String token) {
            return new Endpoints(suite.baseUrl("detection"), suite.baseUrl("triage"), suite.baseUrl("remediation"),
                    suite.baseUrl("comms"), token);
        }
    }

    /** What one replay sent, with the suffixed names: the alerts in order, and the fingerprint each one's 202 named. */
    public record Replayed(String id, String suffix, String rootService, JsonNode truth, List<ObjectNode> alerts,
                           List<String> fingerprints) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Endpoints endpoints;
    private final PrintStream out;

    public ScenarioReplay(Endpoints endpoints, PrintStream out) {
        this.endpoints = endpoints;
        this.out = out;
    }

    /** A scenario by file path, or by id from the copies vendored with the launcher (e.g. {@code s10}). */
    public static JsonNode load(String idOrPath) throws IOException {
        Path file = Path.of(idOrPath);
        if (Files.isRegularFile(file)) {
            return JSON.readTree(file.toFile());
        }
        try (InputStream in = ScenarioReplay.class.getResourceAsStream("/scenarios/" + idOrPath + ".json")) {
            if (in == null) {
                throw new IOException("no scenario " + idOrPath + " (give a file path, or one of the vendored ids s09, s10)");
            }
            return JSON.readTree(in);
        }
    }

    /**
     * Runbooks for the common actions, all calling the deployment API of {@code target}, and a
     * webhook channel that receives every notification.
     */
    public void installDemoRunbooksAndChannel(DemoTarget target) throws IOException, InterruptedException {
        String deployments = target.baseUrl() + "/deployments/${namespace}/${deployment}";
        putRunbook("rollback-deployment", List.of("rollback", "feature_flag_disable"), false,
                httpStep("roll back the deployment", "POST", deployments + "/rollback",
                        httpStep("roll forward again", "POST", deployments + "/rollforward", null)),
                httpStep("check the deployment is healthy", "GET", deployments + "/health", null).put("type", "validate"));
        putRunbook("restart-deployment", List.of("restart"), false,
                httpStep("rolling restart", "POST", deployments + "/restart", null));
        putRunbook("scale-up-deployment", List.of("scale_up"), false,
                httpStep("add replicas", "POST", deployments + "/scale-up",
                        httpStep("remove the added replicas", "POST", deployments + "/scale-down", null)));
        putRunbook("open-circuit-breaker", List.of("circuit_breaker"), false,
                httpStep("open the circuit breaker", "POST", target.baseUrl() + "/circuit-breakers/${service}/open",
                        httpStep("close the circuit breaker", "POST", target.baseUrl() + "/circuit-breakers/${service}/close", null)));
        putRunbook("database-failover", List.of("database_failover"), true,
                httpStep("promote the replica", "POST", deployments + "/failover", null));
        ObjectNode channel = JSON.createObjectNode().put("type", "webhook").put("url", target.webhookUrl())
                .put("minSeverity", "SEV4");
        call("PUT", endpoints.comms() + "/api/v1/channels/demo-webhook", channel.toString());
    }

    private void putRunbook(String id, List<String> actions, boolean approval, ObjectNode... steps)
            throws IOException, InterruptedException {
        ObjectNode runbook = JSON.createObjectNode().put("name", id.replace('-', ' ')).put("requiresApproval", approval);
        runbook.putPOJO("actions", actions);
        ArrayNode stepArray = runbook.putArray("steps");
        for (ObjectNode step : steps) {
            stepArray.add(step);
        }
        call("PUT", endpoints.remediation() + "/api/v1/runbooks/" + id, runbook.toString());
    }

    private static ObjectNode httpStep(String name, String method, String url, ObjectNode rollback) {
        ObjectNode step = JSON.createObjectNode().put("name", name).put("type", "http").put("method", method)
                .put("url", url).put("expectedStatus", 200).put("timeoutSeconds", 10).put("retries", 2)
                .put("retryDelaySeconds", 1);
        if (rollback != null) {
            step.set("rollback", rollback);
        }
        return step;
    }

    /**
     * Registers the topology (dependencies first) and the changes, then sends the alerts in order,
     * sleeping between them the offset difference divided by {@code speedUp}.
     */
    public Replayed replay(JsonNode scenario, String suffix, double speedUp) throws IOException, InterruptedException {
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        scenario.get("topology").forEach(n -> nodes.put(n.get("name").asText(), n));
        for (String name : dependenciesFirst(nodes)) {
            JsonNode node = nodes.get(name);
            ObjectNode entry = JSON.createObjectNode().put("tier", node.path("tier").asInt(2))
                    .put("owner", node.path("owner").asText("unknown")).put("kind", node.path("kind").asText("service"));
            ArrayNode deps = entry.putArray("dependsOn");
            node.path("dependsOn").forEach(d -> deps.add(d.asText() + suffix));
            if (node.hasNonNull("kubernetes")) {
                entry.set("kubernetes", node.get("kubernetes"));
            }
            call("PUT", endpoints.triage() + "/api/v1/catalog/services/" + name + suffix, entry.toString());
        }
        awaitCatalogReplica(nodes.keySet().stream().map(n -> n + suffix).toList());
        double last = 0;
        for (JsonNode alert : scenario.get("alerts")) {
            last = Math.max(last, alert.get("offsetSeconds").asDouble());
        }
        Instant zero = Instant.now().minusMillis((long) (last * 1000));
        for (JsonNode change : scenario.path("changes")) {
            ObjectNode body = ((ObjectNode) change.deepCopy());
            body.remove("offsetSeconds");
            body.put("service", change.get("service").asText() + suffix);
            body.put("at", zero.plusMillis((long) (change.get("offsetSeconds").asDouble() * 1000)).toString());
            call("POST", endpoints.triage() + "/api/v1/changes", body.toString());
        }
        List<ObjectNode> sent = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        double previous = 0;
        for (JsonNode entry : scenario.get("alerts")) {
            double offset = entry.get("offsetSeconds").asDouble();
            long pause = (long) ((offset - previous) * 1000 / speedUp);
            if (pause > 0) {
                Thread.sleep(pause);
            }
            previous = offset;
            ObjectNode alert = suffixed((ObjectNode) entry.get("alert").deepCopy(), suffix);
            alert.put("startsAt", zero.plusMillis((long) (entry.get("startsAtOffsetSeconds").asDouble() * 1000)).toString());
            HttpResponse<String> accepted = call("POST", endpoints.detection() + "/api/v1/alerts", alert.toString());
            sent.add(alert);
            fingerprints.add(JSON.readTree(accepted.body()).at("/alerts/0/fingerprint").asText());
        }
        String root = scenario.get("truth").get("rootService").asText() + suffix;
        return new Replayed(scenario.path("id").asText(), suffix, root, scenario.get("truth"), sent, fingerprints);
    }

    /**
     * Waits until detection has grouped every alert of the replay. A 202 means stored: a new alert is grouped
     * a moment later (detection README, Ingest), so an incident read right after the last send may still lack
     * some of its alerts. A silenced alert counts as decided: it is never grouped.
     */
    public void awaitGrouped(Replayed replayed, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String fingerprint : new LinkedHashSet<>(replayed.fingerprints())) {
            while (true) {
                JsonNode alert = JSON.readTree(call("GET", endpoints.detection() + "/api/v1/alerts/"
                        + URLEncoder.encode(fingerprint, StandardCharsets.UTF_8), null).body());
                if (alert.hasNonNull("groupingReason") || alert.path("silenced").asBoolean()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("detection did not group alert " + fingerprint + " of replay " + replayed.id()
                            + " within " + timeout.toSeconds() + " s: " + alert);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Detection groups alerts along the catalog it receives from triage over the broker; a real
     * catalog is there long before the alerts, so the replay waits until detection has it.
     */
    public void awaitCatalogReplica(List<String> names) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> known = new LinkedHashSet<>();
            JSON.readTree(call("GET", endpoints.detection() + "/api/v1/catalog/services", null).body())
                    .forEach(entry -> known.add(entry.path("name").asText()));
            if (known.containsAll(names)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("detection did not receive the catalog within 60 s");
    }

    /**
     * Re-sends every alert of the replay as resolved, as Alertmanager does once the fix of the root
     * cause has let the root and its symptoms recover.
     */
    public void resolveAlerts(Replayed replayed) throws IOException, InterruptedException {
        for (ObjectNode alert : replayed.alerts()) {
            ObjectNode resolved = alert.deepCopy().put("status", "resolved").put("endsAt", Instant.now().toString());
            call("POST", endpoints.detection() + "/api/v1/alerts", resolved.toString());
        }
    }

    /**
     * Waits for an incident of {@code service} that matches {@code condition}; null on time-out.
     * Incidents merged into another one are passed over: the surviving incident carries their alerts.
     */
    public JsonNode awaitIncident(String service, Predicate<JsonNode> condition, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode incident : incidentsOf(service)) {
                if (incident.path("mergedInto").isMissingNode() || incident.path("mergedInto").isNull()) {
                    if (condition.test(incident)) {
                        return incident;
                    }
                }
            }
            Thread.sleep(200);
        }
        return null;
    }

    public JsonNode incidentsOf(String service) throws IOException, InterruptedException {
        return JSON.readTree(call("GET", endpoints.detection() + "/api/v1/incidents?service="
                + URLEncoder.encode(service, StandardCharsets.UTF_8), null).body());
    }

    /** The demo: replays a scenario, follows its root incident to RESOLVED and shows what happened. */
    public void runDemo(String idOrPath, DemoTarget target) throws IOException, InterruptedException {
        JsonNode scenario = load(idOrPath);
        JsonNode truth = scenario.get("truth");
        out.printf("%n[demo] scenario %s: %s at %s; replaying %d alerts at 50x speed%n", scenario.path("id").asText(),
                truth.path("faultKind").asText(), truth.path("rootService").asText(), scenario.get("alerts").size());
        installDemoRunbooksAndChannel(target);
        String suffix = "-demo" + Long.toString(System.currentTimeMillis() % 100000, 36);
        Replayed replayed = replay(scenario, suffix, 50);
        String root = replayed.rootService();
        out.printf("[demo] all alerts sent; following the incident of %s%n", root);
        String lastStatus = "";
        String incidentId = null;
        boolean recovered = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode incident = awaitIncident(root, i -> true, Duration.ofSeconds(30));
            if (incident == null) {
                throw new IOException("no incident for " + root);
            }
            incidentId = incident.get("id").asText();
            String status = incident.get("status").asText();
            if (!status.equals(lastStatus)) {
                out.printf("[demo] incident %s is %s (%s)%n", incidentId, status, incident.path("severity").asText());
                lastStatus = status;
            }
            if (status.equals("MONITORING") && !recovered) {
                out.printf("[demo] the fix is in; %s and the services that depend on it recover, their alerts resolve%n", root);
                resolveAlerts(replayed);
                recovered = true;
            }
            if (status.equals("RESOLVED")) {
                break;
            }
            Thread.sleep(200);
        }
        if (!"RESOLVED".equals(lastStatus)) {
            throw new IOException("the incident did not resolve within 5 minutes; it is " + lastStatus);
        }
        JsonNode triage = JSON.readTree(call("GET", endpoints.triage() + "/api/v1/incidents/" + incidentId + "/triage", null).body());
        out.printf("[demo] root cause: %s (%s, confidence %s)%n", triage.at("/rootCause/service").asText(),
                triage.at("/rootCause/category").asText(), triage.at("/rootCause/confidence").asText());
        triage.at("/rootCause/evidence").forEach(e -> out.println("         - " + e.asText()));
        out.println("[demo] timeline (comms):");
        awaitTimeline(incidentId, "IncidentResolved", Duration.ofSeconds(30))
                .forEach(e -> out.printf("         %s  %-28s %s%n", e.get("at").asText(), e.get("type").asText(), e.get("summary").asText()));
        out.printf("[demo] the webhook received %d notifications; the postmortem draft is at %s/api/v1/incidents/%s/postmortem%n",
                target.notifications().size(), endpoints.comms(), incidentId);
    }

    /** Comms' timeline of the incident once it holds an event of {@code type}. */
    public JsonNode awaitTimeline(String incidentId, String type, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode timeline = JSON.createArrayNode();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("GET", endpoints.comms() + "/api/v1/incidents/" + incidentId + "/timeline", null);
            if (response.statusCode() == 200) {
                timeline = JSON.readTree(response.body());
                for (JsonNode event : timeline) {
                    if (event.get("type").asText().equals(type)) {
                        return timeline;
                    }
                }
            }
            Thread.sleep(200);
        }
        return timeline;
    }

    /** Sends a request with the token; a non-2xx answer is an error. */
    public HttpResponse<String> call(String method, String url, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = send(method, url, json);
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    public HttpResponse<String> send(String method, String url, String json) throws IOException, InterruptedException {
        return sendTyped(method, url, json, "application/json");
    }

    /** Sends {@code body} (none when null) as {@code contentType}, with the token; any answer is returned. */
    public HttpResponse<String> sendTyped(String method, String url, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + endpoints.token()).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode suffixed(ObjectNode alert, String suffix) {
        alert.put("service", alert.get("service").asText() + suffix);
        if (alert.get("labels") instanceof ObjectNode labels && labels.has("job")) {
            labels.put("job", labels.get("job").asText() + suffix);
        }
        return alert;
    }

    /** Catalog order in which every dependency is registered before its dependents. */
    static List<String> dependenciesFirst(Map<String, JsonNode> nodes) {
        Set<String> done = new LinkedHashSet<>();
        for (String name : nodes.keySet()) {
            visit(name, nodes, done, new LinkedHashSet<>());
        }
        return new ArrayList<>(done);
    }

    private static void visit(String name, Map<String, JsonNode> nodes, Set<String> done, Set<String> path) {
        if (done.contains(name) || !nodes.containsKey(name) || !path.add(name)) {
            return; // already placed, unknown, or a cycle: registration order does not matter then
        }
        nodes.get(name).path("dependsOn").forEach(d -> visit(d.asText(), nodes, done, path));
        done.add(name);
    }
}
