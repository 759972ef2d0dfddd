package io.irsuite.comms.rest;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.IncidentMetrics;
import io.irsuite.comms.service.MetricsService;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Incident response metrics: MTTD, MTTA, MTTR overall and by severity. */
@Path("/api/v1/metrics/incidents")
public class MetricsResource {

    private final MetricsService metrics;
    private final IrConfig.Comms config;

    public MetricsResource(MetricsService metrics, IrConfig config) {
        this.metrics = metrics;
        this.config = config.comms();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<IncidentMetrics> incidents(@QueryParam("from") String from, @QueryParam("to") String to) {
        List<FieldError> errors = new ArrayList<>();
        Instant toAt = parse("to", to, Instant.now(), errors);
        Instant fromAt = parse("from", from, toAt == null ? null : toAt.minus(config.metricsDefaultWindow()), errors);
        if (errors.isEmpty() && fromAt.isAfter(toAt)) {
            errors.add(new FieldError("from", "must not be after to"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInputException(errors));
        }
        return metrics.compute(fromAt, toAt);
    }

    private static Instant parse(String field, String value, Instant fallback, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant, e.g. 2026-11-22T10:00:00Z"));
            return null;
        }
    }
}
