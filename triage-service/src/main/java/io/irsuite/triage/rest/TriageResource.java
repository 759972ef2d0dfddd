package io.irsuite.triage.rest;

import io.irsuite.events.Payloads;
import io.irsuite.platform.auth.Roles;
import io.irsuite.triage.service.StoredAnalysis;
import io.irsuite.triage.service.StoredJson;
import io.irsuite.triage.service.TriageService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** The newest triage of an incident. */
@Path("/api/v1/incidents/{id}/triage")
@Produces(MediaType.APPLICATION_JSON)
public class TriageResource {

    private final TriageService triage;
    private final StoredJson stored;

    public TriageResource(TriageService triage, StoredJson stored) {
        this.triage = triage;
        this.stored = stored;
    }

    /** 404 until the incident is triaged. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<TriageView> getTriage(@PathParam("id") String id) {
        UUID incidentId = Ids.uuid("id", id);
        return triage.latest(incidentId).map(result -> TriageView.of(incidentId, result.triagedAt,
                stored.read(result.body, Payloads.IncidentTriaged.class),
                result.analysis == null ? null : stored.read(result.analysis, StoredAnalysis.class)));
    }
}
