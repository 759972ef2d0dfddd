package io.irsuite.comms.rest;

import io.irsuite.comms.domain.Handoff;
import io.irsuite.comms.rest.IncidentRoleResource.RoleView;
import io.irsuite.comms.service.IncidentRoleService;
import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The incident commander handoff (playbook template), recorded on the timeline and sent to the new commander. */
@Path("/api/v1/incidents/{id}/handoff")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentHandoffResource {

    /** The handoff template: to whom, and status, what was tried, strategy, key people, next steps, open questions. */
    public record HandoffRequest(@NotBlank @Size(max = 100) String to, @NotBlank @Size(max = 2000) String status,
                                 @Size(max = 4000) String tried, @Size(max = 2000) String strategy,
                                 @Size(max = 50) List<@NotBlank @Size(max = 200) String> keyPeople,
                                 @Size(max = 50) List<@NotBlank @Size(max = 500) String> nextSteps,
                                 @Size(max = 50) List<@NotBlank @Size(max = 500) String> openQuestions) {
    }

    private final IncidentRoleService roles;
    private final SecurityIdentity identity;

    public IncidentHandoffResource(IncidentRoleService roles, SecurityIdentity identity) {
        this.roles = roles;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESPONDER)
    public Uni<RoleView> handOff(@PathParam("id") String id, @Valid @NotNull HandoffRequest body) {
        Handoff handoff = new Handoff(null, body.to().trim(), body.status(), body.tried(), body.strategy(), body.keyPeople(),
                body.nextSteps(), body.openQuestions());
        return roles.handoff(IncidentRoleResource.incident(id), handoff, Callers.of(identity).name()).map(RoleView::of);
    }
}
