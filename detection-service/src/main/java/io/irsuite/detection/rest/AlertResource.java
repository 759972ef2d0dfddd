package io.irsuite.detection.rest;

import io.irsuite.detection.service.AlertPayloads;
import io.irsuite.detection.service.AlertmanagerWatchdog;
import io.irsuite.detection.service.IncidentService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.platform.auth.Roles;
import io.irsuite.detection.service.AlertIngestService;
import io.irsuite.detection.service.AlertmanagerWebhook;
import io.irsuite.detection.service.IngestResult;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Alert ingestion; a 202 means the alerts are committed to PostgreSQL. */
@Path("/api/v1/alerts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final AlertIngestService ingest;
    private final IncidentService incidents;
    private final AlertPayloads payloads;
    private final AlertmanagerWatchdog watchdog;

    public AlertResource(AlertIngestService ingest, IncidentService incidents, AlertPayloads payloads,
                         AlertmanagerWatchdog watchdog) {
        this.ingest = ingest;
        this.incidents = incidents;
        this.payloads = payloads;
        this.watchdog = watchdog;
    }

    /** The current alert of a fingerprint, with the incident it was grouped into (null for a moment after a 202). */
    @GET
    @Path("/{fingerprint}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<AlertView> get(@PathParam("fingerprint") String fingerprint) {
        return incidents.activeAlert(fingerprint).map(a -> AlertView.of(a, payloads.labels(a), payloads.metricsNode(a)));
    }

    /** One alert object or an array of them. */
    @POST
    @ResponseStatus(202)
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    public Uni<IngestResult> ingest(JsonNode body) {
        return ingest.ingest(body, AlertIngestService.SOURCE_HTTP);
    }

    /** The Prometheus Alertmanager webhook (version 4); its Watchdog alerts may ping a heartbeat instead. */
    @POST
    @Path("/alertmanager")
    @ResponseStatus(202)
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    public Uni<IngestResult> alertmanager(@Valid @NotNull AlertmanagerWebhook body) {
        return watchdog.ingest(body);
    }
}
