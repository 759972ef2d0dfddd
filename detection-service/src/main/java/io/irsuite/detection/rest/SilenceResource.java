package io.irsuite.detection.rest;

import io.irsuite.detection.domain.Silence;
import io.irsuite.detection.domain.SilenceRules;
import io.irsuite.detection.service.SilenceService;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Silences (Alertmanager's vocabulary): mute matching alerts for a while, and preview what one would mute. */
@Path("/api/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {

    static final int DEFAULT_PREVIEW_DAYS = 7;
    static final int MAX_PREVIEW_DAYS = 90;
    private static final Set<String> STATES = Set.of(SilenceRules.PENDING, SilenceRules.ACTIVE, SilenceRules.EXPIRED);

    private final SilenceService silences;

    public SilenceResource(SilenceService silences) {
        this.silences = silences;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<RestResponse<SilenceView>> create(@NotNull SilenceRequest body) {
        SilenceRules.Valid valid = validate(body);
        return silences.create(valid).map(s -> RestResponse.ResponseBuilder.<SilenceView>created(
                URI.create("/api/v1/silences/" + s.id)).entity(view(s)).build());
    }

    /** Which stored alerts of the last {@code days} (default 7) this silence would have muted, per service. */
    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<SilenceService.Preview> preview(@NotNull SilenceRequest body, @QueryParam("days") String days) {
        return silences.preview(validate(body), parseDays(days));
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<SilenceView>> list(@QueryParam("state") String state, @QueryParam("limit") String limit) {
        if (state != null && !state.isBlank() && !STATES.contains(state)) {
            throw InvalidInputException.of("state", "must be one of active, pending, expired");
        }
        return silences.list(state == null || state.isBlank() ? null : state, IncidentResource.parseLimit(limit))
                .map(list -> list.stream().map(this::view).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<SilenceView> get(@PathParam("id") String id) {
        return silences.get(IncidentResource.parseId(id)).map(this::view);
    }

    /** Expires it now (Alertmanager's DELETE); alerts it muted that still fire are evaluated again. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<SilenceView> expire(@PathParam("id") String id) {
        return silences.expire(IncidentResource.parseId(id)).map(this::view);
    }

    private static SilenceRules.Valid validate(SilenceRequest body) {
        // at the precision PostgreSQL stores, so that the 201 shows the startsAt a GET will
        return SilenceRules.validate(body.matchers(), body.startsAt(), body.endsAt(), body.createdBy(), body.comment(),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    private SilenceView view(Silence s) {
        return SilenceView.of(s, silences.matchers(s), Instant.now());
    }

    static int parseDays(String days) {
        if (days == null || days.isBlank()) {
            return DEFAULT_PREVIEW_DAYS;
        }
        try {
            int value = Integer.parseInt(days.trim());
            if (value >= 1 && value <= MAX_PREVIEW_DAYS) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below like an out-of-range value
        }
        throw InvalidInputException.of("days", "must be a whole number from 1 to " + MAX_PREVIEW_DAYS);
    }
}
