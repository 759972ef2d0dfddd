package io.irsuite.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes events into the outbox in the caller's transaction, next to the state change they
 * describe. The producer named in every envelope is the application name without {@code -service}.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper mapper;
    private final String producer;

    public Outbox(ObjectMapper mapper, @ConfigProperty(name = "quarkus.application.name") String application) {
        this.mapper = mapper;
        this.producer = application.endsWith("-service")
                ? application.substring(0, application.length() - "-service".length()) : application;
    }

    /** This service's name in {@link EventEnvelope#producer()}. */
    public String producer() {
        return producer;
    }

    /** Persists an event for {@link Addresses#INCIDENT_EVENTS}; must run inside a transaction. */
    public Uni<EventEnvelope> add(EventType type, UUID incidentId, Record payload) {
        return persist(Addresses.INCIDENT_EVENTS, type, incidentId, payload);
    }

    /** Persists an event for {@link Addresses#CATALOG_EVENTS}; must run inside a transaction. */
    public Uni<EventEnvelope> addCatalog(EventType type, Record payload) {
        return persist(Addresses.CATALOG_EVENTS, type, null, payload);
    }

    private record Built(OutboxEvent row, EventEnvelope envelope) {
    }

    private Uni<EventEnvelope> persist(String address, EventType type, UUID incidentId, Record payload) {
        Built built;
        try {
            built = build(address, type, incidentId, payload);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return built.row().persist().replaceWith(built.envelope());
    }

    private Built build(String address, EventType type, UUID incidentId, Record payload) {
        if (!type.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException(type + " carries " + type.payloadType().getSimpleName() + ", not "
                    + payload.getClass().getSimpleName());
        }
        // micros: what PostgreSQL keeps, so that the stored and the sent time are the same
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type.name(), incidentId, now, producer,
                type.schemaVersion(), mapper.valueToTree(payload));
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.eventId();
        row.address = address;
        row.type = type.name();
        row.incidentId = incidentId;
        row.createdAt = now;
        try {
            row.body = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + type + " cannot be written as JSON", e);
        }
        return new Built(row, envelope);
    }
}
