package io.irsuite.triage.messaging;

import io.irsuite.triage.service.TriageWorker;
import io.irsuite.events.EventEnvelope;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.work.GroupCommit;
import io.irsuite.triage.service.IncidentEventHandler;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code incident-events} from triage's queue. Events of a type triage does not act on are
 * acknowledged at once, without a transaction; the others are applied at most once by
 * {@link IncidentEventHandler}, in batches: what the channel's copies receive while a batch is being
 * applied forms the next one, one transaction for all ({@link GroupCommit}), and each message is
 * acknowledged after the commit of its batch. A failure is logged, counted and nacked (ir-platform's
 * {@link EnvelopeConsumer}), redelivered by the broker and dead-lettered after its bounded retries.
 */
@ApplicationScoped
public class IncidentEventsConsumer {

    static final String CHANNEL = "incident-events";

    /** Events per transaction at most (the channel's copies bound how many are in flight). */
    static final int MAX_BATCH = 64;

    private final EnvelopeConsumer envelopes;
    private final GroupCommit<EventEnvelope> batches;

    public IncidentEventsConsumer(EnvelopeConsumer envelopes, IncidentEventHandler handler, TriageWorker worker,
                                  Vertx vertx) {
        this.envelopes = envelopes;
        this.batches = new GroupCommit<>("applying incident events", vertx, MAX_BATCH,
                batch -> handler.applyAll(batch).invoke(triageDue -> {
                    if (triageDue) {
                        worker.kick();
                    }
                }).replaceWithVoid());
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        return envelopes.consume(CHANNEL, body, metadata, envelope -> {
            if (!IncidentEventHandler.applies(envelope.type())) {
                Log.debugf("ignored %s %s: nothing for triage to do", envelope.type(), envelope.eventId());
                return Uni.createFrom().voidItem();
            }
            return batches.submit(envelope);
        });
    }
}
