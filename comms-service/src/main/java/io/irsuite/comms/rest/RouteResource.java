package io.irsuite.comms.rest;

import io.irsuite.comms.service.RouteService;
import io.irsuite.platform.auth.Roles;
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

/** Routes: which escalation policy pages a catalog owner (team); the owner {@code default} is the fallback. */
@Path("/api/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final RouteService routes;

    public RouteResource(RouteService routes) {
        this.routes = routes;
    }

    @PUT
    @Path("/{owner}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putRoute(@PathParam("owner") String owner, @NotNull RouteRequest body, UriInfo uri) {
        return routes.put(owner, body.policy()).map(saved -> saved.created()
                ? Response.created(uri.getAbsolutePath()).entity(RouteView.of(saved.value())).build()
                : Response.ok(RouteView.of(saved.value())).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<RouteView>> listRoutes() {
        return routes.list().map(all -> all.stream().map(RouteView::of).toList());
    }

    @GET
    @Path("/{owner}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<RouteView> getRoute(@PathParam("owner") String owner) {
        return routes.get(owner).map(RouteView::of);
    }

    @DELETE
    @Path("/{owner}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> deleteRoute(@PathParam("owner") String owner) {
        return routes.delete(owner).replaceWith(Response.noContent().build());
    }
}
