package io.irsuite.detection.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.service.CatalogReplicaService;
import io.irsuite.detection.service.DetectionMetrics;
import io.irsuite.events.EventEnvelope;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Catalog replication from triage on queue {@code catalog-events.detection}. */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";

    private final CatalogReplicaService catalog;
    private final ObjectMapper mapper;
    private final DetectionMetrics metrics;

    public CatalogEventsConsumer(CatalogReplicaService catalog, ObjectMapper mapper, DetectionMetrics metrics) {
        this.catalog = catalog;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata amqp) {
        EventEnvelope envelope;
        try {
            envelope = Envelopes.parse(mapper, body);
        } catch (IllegalArgumentException e) {
            Log.errorf("unreadable message on %s (delivery %d): %s", CHANNEL, amqp.getDeliveryCount(), e.getMessage());
            metrics.messageFailed(CHANNEL);
            return Uni.createFrom().failure(e);
        }
        return catalog.apply(envelope)
                .onFailure().invoke(e -> {
                    Log.warnf("processing %s %s failed (delivery %d): %s", envelope.type(), envelope.eventId(),
                            amqp.getDeliveryCount(), e.getMessage());
                    metrics.messageFailed(CHANNEL);
                })
                .replaceWithVoid();
    }
}
