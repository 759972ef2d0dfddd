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
 * the owner applies its own rules (roles, a runbook's approvers) and records who did it.
 */
@ApplicationScoped
public class OwnerActions {

    /** What the owner answered: its status and, for a refusal, its problem's detail (or why it could not be asked). */
    public record Outcome(int status, String detail) {
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
                .map(response -> new Outcome(response.statusCode(), detail(response.bodyAsString())))
                .onFailure().recoverWithItem(e -> {
                    // the URL and the failure, never the token
                    Log.warnf("console: POST %s: %s unreachable: %s", url, owner, e.getMessage());
                    return new Outcome(503, owner + " could not be reached; try again in a moment.");
                });
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
