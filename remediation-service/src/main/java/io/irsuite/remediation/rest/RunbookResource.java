package io.irsuite.remediation.rest;

import io.irsuite.remediation.domain.RunbookDefinition;
import io.irsuite.remediation.service.RunbookService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;

/** Runbooks: every PUT stores a new immutable version; DELETE disables. */
@Path("/api/v1/runbooks")
@Produces(MediaType.APPLICATION_JSON)
public class RunbookResource {

    private final RunbookService runbooks;

    public RunbookResource(RunbookService runbooks) {
        this.runbooks = runbooks;
    }

    @PUT
    @Path("{id}")
    @RolesAllowed("admin")
    @Consumes({MediaType.APPLICATION_JSON, YamlBodyReader.APPLICATION_YAML, YamlBodyReader.TEXT_YAML,
            YamlBodyReader.APPLICATION_X_YAML})
    public Uni<Response> putRunbook(@PathParam("id") String id,
                                    @Valid @NotNull(message = "a runbook body is required") RunbookDefinition body,
                                    @Context SecurityContext security) {
        // RunbookService checks the id with the definition (RunbookRules.checkId), naming the field "id"; a
        // constraint on the parameter would be reported as field "body" by ir-platform's ProblemMappers
        return runbooks.put(id, body, security.getUserPrincipal().getName())
                .map(stored -> Response.status(stored.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(RunbookView.of(stored)).build());
    }

    @GET
    @RolesAllowed("viewer")
    public Uni<List<RunbookView>> listRunbooks() {
        return runbooks.list().map(all -> all.stream().map(RunbookView::of).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed("viewer")
    public Uni<RunbookView> getRunbook(@PathParam("id") String id) {
        return runbooks.get(id).map(RunbookView::of);
    }

    @GET
    @Path("{id}/versions/{version}")
    @RolesAllowed("viewer")
    public Uni<RunbookView> getRunbookVersion(@PathParam("id") String id, @PathParam("version") int version) {
        return runbooks.version(id, version).map(RunbookView::of);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    public Uni<Response> disableRunbook(@PathParam("id") String id, @Context SecurityContext security) {
        return runbooks.disable(id, security.getUserPrincipal().getName()).map(ignored -> Response.noContent().build());
    }
}
