package io.irsuite.triage.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.Payloads;
import io.irsuite.triage.config.Roles;
import io.irsuite.triage.service.StoredAnalysis;
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
    private final ObjectMapper mapper;

    public TriageResource(TriageService triage, ObjectMapper mapper) {
        this.triage = triage;
        this.mapper = mapper;
    }

    /** 404 until the incident is triaged. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<TriageView> getTriage(@PathParam("id") String id) {
        UUID incidentId = Ids.uuid("id", id);
        return triage.latest(incidentId).map(result -> {
            try {
                return TriageView.of(incidentId, result.triagedAt,
                        mapper.readValue(result.body, Payloads.IncidentTriaged.class),
                        result.analysis == null ? null : mapper.readValue(result.analysis, StoredAnalysis.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored triage result is unreadable", e);
            }
        });
    }
}
