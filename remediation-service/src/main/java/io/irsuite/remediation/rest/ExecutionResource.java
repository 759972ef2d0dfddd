package io.irsuite.remediation.rest;

import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.remediation.service.ExecutionService;
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

/** Executions with their step results, and the approval API. */
@Path("/api/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

    private static final String BODY_REQUIRED = "a JSON body is required ({} or {\"note\": \"...\"})";

    private final ExecutionService executions;
    private final SecurityIdentity identity;

    public ExecutionResource(ExecutionService executions, SecurityIdentity identity) {
        this.executions = executions;
        this.identity = identity;
    }

    @GET
    @RolesAllowed("viewer")
    public Uni<List<ExecutionView>> listExecutions(@QueryParam("incidentId") String incidentId) {
        UUID incident = null;
        if (incidentId != null && !incidentId.isBlank()) {
            try {
                incident = UUID.fromString(incidentId);
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("incidentId", "must be a UUID");
            }
        }
        return executions.list(incident).map(all -> all.stream().map(ExecutionView::of).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed("viewer")
    public Uni<ExecutionView> getExecution(@PathParam("id") String id) {
        return executions.get(executionId(id)).map(ExecutionView::of);
    }

    /** Only a caller named in the runbook version's {@code approvers} (by name or team) may approve; the body's {@code by} is ignored. */
    @POST
    @Path("{id}/approve")
    @RolesAllowed(Roles.RESPONDER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExecutionView> approveExecution(@PathParam("id") String id,
                                               @Valid @NotNull(message = BODY_REQUIRED) DecisionRequest body) {
        return executions.approve(executionId(id), Callers.of(identity), body.note()).map(ExecutionView::of);
    }

    /** Any responder may reject; the body's {@code by} is ignored. */
    @POST
    @Path("{id}/reject")
    @RolesAllowed(Roles.RESPONDER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExecutionView> rejectExecution(@PathParam("id") String id,
                                              @Valid @NotNull(message = BODY_REQUIRED) DecisionRequest body) {
        return executions.reject(executionId(id), Callers.of(identity), body.note()).map(ExecutionView::of);
    }

    /**
     * A person takes over: a pending execution is CANCELLED, a running one stops at its next step
     * boundary (rolling back first when its runbook says {@code rollbackOnCancel}), one waiting for
     * recovery stops waiting. The caller is who took over.
     */
    @POST
    @Path("{id}/cancel")
    @RolesAllowed("responder")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExecutionView> cancelExecution(@PathParam("id") String id, @Valid CancelRequest body) {
        return executions.cancel(executionId(id), Callers.of(identity), body == null ? null : body.note()).map(ExecutionView::of);
    }

    /** Body of cancel (optional): why a person takes over. */
    public record CancelRequest(@jakarta.validation.constraints.Size(max = 2000) String note) {
    }

    private static UUID executionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no execution " + id);
        }
    }
}
