package io.irsuite.triage.rest;

import io.irsuite.platform.auth.Roles;
import io.irsuite.triage.domain.Category;
import io.irsuite.triage.service.LearningService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** Feedback that teaches triage, and the model it has learnt. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    private final LearningService learning;
    private final SecurityIdentity identity;

    public FeedbackResource(LearningService learning, SecurityIdentity identity) {
        this.learning = learning;
        this.identity = identity;
    }

    /** What a confirmation did: {@code modelVersion} is the model the next triage uses. */
    public record FeedbackView(UUID incidentId, FeedbackRequest.ConfirmedCause rootCause, String source,
                               String confirmedBy, boolean applied, boolean wasTopCandidate, TriagedAs triagedAs,
                               int modelVersion) {
    }

    /** The top candidate of the triage that was confirmed or corrected. */
    public record TriagedAs(String service, String category, double confidence) {
    }

    /** A person confirms (or corrects) the root cause of a triaged incident; 404 until it is triaged. */
    @POST
    @Path("/incidents/{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESPONDER)
    public Uni<FeedbackView> feedback(@PathParam("id") String id, @Valid @NotNull FeedbackRequest body) {
        UUID incidentId = Ids.uuid("id", id);
        String by = body.by() == null || body.by().isBlank() ? identity.getPrincipal().getName() : body.by();
        return learning.feedback(incidentId, body.rootCause().service(), Category.fromWire(body.rootCause().category()),
                by, body.note()).map(c -> new FeedbackView(incidentId,
                new FeedbackRequest.ConfirmedCause(c.outcome().rootService, c.outcome().category), c.outcome().source,
                c.outcome().confirmedBy, c.applied(), c.wasTopCandidate(),
                c.triagedAs() == null ? null : new TriagedAs(c.triagedAs().service(), c.triagedAs().category().wire(),
                        c.triagedAs().score()),
                c.modelVersion()));
    }

    /** Forgets what was learnt (for instance after a batch of wrong feedback): the next triage uses the priors. */
    @POST
    @Path("/model/reset")
    @RolesAllowed(Roles.ADMIN)
    public Uni<LearningService.ModelView> reset() {
        return learning.reset(identity.getPrincipal().getName()).chain(learning::model);
    }

    /** The model the next triage uses: version, weights, action success rates. */
    @GET
    @Path("/model")
    @RolesAllowed(Roles.VIEWER)
    public Uni<LearningService.ModelView> model() {
        return learning.model();
    }
}
