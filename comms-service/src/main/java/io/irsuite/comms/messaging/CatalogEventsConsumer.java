package io.irsuite.comms.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.service.CatalogReplica;
import io.irsuite.events.EventEnvelope;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps the catalog replica (status-page components) from triage's catalog-events. */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";

    private final ObjectMapper mapper;
    private final CatalogReplica replica;
    private final MessageFailures failures;

    public CatalogEventsConsumer(ObjectMapper mapper, CatalogReplica replica, MessageFailures failures) {
        this.mapper = mapper;
        this.replica = replica;
        this.failures = failures;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        int deliveryCount = MessageFailures.deliveryCount(message);
        EventEnvelope env;
        try {
            env = mapper.readValue(message.getPayload(), EventEnvelope.class);
            if (env.eventId() == null || env.type() == null) {
                throw new IllegalArgumentException("envelope without eventId or type");
            }
        } catch (Exception e) {
            Log.errorf("unparseable message on %s (delivery %d): %s", CHANNEL, deliveryCount, e.getMessage());
            failures.count(CHANNEL);
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return replica.apply(env)
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf(e, "catalog event %s (%s) failed on delivery %d: %s", env.eventId(), env.type(),
                            deliveryCount, e.getMessage());
                    failures.count(CHANNEL);
                    return Uni.createFrom().completionStage(message.nack(e));
                });
    }
}
