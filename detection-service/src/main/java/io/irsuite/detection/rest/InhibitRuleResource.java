package io.irsuite.detection.rest;

import io.irsuite.detection.domain.MatcherSpec;
import io.irsuite.detection.service.InhibitRules;
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
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** Inhibition rules (Alertmanager's vocabulary): a firing source alert suppresses matching target alerts. */
@Path("/api/v1/inhibit-rules")
@Produces(MediaType.APPLICATION_JSON)
public class InhibitRuleResource {

    /** The body of {@code PUT /api/v1/inhibit-rules/{name}}. */
    public record Request(List<MatcherSpec> sourceMatchers, List<MatcherSpec> targetMatchers, List<String> equal) {
    }

    private final InhibitRules rules;

    public InhibitRuleResource(InhibitRules rules) {
        this.rules = rules;
    }

    /** Creates ({@code 201}) or replaces ({@code 200}) the rule. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<InhibitRules.View>> put(@PathParam("name") String name, @NotNull Request body) {
        var rule = InhibitRules.compile(name, body.sourceMatchers(), body.targetMatchers(), body.equal());
        return rules.put(rule).map(saved -> saved.created()
                ? RestResponse.status(RestResponse.Status.CREATED, saved.view())
                : RestResponse.ok(saved.view()));
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<InhibitRules.View>> list() {
        return rules.list();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<InhibitRules.View> get(@PathParam("name") String name) {
        return rules.get(name);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<Void>> delete(@PathParam("name") String name) {
        return rules.delete(name).map(v -> RestResponse.noContent());
    }
}
