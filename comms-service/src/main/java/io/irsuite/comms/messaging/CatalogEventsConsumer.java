package io.irsuite.comms.messaging;

import io.irsuite.comms.service.CatalogReplica;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps the catalog replica (status-page components) from triage's catalog-events. */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";

    private final EnvelopeConsumer envelopes;
    private final CatalogReplica replica;

    public CatalogEventsConsumer(EnvelopeConsumer envelopes, CatalogReplica replica) {
        this.envelopes = envelopes;
        this.replica = replica;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return envelopes.consume(CHANNEL, message, replica::apply);
    }
}
