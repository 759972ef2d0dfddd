package io.irsuite.comms.rest;

import io.irsuite.comms.rest.ActionItemResource.ActionItemView;
import io.irsuite.comms.rest.ActionItemResource.CreateRequest;
import io.irsuite.comms.service.ActionItemService;
import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.InvalidInputException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import static io.irsuite.comms.rest.ActionItemResource.uuid;

/** {@code POST /api/v1/incidents/{id}/action-items} (its own class: JAX-RS picks the most specific class path first). */
@Path("/api/v1/incidents/{id}/action-items")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentActionItemResource {

    private final ActionItemService items;
    private final SecurityIdentity identity;

    public IncidentActionItemResource(ActionItemService items, SecurityIdentity identity) {
        this.items = items;
        this.identity = identity;
    }

    @POST
        @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESPONDER)
    public Uni<Response> createActionItem(@PathParam("id") String id, @Valid @NotNull CreateRequest body) {
        LocalDate due;
        try {
            due = LocalDate.parse(body.dueDate());
        } catch (DateTimeParseException e) {
            throw InvalidInputException.of("dueDate", "must be a date like 2026-12-07");
        }
        return items.create(uuid(id, "incident"), body.title(), body.owner(), body.priority(), due, Callers.of(identity).name())
                .map(item -> Response.status(Response.Status.CREATED).entity(ActionItemView.of(item)).build());
    }

}
