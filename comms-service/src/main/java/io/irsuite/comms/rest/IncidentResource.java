package io.irsuite.comms.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.domain.Notification;
import io.irsuite.comms.domain.PostmortemMarkdown;
import io.irsuite.comms.domain.paging.AckLinks;
import io.irsuite.comms.service.DeliveryLog;
import io.irsuite.comms.service.IncidentQueries;
import io.irsuite.platform.auth.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Per-incident reads: timeline, notification deliveries, postmortem draft. */
@Path("/api/v1/incidents/{id}")
@RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
public class IncidentResource {

    public static final String MARKDOWN = "text/markdown";

    /** One timeline row as users see it. */
    public record TimelineItem(Instant at, String type, String producer, String summary) {
    }

    /**
     * One delivery of one notification to one channel; {@code id} is the delivery id its receiver sees.
     * {@code state}: pending, sending, retrying, delivered, failed, cancelled; {@code attemptLog}: every attempt;
     * {@code cancelledAt}/{@code cancelReason}: set for a page cancelled by an acknowledgement or the resolution.
     */
    public record DeliveryView(UUID id, String channel, String channelType, String kind, String status, String state,
                               int attempts, Instant createdAt, Instant nextAttemptAt, Instant sentAt,
                               String lastError, List<AttemptView> attemptLog, JsonNode body, Instant cancelledAt,
                               String cancelReason) {
    }

    /** One attempt: outcome delivered, temporary, permanent, interrupted, or null while in flight. */
    public record AttemptView(int attempt, Instant startedAt, Instant finishedAt, String outcome, String error) {
    }

    private final IncidentQueries queries;
    private final DeliveryLog deliveries;
    private final ObjectMapper mapper;

    public IncidentResource(IncidentQueries queries, DeliveryLog deliveries, ObjectMapper mapper) {
        this.queries = queries;
        this.deliveries = deliveries;
        this.mapper = mapper;
    }

    @GET
    @Path("/timeline")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<TimelineItem>> timeline(@PathParam("id") UUID id) {
        return queries.timeline(id).map(entries -> entries.stream()
                .map(e -> new TimelineItem(e.at, e.type, e.producer, e.summary)).toList());
    }

    @GET
    @Path("/notifications")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<DeliveryView>> notifications(@PathParam("id") UUID id) {
        return deliveries.forIncident(id).map(list -> {
            Instant now = Instant.now();
            return list.stream().map(d -> view(d, now)).toList();
        });
    }

    /** Markdown unless the client prefers JSON. */
    @GET
    @Path("/postmortem")
    @Produces({MARKDOWN, MediaType.APPLICATION_JSON})
    public Uni<Response> postmortem(@PathParam("id") UUID id, HttpHeaders headers) {
        boolean json = prefersJson(headers.getAcceptableMediaTypes());
        return queries.postmortem(id).map(p -> json
                ? Response.ok(p, MediaType.APPLICATION_JSON_TYPE).build()
                : Response.ok(PostmortemMarkdown.render(p), MARKDOWN + ";charset=UTF-8").build());
    }

    /** In the client's order of preference: a type that admits Markdown (any wildcard too) wins Markdown. */
    static boolean prefersJson(List<MediaType> acceptable) {
        MediaType markdown = MediaType.valueOf(MARKDOWN);
        for (MediaType mt : acceptable) {
            if (mt.isCompatible(markdown)) {
                return false;
            }
            if (mt.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return true;
            }
        }
        return false;
    }

    private DeliveryView view(DeliveryLog.Delivery d, Instant now) {
        Notification n = d.notification();
        JsonNode body;
        try {
            // pages are stored with the acknowledge token redacted already; this keeps any other writer honest
            body = mapper.readTree(AckLinks.redact(n.body));
        } catch (Exception e) {
            body = null;
        }
        List<AttemptView> attempts = d.attempts().stream()
                .map(a -> new AttemptView(a.attempt, a.startedAt, a.finishedAt, a.outcome, a.error)).toList();
        return new DeliveryView(n.id, n.channel, n.channelType, n.kind, n.status, n.state(now), n.attempts,
                n.createdAt, n.nextAttemptAt, n.sentAt, n.lastError, attempts, body, n.cancelledAt, n.cancelReason);
    }
}
