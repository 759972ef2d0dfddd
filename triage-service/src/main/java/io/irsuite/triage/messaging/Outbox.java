package io.irsuite.triage.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Writes events to the outbox table in the current transaction, with the state change they
 * announce; the {@link OutboxRelay} publishes them after the commit.
 */
@ApplicationScoped
public class Outbox {

    /** Our name in every envelope's {@code producer}. */
    public static final String PRODUCER = "triage";

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An incident event, for {@link Addresses#INCIDENT_EVENTS}. */
    public Uni<EventEnvelope> add(EventType type, UUID incidentId, Record payload) {
        return persist(Addresses.INCIDENT_EVENTS, type, incidentId, payload);
    }

    /** A catalog event, for {@link Addresses#CATALOG_EVENTS}. */
    public Uni<EventEnvelope> addCatalog(EventType type, Record payload) {
        return persist(Addresses.CATALOG_EVENTS, type, null, payload);
    }

    private Uni<EventEnvelope> persist(String address, EventType type, UUID incidentId, Record payload) {
        if (!type.payloadType().isInstance(payload)) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    type + " carries " + type.payloadType().getSimpleName() + ", not " + payload.getClass().getSimpleName()));
        }
        Instant now = Instant.now();
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type.name(), incidentId, now, PRODUCER,
                EventEnvelope.SCHEMA_VERSION, mapper.valueToTree(payload));
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.eventId();
        row.address = address;
        row.type = type.name();
        row.incidentId = incidentId;
        row.createdAt = now;
        try {
            row.body = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return row.persist().replaceWith(envelope);
    }
}
