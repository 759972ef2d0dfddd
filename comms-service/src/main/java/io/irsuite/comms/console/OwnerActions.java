package io.irsuite.comms.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.comms.config.IrConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * The console's actions belong to other services' APIs (the contract): acknowledge and resolve to detection's,
 * approve and reject to remediation's. The console calls them over HTTP with the signed-in person's own token, so
 * the owner applies its own rules (roles, a runbook's approvers) and records who did it. What the console shows of
 * another service's data (remediation's runbooks) it reads the same way, with the same token.
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

    private final WebClient client;
    private final String detectionUrl;
    private final String remediationUrl;
    private final long timeoutMillis;
    private final ObjectMapper mapper;

    public OwnerActions(Vertx vertx, IrConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.detectionUrl = config.console().detectionUrl().replaceAll("/+$", "");
        this.remediationUrl = config.console().remediationUrl().replaceAll("/+$", "");
        this.timeoutMillis = config.console().actionTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setFollowRedirects(false)
                .setUserAgent("ir-comms-console"));
    }

    public Uni<Outcome> acknowledge(ConsoleSession session, UUID incidentId) {
        return post(session, "detection-service", detectionUrl + "/api/v1/incidents/" + incidentId + "/acknowledge", null);
    }

    public Uni<Outcome> resolve(ConsoleSession session, UUID incidentId, String note) {
        return post(session, "detection-service", detectionUrl + "/api/v1/incidents/" + incidentId + "/resolve", note);
    }

    public Uni<Outcome> approve(ConsoleSession session, UUID executionId, String note) {
        return post(session, "remediation-service", remediationUrl + "/api/v1/executions/" + executionId + "/approve", note);
    }

    public Uni<Outcome> reject(ConsoleSession session, UUID executionId, String note) {
        return post(session, "remediation-service", remediationUrl + "/api/v1/executions/" + executionId + "/reject", note);
    }

    /** Every runbook in its newest version, with its stats (remediation's {@code GET /api/v1/runbooks}). */
    public Uni<Outcome> runbooks(ConsoleSession session) {
        return get(session, "remediation-service", remediationUrl + "/api/v1/runbooks");
    }

    /** One runbook in its newest version with its stats; {@code id} is a runbook id (checked by the caller). */
    public Uni<Outcome> runbook(ConsoleSession session, String id) {
        return get(session, "remediation-service", remediationUrl + "/api/v1/runbooks/" + id);
    }

    /** One stored version of a runbook. */
    public Uni<Outcome> runbookVersion(ConsoleSession session, String id, int version) {
        return get(session, "remediation-service", remediationUrl + "/api/v1/runbooks/" + id + "/versions/" + version);
    }

    private Uni<Outcome> get(ConsoleSession session, String owner, String url) {
        return client.getAbs(url)
                .timeout(timeoutMillis)
                .putHeader("Authorization", "Bearer " + session.token())
                .putHeader("Accept", "application/json")
                .send()
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
                .onFailure().recoverWithItem(e -> unreachable("GET", url, owner, e));
    }

    private Uni<Outcome> post(ConsoleSession session, String owner, String url, String note) {
        ObjectNode body = mapper.createObjectNode().put("by", session.principal());
        if (note != null && !note.isBlank()) {
            body.put("note", note);
        }
        return client.postAbs(url)
                .timeout(timeoutMillis)
                .putHeader("Authorization", "Bearer " + session.token())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .sendBuffer(Buffer.buffer(body.toString()))
                .map(response -> new Outcome(response.statusCode(), detail(response.bodyAsString()), null))
                .onFailure().recoverWithItem(e -> unreachable("POST", url, owner, e));
    }

    private static Outcome unreachable(String method, String url, String owner, Throwable e) {
        // the URL and the failure, never the token
        Log.warnf("console: %s %s: %s unreachable: %s", method, url, owner, e.getMessage());
        return new Outcome(503, owner + " could not be reached; try again in a moment.", null);
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
