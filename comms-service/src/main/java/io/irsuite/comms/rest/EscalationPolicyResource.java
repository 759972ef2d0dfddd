package io.irsuite.comms.rest;

import io.irsuite.comms.domain.oncall.PolicySpec;
import io.irsuite.comms.service.EscalationPolicyService;
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

import java.util.List;

/** Escalation policies: levels of targets with delays, repeats, and a simulator of what they would page. */
@Path("/api/v1/escalation-policies")
@Produces(MediaType.APPLICATION_JSON)
public class EscalationPolicyResource {

    private final EscalationPolicyService policies;

    public EscalationPolicyResource(EscalationPolicyService policies) {
        this.policies = policies;
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putPolicy(@PathParam("name") String name, @NotNull PolicySpec body, UriInfo uri) {
        return policies.put(name, body).map(saved -> saved.created()
                ? Response.created(uri.getAbsolutePath()).entity(PolicyView.of(saved.value())).build()
                : Response.ok(PolicyView.of(saved.value())).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<PolicyView>> listPolicies() {
        return policies.list().map(all -> all.stream().map(PolicyView::of).toList());
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<PolicyView> getPolicy(@PathParam("name") String name) {
        return policies.get(name).map(PolicyView::of);
    }

    /** Who would be paged, how and when, if an incident started at {@code at} (default now) and nobody acknowledged. */
    @GET
    @Path("/{name}/simulate")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<SimulationView> simulate(@PathParam("name") String name, @QueryParam("at") String at) {
        return policies.plan(name, OnCallParams.at(at)).map(SimulationView::of);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> deletePolicy(@PathParam("name") String name) {
        return policies.delete(name).replaceWith(Response.noContent().build());
    }
}
