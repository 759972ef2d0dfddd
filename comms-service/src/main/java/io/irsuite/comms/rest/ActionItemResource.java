package io.irsuite.comms.rest;

import io.irsuite.comms.domain.ActionItem;
import io.irsuite.comms.service.ActionItemService;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Postmortem action items (contract): close, list (overdue ones too); created per incident by {@link IncidentActionItemResource}. */
@Path("/api/v1/action-items")
@Produces(MediaType.APPLICATION_JSON)
public class ActionItemResource {

    /** Body of {@code POST /api/v1/incidents/{id}/action-items}. */
    public record CreateRequest(@NotBlank @Size(max = ActionItem.MAX_TITLE) String title,
                                @NotBlank @Size(max = ActionItem.MAX_OWNER) String owner,
                                @NotNull @Pattern(regexp = "high|medium|low", message = "must be one of high, medium, low") String priority,
                                @NotBlank String dueDate) {
    }

    /** Body of {@code PATCH /api/v1/action-items/{id}}. */
    public record StatusRequest(@NotNull @Pattern(regexp = "open|done|wont_do", message = "must be one of open, done, wont_do") String status) {
    }

    /** An action item as the API shows it; {@code source} is {@code manual} or {@code seeded:<rule>}. */
    public record ActionItemView(UUID id, UUID incidentId, String title, String owner, String priority, LocalDate dueDate,
                                 String status, boolean overdue, String source, String createdBy, Instant createdAt,
                                 Instant updatedAt) {
        static ActionItemView of(ActionItem a) {
            return new ActionItemView(a.id, a.incidentId, a.title, a.owner, a.priority, a.dueDate, a.status,
                    a.overdue(LocalDate.now(java.time.ZoneOffset.UTC)), a.source, a.createdBy, a.createdAt, a.updatedAt);
        }
    }

    private final ActionItemService items;

    public ActionItemResource(ActionItemService items) {
        this.items = items;
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESPONDER)
    public Uni<ActionItemView> setActionItemStatus(@PathParam("id") String id, @Valid @NotNull StatusRequest body) {
        return items.setStatus(uuid(id, "action item"), body.status()).map(ActionItemView::of);
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<ActionItemView>> listActionItems(@QueryParam("overdue") String overdue, @QueryParam("owner") String owner,
                                          @QueryParam("incidentId") String incidentId) {
        if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
            throw InvalidInputException.of("overdue", "must be true or false");
        }
        UUID incident = null;
        if (incidentId != null && !incidentId.isBlank()) {
            try {
                incident = UUID.fromString(incidentId);
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("incidentId", "must be a UUID");
            }
        }
        return items.list(incident, owner == null || owner.isBlank() ? null : owner, "true".equals(overdue))
                .map(all -> all.stream().map(ActionItemView::of).toList());
    }

    static UUID uuid(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no " + what + " " + id);
        }
    }
}
