package io.irsuite.triage.messaging;

import io.irsuite.triage.service.TriageWorker;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.triage.service.IncidentEventHandler;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code incident-events} from triage's queue. Events of a type triage does not act on are
 * acknowledged at once, without a transaction; each other event is applied at most once by
 * {@link IncidentEventHandler}. A failure is logged, counted and nacked (ir-platform's
 * {@link EnvelopeConsumer}), redelivered by the broker and dead-lettered after its bounded retries.
 */
@ApplicationScoped
public class IncidentEventsConsumer {

    static final String CHANNEL = "incident-events";

    private final EnvelopeConsumer envelopes;
    private final IncidentEventHandler handler;
    private final TriageWorker worker;

    public IncidentEventsConsumer(EnvelopeConsumer envelopes, IncidentEventHandler handler, TriageWorker worker) {
        this.envelopes = envelopes;
        this.handler = handler;
        this.worker = worker;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        return envelopes.consume(CHANNEL, body, metadata, envelope -> {
            if (!IncidentEventHandler.applies(envelope.type())) {
                Log.debugf("ignored %s %s: nothing for triage to do", envelope.type(), envelope.eventId());
                return Uni.createFrom().voidItem();
            }
            return handler.apply(envelope).invoke(triageDue -> {
                if (triageDue) {
                    worker.kick();
                }
            });
        });
    }
}
