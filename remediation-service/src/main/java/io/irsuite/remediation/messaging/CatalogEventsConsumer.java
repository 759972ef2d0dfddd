package io.irsuite.remediation.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;
import io.irsuite.remediation.service.CatalogReplicaService;
import io.irsuite.remediation.service.RemediationMetrics;
import io.irsuite.remediation.service.VertxContexts;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code catalog-events::catalog-events.remediation} into the catalog replica. */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";

    private final ObjectMapper mapper;
    private final CatalogReplicaService replica;
    private final VertxContexts contexts;
    private final RemediationMetrics metrics;

    public CatalogEventsConsumer(ObjectMapper mapper, CatalogReplicaService replica, VertxContexts contexts,
                                 RemediationMetrics metrics) {
        this.mapper = mapper;
        this.replica = replica;
        this.contexts = contexts;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(body, EventEnvelope.class);
        } catch (Exception e) {
            Log.errorf("%s: unparseable message (attempt %d) will be dead-lettered after its retries: %s",
                    CHANNEL, metadata.getDeliveryCount() + 1, e.getMessage());
            metrics.messageFailed(CHANNEL);
            return Uni.createFrom().failure(e);
        }
        return contexts.onSafeContext(() -> replica.apply(envelope))
                .onFailure().invoke(failure -> {
                    Log.warnf("%s: event %s (%s) failed on attempt %d (redelivered, then dead-lettered): %s", CHANNEL,
                            envelope.eventId(), envelope.type(), metadata.getDeliveryCount() + 1, failure.getMessage());
                    metrics.messageFailed(CHANNEL);
                });
    }
}
