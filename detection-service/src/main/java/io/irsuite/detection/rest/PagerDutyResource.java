package io.irsuite.detection.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.service.PagerDutyEvents;
import io.irsuite.platform.config.PlatformConfig;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.Unavailable;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/**
 * PagerDuty's Events API v2, so that an existing PagerDuty client works by changing only its base
 * URL. Outside {@code /api}: the {@code routing_key} in the body authenticates, not a bearer header,
 * and every answer, errors included, is in PagerDuty's JSON shape (its clients parse it), not
 * problem+json. Any content type is read as JSON, as PagerDuty does (some clients send text/plain).
 */
@Path("/v2/enqueue")
public class PagerDutyResource {

    /** {@code 202 {"status": "success", "message": "Event processed", "dedup_key": "..."}}. */
    public record Accepted(String status, String message, String dedup_key) {
    }

    /** {@code 400 {"status": "invalid event", "message": "Event object is invalid", "errors": [...]}}. */
    public record Invalid(String status, String message, List<String> errors) {
    }

    private final PagerDutyEvents events;
    private final ObjectMapper mapper;
    private final long retryAfterSeconds;

    public PagerDutyResource(PagerDutyEvents events, ObjectMapper mapper, PlatformConfig platform) {
        this.events = events;
        this.mapper = mapper;
        this.retryAfterSeconds = Math.max(1, platform.outage().retryAfter().toSeconds());
    }

    @POST
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> enqueue(byte[] body) {
        return Uni.createFrom().deferred(() -> events.enqueue(body))
                .onItemOrFailure().transform((dedupKey, failure) -> {
                    if (failure == null) {
                        return json(202, new Accepted("success", "Event processed", dedupKey));
                    }
                    if (failure instanceof InvalidInputException invalid) {
                        return json(400, new Invalid("invalid event", "Event object is invalid",
                                invalid.errors().stream().map(PagerDutyResource::describe).toList()));
                    }
                    if (Unavailable.database(failure)) {
                        // nothing stored: PagerDuty's clients retry a 5xx, Retry-After says when
                        Log.warnf("database unavailable on /v2/enqueue: %s", failure.getMessage());
                        return Response.fromResponse(json(503, new Invalid("error",
                                        "the database is unavailable; retry after " + retryAfterSeconds + " s", List.of())))
                                .header("Retry-After", Long.toString(retryAfterSeconds)).build();
                    }
                    // PagerDuty's clients retry a 5xx: right for a database or broker hiccup
                    String id = UUID.randomUUID().toString();
                    Log.errorf(failure, "unexpected error %s on /v2/enqueue", id);
                    return json(500, new Invalid("error", "unexpected error, logged as " + id, List.of()));
                });
    }

    /** {@code payload.severity must be one of ...}; a message of no field stands alone. */
    static String describe(FieldError error) {
        return error.field() == null || error.field().isEmpty() ? error.message()
                : error.field() + " " + error.message();
    }

    private Response json(int status, Record body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON).entity(mapper.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
