package io.irsuite.comms.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.domain.OutboxEvent;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/** Writes events comms emits into the outbox, in the caller's transaction. */
@ApplicationScoped
public class Outbox {

    public static final String PRODUCER = "comms";

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Persists the envelope of {@code payload} with the current transaction's state change. */
    public Uni<EventEnvelope> add(EventType type, UUID incidentId, Record payload) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type.name(), incidentId, Instant.now(),
                PRODUCER, EventEnvelope.SCHEMA_VERSION, mapper.valueToTree(payload));
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.eventId();
        row.address = Addresses.INCIDENT_EVENTS;
        row.type = type.name();
        row.incidentId = incidentId;
        row.createdAt = envelope.occurredAt();
        try {
            row.body = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return row.persist().replaceWith(envelope);
    }
}
