package io.irsuite.detection.rest;

import io.irsuite.detection.service.CheckService;
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

/** Synthetic HTTP checks: only admins set what is probed. */
@Path("/api/v1/checks")
@Produces(MediaType.APPLICATION_JSON)
public class CheckResource {

    private final CheckService checks;

    public CheckResource(CheckService checks) {
        this.checks = checks;
    }

    /** Creates (201) or replaces (200); probed at once either way. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putCheck(@PathParam("name") String name, @NotNull CheckRequest body, UriInfo uri) {
        return checks.put(name, body.service(), body.url(), body.method(), body.expectedStatus(),
                        body.intervalSeconds(), body.timeoutSeconds(), body.failuresBeforeAlert(), body.severity())
                .map(p -> p.created()
                        ? Response.created(uri.getAbsolutePath()).entity(CheckView.of(p.check(), null)).build()
                        : Response.ok(CheckView.of(p.check(), null)).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<CheckView>> listChecks() {
        return checks.list().map(all -> all.stream().map(c -> CheckView.of(c, null)).toList());
    }

    /** The check with its recent results, newest first. */
    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<CheckView> getCheck(@PathParam("name") String name) {
        return checks.get(name).map(d -> CheckView.of(d.check(), d.results()));
    }

    /** Deletes it with its results; a firing SyntheticCheckFailed resolves. */
    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> deleteCheck(@PathParam("name") String name) {
        return checks.delete(name).replaceWith(Response.noContent().build());
    }
}
