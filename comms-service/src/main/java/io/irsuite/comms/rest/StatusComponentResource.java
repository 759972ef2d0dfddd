package io.irsuite.comms.rest;

import io.irsuite.comms.service.StatusComponentService;
import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/** Status-page components (admin) and their manual status overrides (responders). */
@Path("/api/v1/status/components")
@Produces(MediaType.APPLICATION_JSON)
public class StatusComponentResource {

    private final StatusComponentService components;
    private final SecurityIdentity identity;

    public StatusComponentResource(StatusComponentService components, SecurityIdentity identity) {
        this.components = components;
        this.identity = identity;
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putComponent(@PathParam("name") String name, @NotNull StatusComponentRequest body, UriInfo uri) {
        return components.put(name, body.displayName(), body.group(), body.isPublic(), body.services())
                .map(saved -> {
                    StatusComponentView view = StatusComponentView.of(saved.component(), null);
                    return saved.created() ? Response.created(uri.getAbsolutePath()).entity(view).build()
                            : Response.ok(view).build();
                });
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<StatusComponentView>> listComponents() {
        return components.list().map(all -> all.stream().map(StatusComponentView::of).toList());
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<StatusComponentView> getComponent(@PathParam("name") String name) {
        return components.get(name).map(StatusComponentView::of);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> deleteComponent(@PathParam("name") String name) {
        return components.delete(name).replaceWith(Response.noContent().build());
    }

    @PUT
    @Path("/{name}/override")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<StatusComponentView.OverrideView> override(@PathParam("name") String name,
                                                          @NotNull StatusOverrideRequest body) {
        return components.setOverride(name, body.status(), body.until(), Callers.of(identity).name())
                .map(StatusComponentView.OverrideView::of);
    }

    @DELETE
    @Path("/{name}/override")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Response> clearOverride(@PathParam("name") String name) {
        return components.clearOverride(name, Callers.of(identity).name()).replaceWith(Response.noContent().build());
    }
}
