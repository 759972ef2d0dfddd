package io.irsuite.remediation.messaging;

import io.irsuite.events.EventEnvelope;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.remediation.service.ExecutionDispatcher;
import io.irsuite.remediation.service.IncidentEventHandler;
import io.irsuite.remediation.service.RecoveryVerifier;
import io.irsuite.remediation.service.RemediationMetrics;
import io.irsuite.remediation.service.VertxContexts;
import io.irsuite.platform.work.GroupCommit;
import io.vertx.core.Vertx;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code incident-events::incident-events.remediation} on the channel's copies (one incident's
 * events reach one copy, in order, one at a time). Events of a type remediation does not act on are
 * acknowledged at once, without a transaction. An alert firing or resolving (most of a storm's events) is
 * recorded in a batch with what the other copies receive meanwhile, one transaction per batch
 * ({@link GroupCommit}); the other events go to {@link IncidentEventHandler} one by one. After the commit the
 * relay, the dispatcher (queued executions) and the recovery check (an alert resolved) are kicked.
 * A failure nacks the message (modified-failed): the broker redelivers it and dead-letters it after
 * its bounded deliveries.
 */
@ApplicationScoped
public class IncidentEventsConsumer {

    static final String CHANNEL = "incident-events";
    /** Alert events per transaction at most (the channel's copies bound how many are in flight). */
    static final int MAX_BATCH = 64;

    private final EnvelopeConsumer envelopes;
    private final IncidentEventHandler handler;
    private final ExecutionDispatcher dispatcher;
    private final RecoveryVerifier verifier;
    private final OutboxRelay relay;
    private final RemediationMetrics metrics;
    private final VertxContexts contexts;
    private final GroupCommit<EventEnvelope> alertBatches;

    public IncidentEventsConsumer(EnvelopeConsumer envelopes, IncidentEventHandler handler, ExecutionDispatcher dispatcher,
                                  RecoveryVerifier verifier, OutboxRelay relay, RemediationMetrics metrics, VertxContexts contexts,
                                  Vertx vertx) {
        this.envelopes = envelopes;
        this.handler = handler;
        this.dispatcher = dispatcher;
        this.verifier = verifier;
        this.relay = relay;
        this.metrics = metrics;
        this.contexts = contexts;
        this.alertBatches = new GroupCommit<>("recording alert events", vertx, MAX_BATCH,
                batch -> handler.trackAll(batch).invoke(incidents -> incidents.forEach(verifier::kick)).replaceWithVoid());
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        return envelopes.consume(CHANNEL, body, metadata, this::apply);
    }

    private Uni<?> apply(EventEnvelope envelope) {
        if (!IncidentEventHandler.applies(envelope.type())) {
            Log.debugf("ignored %s %s: nothing for remediation to do", envelope.type(), envelope.eventId());
            return Uni.createFrom().voidItem();
        }
        if (IncidentEventHandler.tracksAlert(envelope.type())) {
            return alertBatches.submit(envelope);
        }
        // Hibernate Reactive needs a safe Vert.x context of its own
        return contexts.onSafeContext(() -> handler.handle(envelope))
                .invoke(effects -> {
                    if (effects.emitted()) {
                        relay.kick();
                    }
                    effects.transitions().forEach(t -> metrics.execution(t.action(), t.status()));
                    if (effects.dispatch()) {
                        dispatcher.kick();
                    }
                    if (effects.verify() != null) {
                        verifier.kick(effects.verify());
                    }
                });
    }
}
