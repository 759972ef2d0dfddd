package io.irsuite.detection.rest;

import io.irsuite.detection.service.HeartbeatService;
import io.irsuite.platform.auth.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/** Heartbeats (dead man's switches): admins define them, alert sources and jobs ping them. */
@Path("/api/v1/heartbeats")
@Produces(MediaType.APPLICATION_JSON)
public class HeartbeatResource {

    private final HeartbeatService heartbeats;

    public HeartbeatResource(HeartbeatService heartbeats) {
        this.heartbeats = heartbeats;
    }

    /** Creates (201) or replaces (200). */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putHeartbeat(@PathParam("name") String name, @NotNull HeartbeatRequest body, UriInfo uri) {
        return heartbeats.put(name, body.service(), body.intervalSeconds(), body.graceSeconds(), body.severity())
                .map(p -> p.created()
                        ? Response.created(uri.getAbsolutePath()).entity(HeartbeatView.of(p.heartbeat())).build()
                        : Response.ok(HeartbeatView.of(p.heartbeat())).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<HeartbeatView>> listHeartbeats() {
        return heartbeats.list().map(all -> all.stream().map(HeartbeatView::of).toList());
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<HeartbeatView> getHeartbeat(@PathParam("name") String name) {
        return heartbeats.get(name).map(HeartbeatView::of);
    }

    /** Deletes it; a firing HeartbeatMissed resolves. */
    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> deleteHeartbeat(@PathParam("name") String name) {
        return heartbeats.delete(name).replaceWith(Response.noContent().build());
    }

    /** A ping (any body is ignored); answers the heartbeat's state after it. */
    @POST
    @Path("/{name}/ping")
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    public Uni<HeartbeatView> pingHeartbeat(@PathParam("name") String name) {
        return heartbeats.ping(name, HeartbeatService.VIA_HTTP).map(HeartbeatView::of);
    }
}
