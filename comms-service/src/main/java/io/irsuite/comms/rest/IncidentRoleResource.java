package io.irsuite.comms.rest;

import io.irsuite.comms.domain.IncidentRole;
import io.irsuite.comms.service.IncidentRoleService;
import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An incident's roles: incident commander, communications lead, scribe. */
@Path("/api/v1/incidents/{id}/roles")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentRoleResource {

    /** Body of {@code PUT .../roles/{role}}: a user of {@code /api/v1/users}. */
    public record RoleRequest(@NotBlank @Size(max = IncidentRole.MAX_USER) String user) {
    }

    /** A role as the API shows it. */
    public record RoleView(String role, String user, String assignedBy, Instant assignedAt) {
        static RoleView of(IncidentRole r) {
            return new RoleView(r.role, r.user, r.assignedBy, r.assignedAt);
        }
    }

    private final IncidentRoleService roles;
    private final SecurityIdentity identity;

    public IncidentRoleResource(IncidentRoleService roles, SecurityIdentity identity) {
        this.roles = roles;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<RoleView>> listRoles(@PathParam("id") String id) {
        return roles.roles(incident(id)).map(all -> all.stream().map(RoleView::of).toList());
    }

    @PUT
    @Path("/{role}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESPONDER)
    public Uni<RoleView> assignRole(@PathParam("id") String id, @PathParam("role") String role, @Valid @NotNull RoleRequest body) {
        if (!IncidentRole.ROLES.contains(role)) {
            throw new NotFoundException("no role " + role + "; the roles are " + String.join(", ", IncidentRole.ROLES));
        }
        return roles.assign(incident(id), role, body.user().trim(), Callers.of(identity).name()).map(RoleView::of);
    }

    static UUID incident(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no incident " + id);
        }
    }
}
