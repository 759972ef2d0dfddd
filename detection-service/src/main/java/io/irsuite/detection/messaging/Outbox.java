package io.irsuite.detection.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Writes events into the outbox in the caller's transaction, next to the state change they describe. */
@ApplicationScoped
public class Outbox {

    public static final String PRODUCER = "detection";

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Persists the event for {@code incident-events}; must run inside a transaction. */
    public Uni<Void> add(EventType type, UUID incidentId, Record payload) {
        if (!type.payloadType().isInstance(payload)) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    type + " carries " + type.payloadType().getSimpleName() + ", not " + payload.getClass().getSimpleName()));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type.name(), incidentId, now, PRODUCER,
                EventEnvelope.SCHEMA_VERSION, mapper.valueToTree(payload));
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.eventId();
        row.address = Addresses.INCIDENT_EVENTS;
        row.type = type.name();
        row.incidentId = incidentId;
        row.createdAt = now;
        try {
            row.body = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return row.persist().replaceWithVoid();
    }
}
