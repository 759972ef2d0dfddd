package io.irsuite.detection.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.detection.service.SignalIngestResult;
import io.irsuite.detection.service.SignalIngestService;
import io.irsuite.platform.auth.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;

/**
 * Golden-signal samples judged against each service's learned baseline; a 202 means the baselines and the
 * alerts they raised or resolved are committed.
 */
@Path("/api/v1/signals")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SignalResource {

    /** The learned baselines of a service. */
    public record Baselines(String service, List<SignalIngestService.BaselineView> baselines) {
    }

    private final SignalIngestService signals;

    public SignalResource(SignalIngestService signals) {
        this.signals = signals;
    }

    /** One sample object or an array of them. */
    @POST
    @ResponseStatus(202)
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    public Uni<SignalIngestResult> postSignals(JsonNode body) {
        return signals.ingest(body);
    }

    /** What the service has learned of each signal it pushed (404 when it pushed none). */
    @GET
    @Path("/{service}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<Baselines> signalBaselines(@PathParam("service") String service) {
        return signals.baselines(service).map(list -> new Baselines(service, list));
    }
}
