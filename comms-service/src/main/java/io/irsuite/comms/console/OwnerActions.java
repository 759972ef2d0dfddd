package io.irsuite.comms.console;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.comms.config.IrConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The console's actions and reads that belong to other services' APIs (the contract): acknowledge and resolve to
 * detection's; the executions, the runbooks, approve and reject to remediation's; root-cause feedback to triage's.
 * The console calls them over HTTP, with one client, with the signed-in person's own token, so the owner applies its
 * own rules (roles, a runbook's approvers) and records who did it.
 */
@ApplicationScoped
public class OwnerActions {

    /**
     * What the owner answered: its status; for a refusal its problem's detail (or why it could not be asked); for a
     * read that succeeded, its JSON.
     */
    public record Outcome(int status, String detail, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** An execution as remediation's API lists it (the contract's fields; the others are not read). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Execution(UUID id, String runbookId, Integer runbookVersion, String action, String target,
                            String status, String error, List<Step> steps) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(String name, String status, int attempts, Instant startedAt, Instant finishedAt, String output) {
    }

    /** What a read came to: the value, or why there is none (the owner's refusal, or that it could not be reached). */
    public record Read<T>(T value, String problem) {
    }

    private static final TypeReference<List<Execution>> EXECUTIONS = new TypeReference<>() {
    };

    private static final String DETECTION = "detection-service";
    private static final String TRIAGE = "triage-service";
    private static final String REMEDIATION = "remediation-service";

    private final WebClient client;
    private final String detectionUrl;
    private final String remediationUrl;
    private final String triageUrl;
    private final long timeoutMillis;
    private final ObjectMapper mapper;

    public OwnerActions(Vertx vertx, IrConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.detectionUrl = config.console().detectionUrl().replaceAll("/+$", "");
        this.remediationUrl = config.console().remediationUrl().replaceAll("/+$", "");
        this.triageUrl = config.console().triageUrl().replaceAll("/+$", "");
        this.timeoutMillis = config.console().actionTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setFollowRedirects(false)
                .setUserAgent("ir-comms-console"));
    }

    public Uni<Outcome> acknowledge(ConsoleSession session, UUID incidentId) {
        return post(session, DETECTION, detectionUrl + "/api/v1/incidents/" + incidentId + "/acknowledge",
                byAndNote(session, null));
    }

    public Uni<Outcome> resolve(ConsoleSession session, UUID incidentId, String note) {
        return post(session, DETECTION, detectionUrl + "/api/v1/incidents/" + incidentId + "/resolve",
                byAndNote(session, note));
    }

    public Uni<Outcome> approve(ConsoleSession session, UUID executionId, String note) {
        return post(session, REMEDIATION, remediationUrl + "/api/v1/executions/" + executionId + "/approve",
                byAndNote(session, note));
    }

    public Uni<Outcome> reject(ConsoleSession session, UUID executionId, String note) {
        return post(session, REMEDIATION, remediationUrl + "/api/v1/executions/" + executionId + "/reject",
                byAndNote(session, note));
    }

    /** Every runbook in its newest version, with its stats (remediation's {@code GET /api/v1/runbooks}). */
    public Uni<Outcome> runbooks(ConsoleSession session) {
        return get(session, REMEDIATION, remediationUrl + "/api/v1/runbooks");
    }

    /** One runbook in its newest version with its stats; {@code id} is a runbook id (checked by the caller). */
    public Uni<Outcome> runbook(ConsoleSession session, String id) {
        return get(session, REMEDIATION, remediationUrl + "/api/v1/runbooks/" + id);
    }

    /** One stored version of a runbook. */
    public Uni<Outcome> runbookVersion(ConsoleSession session, String id, int version) {
        return get(session, REMEDIATION, remediationUrl + "/api/v1/runbooks/" + id + "/versions/" + version);
    }

    private Uni<Outcome> get(ConsoleSession session, String owner, String url) {
        return get(session, owner, url, false);
    }

    /** A GET with the person's token; {@code polled}: asked every few seconds, so unreachable is logged at debug. */
    private Uni<Outcome> get(ConsoleSession session, String owner, String url, boolean polled) {
        return asPerson(client.getAbs(url), session).send()
                .map(response -> {
                    String body = response.bodyAsString();
                    if (response.statusCode() != 200) {
                        return new Outcome(response.statusCode(), detail(body), null);
                    }
                    try {
                        return new Outcome(200, null, mapper.readTree(body));
                    } catch (Exception e) {
                        Log.warnf("console: GET %s: %s answered something that is not JSON", url, owner);
                        return new Outcome(502, owner + " answered something that is not JSON.", null);
                    }
                })
                .onFailure().recoverWithItem(e -> unreachable("GET", url, owner, e, polled));
    }

    /** Confirms (or corrects) the incident's root cause on triage, which learns from it. */
    public Uni<Outcome> feedback(ConsoleSession session, UUID incidentId, String service, String category, String note) {
        ObjectNode body = byAndNote(session, note);
        body.putObject("rootCause").put("service", service).put("category", category);
        return post(session, TRIAGE, triageUrl + "/api/v1/incidents/" + incidentId + "/feedback", body);
    }

    /** The incident's executions with their steps, as remediation lists them. */
    public Uni<Read<List<Execution>>> executions(ConsoleSession session, UUID incidentId) {
        String url = remediationUrl + "/api/v1/executions?incidentId=" + incidentId;
        // every open page asks every few seconds: an unreachable remediation is said on the page, logged only at debug
        return get(session, REMEDIATION, url, true).map(outcome -> {
            if (outcome.status() == 503) {
                return new Read<List<Execution>>(null, REMEDIATION + " could not be reached: the executions are not shown.");
            }
            if (outcome.status() != 200) {
                return new Read<List<Execution>>(null, REMEDIATION + " refused to list the executions (" + outcome.status()
                        + (outcome.detail() == null ? "" : ": " + outcome.detail()) + ").");
            }
            try {
                return new Read<>(mapper.convertValue(outcome.body(), EXECUTIONS), null);
            } catch (IllegalArgumentException e) {
                Log.warnf("console: GET %s: not a list of executions: %s", url, e.getMessage());
                return new Read<List<Execution>>(null, REMEDIATION + " answered something that is not a list of executions.");
            }
        });
    }

    private ObjectNode byAndNote(ConsoleSession session, String note) {
        ObjectNode body = mapper.createObjectNode().put("by", session.principal());
        if (note != null && !note.isBlank()) {
            body.put("note", note);
        }
        return body;
    }

    private Uni<Outcome> post(ConsoleSession session, String owner, String url, ObjectNode body) {
        return asPerson(client.postAbs(url), session)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body.toString()))
                .map(response -> new Outcome(response.statusCode(), detail(response.bodyAsString()), null))
                .onFailure().recoverWithItem(e -> unreachable("POST", url, owner, e, false));
    }

    private static Outcome unreachable(String method, String url, String owner, Throwable e, boolean polled) {
        // the URL and the failure, never the token
        if (polled) {
            Log.debugf("console: %s %s: %s unreachable: %s", method, url, owner, e.getMessage());
        } else {
            Log.warnf("console: %s %s: %s unreachable: %s", method, url, owner, e.getMessage());
        }
        return new Outcome(503, owner + " could not be reached; try again in a moment.", null);
    }

    /** Every call: the person's own token (never in the URL), JSON back, and the console's time limit. */
    private HttpRequest<Buffer> asPerson(HttpRequest<Buffer> request, ConsoleSession session) {
        return request.timeout(timeoutMillis)
                .putHeader("Authorization", "Bearer " + session.token())
                .putHeader("Accept", "application/json");
    }

    /** The {@code detail} of a problem+json answer, else nothing. */
    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node.hasNonNull("detail") ? node.get("detail").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
