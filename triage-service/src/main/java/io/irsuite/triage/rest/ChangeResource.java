package io.irsuite.triage.rest;

import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.triage.domain.CatalogEntry;
import io.irsuite.triage.service.ChangeService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Changes (deploys, config, feature flags, infra) that root-cause analysis correlates with alerts; also accepted on the AMQP address {@code changes}. */
@Path("/api/v1/changes")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeResource {

    private final ChangeService changes;
    private final OutboxRelay relay;

    public ChangeResource(ChangeService changes, OutboxRelay relay) {
        this.changes = changes;
        this.relay = relay;
    }

    /** 201 with the stored change and the open incidents it re-triaged. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INGEST)
    public Uni<Response> recordChange(@Valid @NotNull ChangeRequest body) {
        return changes.record(body.facts(), body.previousVersion()).map(recorded -> {
            if (!recorded.retriaged().isEmpty()) {
                relay.kick();
            }
            return Response.created(URI.create("/api/v1/changes/" + recorded.change().id))
                    .entity(ChangeView.of(recorded.change(), recorded.retriaged())).build();
        });
    }

    /** Newest first. {@code since} is an ISO-8601 instant. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<ChangeView>> listChanges(
            @RestQuery @Pattern(regexp = CatalogEntry.NAME_PATTERN, message = CatalogEntryRequest.NAME_MESSAGE) String service,
            @RestQuery String since,
            @RestQuery @Min(1) @Max(1000) Integer limit) {
        Instant from = null;
        if (since != null && !since.isBlank()) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw InvalidInputException.of("since", "must be an ISO-8601 instant, e.g. 2026-11-22T09:00:00Z");
            }
        }
        return changes.search(service, from, limit == null ? 100 : limit)
                .map(list -> list.stream().map(ChangeView::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<ChangeView> getChange(@PathParam("id") String id) {
        return changes.get(Ids.uuid("id", id)).map(ChangeView::of);
    }
}
