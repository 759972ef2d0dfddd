package io.irsuite.comms.rest;

import io.irsuite.comms.domain.oncall.ScheduleSpec;
import io.irsuite.comms.service.ScheduleService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.util.List;

/** On-call schedules: layers of rotations with restrictions, overrides, and who is on call at an instant. */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private final ScheduleService schedules;

    public ScheduleResource(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putSchedule(@PathParam("name") String name, @NotNull ScheduleSpec body, UriInfo uri) {
        return schedules.put(name, body).map(saved -> saved.created()
                ? Response.created(uri.getAbsolutePath()).entity(ScheduleView.of(saved.value())).build()
                : Response.ok(ScheduleView.of(saved.value())).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<ScheduleView>> listSchedules() {
        return schedules.list().map(all -> all.stream().map(ScheduleView::of).toList());
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<ScheduleView> getSchedule(@PathParam("name") String name) {
        return schedules.get(name).map(ScheduleView::of);
    }

    /** Who is on call at {@code at} (default now); a 404 problem when nobody is, saying who comes next. */
    @GET
    @Path("/{name}/oncall")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<OnCallView> onCall(@PathParam("name") String name, @QueryParam("at") String at) {
        Instant instant = OnCallParams.at(at);
        return schedules.requireOnCall(name, instant).map(OnCallView::of);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> deleteSchedule(@PathParam("name") String name) {
        return schedules.delete(name).replaceWith(Response.noContent().build());
    }
}
