package io.irsuite.comms.rest;

import io.irsuite.comms.domain.MaintenanceView;
import io.irsuite.comms.service.MaintenanceService;
import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.InvalidInputException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Scheduled maintenance of status-page components: they show {@code under_maintenance} during the window. */
@Path("/api/v1/status/maintenances")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    private final MaintenanceService maintenances;
    private final SecurityIdentity identity;

    public MaintenanceResource(MaintenanceService maintenances, SecurityIdentity identity) {
        this.maintenances = maintenances;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Response> createMaintenance(@NotNull MaintenanceRequest body, UriInfo uri) {
        return maintenances.create(body.title(), body.components(), body.from(), body.to(), body.description(),
                        Callers.of(identity).name())
                .map(m -> Response.created(uri.getAbsolutePathBuilder().path(m.id().toString()).build())
                        .entity(MaintenanceView.of(m, Instant.now())).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<MaintenanceView>> listMaintenances() {
        Instant now = Instant.now();
        return maintenances.list().map(all -> all.stream().map(m -> MaintenanceView.of(m, now)).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<MaintenanceView> getMaintenance(@PathParam("id") String id) {
        return maintenances.get(uuid(id)).map(m -> MaintenanceView.of(m, Instant.now()));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Response> cancelMaintenance(@PathParam("id") String id) {
        return maintenances.cancel(uuid(id), Callers.of(identity).name()).replaceWith(Response.noContent().build());
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("id", "must be a UUID");
        }
    }
}
