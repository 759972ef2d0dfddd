package io.irsuite.detection.rest;

import io.irsuite.detection.domain.Alert;
import io.irsuite.detection.domain.IncidentStatus;
import io.irsuite.detection.domain.Severity;
import io.irsuite.detection.service.AlertPayloads;
import io.irsuite.detection.service.IncidentService;
import io.irsuite.platform.auth.Caller;
import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.PermissionDeniedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** Incidents: read them, acknowledge and resolve them. */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final IncidentService incidents;
    private final AlertPayloads payloads;
    private final SecurityIdentity identity;

    public IncidentResource(IncidentService incidents, AlertPayloads payloads, SecurityIdentity identity) {
        this.incidents = incidents;
        this.payloads = payloads;
        this.identity = identity;
    }

    /** Newest first; every filter is optional. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<IncidentView>> list(@QueryParam("status") String status, @QueryParam("severity") String severity,
                                        @QueryParam("service") String service, @QueryParam("limit") String limit) {
        IncidentStatus st = status == null || status.isBlank() ? null : IncidentStatus.fromName(status)
                .orElseThrow(() -> InvalidInputException.of("status",
                        "must be one of OPEN, TRIAGED, MITIGATING, MONITORING, RESOLVED, REOPENED"));
        Severity sev = severity == null || severity.isBlank() ? null : Severity.fromName(severity)
                .orElseThrow(() -> InvalidInputException.of("severity", "must be one of SEV1, SEV2, SEV3, SEV4"));
        int max = parseLimit(limit);
        return incidents.list(st, sev, service == null || service.isBlank() ? null : service, max)
                .map(list -> list.stream().map(IncidentView::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<IncidentView> get(@PathParam("id") String id) {
        return incidents.get(parseId(id)).map(IncidentView::of);
    }

    @GET
    @Path("/{id}/alerts")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<AlertView>> alerts(@PathParam("id") String id) {
        return incidents.alertsOf(parseId(id)).map(list -> list.stream().map(this::view).toList());
    }

    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<IncidentView> acknowledge(@PathParam("id") String id, @Valid @NotNull ActorRequest body) {
        return incidents.acknowledge(parseId(id), actor(Callers.of(identity), body.by()), body.note()).map(IncidentView::of);
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<IncidentView> resolve(@PathParam("id") String id, @Valid @NotNull ActorRequest body) {
        return incidents.resolve(parseId(id), actor(Callers.of(identity), body.by()), body.note()).map(IncidentView::of);
    }

    /**
     * Who an acknowledgement or resolution is recorded as: a person acts as themself ({@code by} must name them); a
     * shared token (admin, or a token without a name, e.g. a chat integration's) says whom it acts for in {@code by}.
     */
    static String actor(Caller caller, String by) {
        if (!caller.isShared() && !caller.name().equals(by)) {
            throw new PermissionDeniedException("by: " + caller.name() + " may act only as " + caller.name()
                    + ", not as '" + by + "'; only a shared token (the admin token or one without a name) says whom it acts for");
        }
        return by;
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("id", "must be a UUID");
        }
    }

    static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below like an out-of-range value
        }
        throw InvalidInputException.of("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    private AlertView view(Alert a) {
        return AlertView.of(a, payloads.labels(a), payloads.metricsNode(a));
    }
}
