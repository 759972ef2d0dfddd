package io.irsuite.comms.rest;

import io.irsuite.comms.domain.oncall.UserSpec;
import io.irsuite.comms.service.OnCallUserService;
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

/** People who can be on call and paged, with their contact methods. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final OnCallUserService users;

    public UserResource(OnCallUserService users) {
        this.users = users;
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putUser(@PathParam("name") String name, @NotNull UserSpec body, UriInfo uri) {
        return users.put(name, body).map(saved -> saved.created()
                ? Response.created(uri.getAbsolutePath()).entity(UserView.of(saved.value())).build()
                : Response.ok(UserView.of(saved.value())).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<UserView>> listUsers() {
        return users.list().map(all -> all.stream().map(UserView::of).toList());
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<UserView> getUser(@PathParam("name") String name) {
        return users.get(name).map(UserView::of);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> deleteUser(@PathParam("name") String name) {
        return users.delete(name).replaceWith(Response.noContent().build());
    }
}
