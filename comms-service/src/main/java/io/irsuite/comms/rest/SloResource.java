package io.irsuite.comms.rest;

import io.irsuite.comms.domain.ErrorBudget;
import io.irsuite.comms.service.SloService;
import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

import java.util.List;
import java.util.regex.Pattern;

/** SLOs per service and their error budgets (healthy, warning, exhausted). */
@Path("/api/v1/slos")
@Produces(MediaType.APPLICATION_JSON)
public class SloResource {

    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    /** Body of {@code PUT /api/v1/slos/{service}}: availability objective in percent, window in days. */
    public record SloRequest(@NotNull @DecimalMin(value = "50.0") @DecimalMax(value = "99.9999") Double objective,
                             @NotNull @Min(1) @Max(365) Integer windowDays) {
    }

    private final SloService slos;
    private final SecurityIdentity identity;

    public SloResource(SloService slos, SecurityIdentity identity) {
        this.slos = slos;
        this.identity = identity;
    }

    @PUT
    @Path("/{service}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putSlo(@PathParam("service") String service, @Valid @NotNull SloRequest body) {
        if (!SERVICE.matcher(service).matches()) {
            throw io.irsuite.platform.problem.InvalidInputException.of("service", "must match " + SERVICE.pattern());
        }
        return slos.put(service, body.objective(), body.windowDays(), Callers.of(identity).name())
                .map(saved -> Response.status(saved.created() ? 201 : 200).entity(saved.budget()).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<ErrorBudget>> listSlos() {
        return slos.list();
    }

    @GET
    @Path("/{service}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<ErrorBudget> getSlo(@PathParam("service") String service) {
        return slos.get(service);
    }

    @DELETE
    @Path("/{service}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> deleteSlo(@PathParam("service") String service) {
        return slos.delete(service).map(deleted -> {
            if (!deleted) {
                throw new NotFoundException("no SLO for service " + service);
            }
            return Response.noContent().build();
        });
    }
}
