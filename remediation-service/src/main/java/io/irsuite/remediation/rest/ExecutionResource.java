package io.irsuite.remediation.rest;

import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.remediation.service.ExecutionService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;
import java.util.UUID;

/** Executions with their step results, and the approval API. */
@Path("/api/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

    private final ExecutionService executions;

    public ExecutionResource(ExecutionService executions) {
        this.executions = executions;
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

    @POST
    @Path("{id}/approve")
    @RolesAllowed("responder")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExecutionView> approveExecution(@PathParam("id") String id,
                                      @Valid @NotNull(message = "a body with \"by\" is required") DecisionRequest body,
                                      @Context SecurityContext security) {
        return executions.approve(executionId(id), body.by(), body.note(), security.getUserPrincipal().getName())
                .map(ExecutionView::of);
    }

    @POST
    @Path("{id}/reject")
    @RolesAllowed("responder")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExecutionView> rejectExecution(@PathParam("id") String id,
                                     @Valid @NotNull(message = "a body with \"by\" is required") DecisionRequest body,
                                     @Context SecurityContext security) {
        return executions.reject(executionId(id), body.by(), body.note(), security.getUserPrincipal().getName())
                .map(ExecutionView::of);
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
    public Uni<ExecutionView> cancelExecution(@PathParam("id") String id, @Valid CancelRequest body,
                                              @Context SecurityContext security) {
        String caller = security.getUserPrincipal().getName();
        return executions.cancel(executionId(id), caller, body == null ? null : body.note(), caller).map(ExecutionView::of);
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
