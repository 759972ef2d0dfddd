package io.irsuite.comms.rest;

import io.irsuite.comms.service.ChannelService;
import io.irsuite.platform.auth.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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

/** Notification channels: webhooks, Slack incoming webhooks, e-mail addresses. */
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {

    private final ChannelService channels;

    public ChannelResource(ChannelService channels) {
        this.channels = channels;
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> put(@PathParam("name") String name, @Valid @NotNull ChannelRequest body, UriInfo uri) {
        return channels.put(name, body.type(), body.url(), body.address(), body.minSeverity())
                .map(saved -> saved.created()
                        ? Response.created(uri.getAbsolutePath()).entity(ChannelView.of(saved.channel())).build()
                        : Response.ok(ChannelView.of(saved.channel())).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<ChannelView>> list() {
        return channels.list().map(all -> all.stream().map(ChannelView::of).toList());
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<ChannelView> get(@PathParam("name") String name) {
        return channels.get(name).map(ChannelView::of);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("name") String name) {
        return channels.delete(name).replaceWith(Response.noContent().build());
    }
}
