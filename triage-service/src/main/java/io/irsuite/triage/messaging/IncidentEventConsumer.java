package io.irsuite.triage.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.triage.service.TriageService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code incident-events} from our queue. Events of a type triage does not act on are
 * acknowledged at once; each other event is applied at most once (its id is
 * recorded in the same transaction as its effect); a failure is nacked, redelivered by the broker
 * and dead-lettered after the broker's bounded retries, and is logged and counted on the way.
 */
@ApplicationScoped
public class IncidentEventConsumer {

    static final String CHANNEL = "incident-events";

    private final ObjectMapper mapper;
    private final TriageService triage;
    private final OutboxRelay relay;
    private final MeterRegistry registry;

    public IncidentEventConsumer(ObjectMapper mapper, TriageService triage, OutboxRelay relay, MeterRegistry registry) {
        this.mapper = mapper;
        this.triage = triage;
        this.relay = relay;
        this.registry = registry;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        int deliveryCount = metadata == null ? 0 : metadata.getDeliveryCount();
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(body, EventEnvelope.class);
            if (envelope.eventId() == null || envelope.type() == null) {
                throw new IllegalArgumentException("envelope without eventId or type");
            }
        } catch (Exception e) {
            Log.errorf("unparseable message on %s (delivery %d), will dead-letter after retries: %s",
                    CHANNEL, deliveryCount, e.getMessage());
            failed();
            return Uni.createFrom().failure(e);
        }
        EventType type = EventType.fromName(envelope.type());
        if (type != null && !TriageService.APPLIED.contains(type)) {
            Log.debugf("ignored %s %s: nothing for triage to do", envelope.type(), envelope.eventId());
            return Uni.createFrom().voidItem();
        }
        return triage.apply(envelope)
                .invoke(emitted -> {
                    if (emitted) {
                        relay.kick();
                    }
                })
                .onFailure().invoke(f -> {
                    Log.warnf("failed to apply %s %s (delivery %d): %s", envelope.type(), envelope.eventId(),
                            deliveryCount, f.toString());
                    failed();
                })
                .replaceWithVoid();
    }

    private void failed() {
        registry.counter("ir.messages.failed", "channel", CHANNEL).increment();
    }
}
