package io.irsuite.remediation.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.remediation.domain.OutboxEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** Writes events into the outbox table in the caller's transaction; {@link OutboxRelay} publishes them. */
@ApplicationScoped
public class Outbox {

    public static final String PRODUCER = "remediation";

    // PostgreSQL keeps microseconds: strictly increasing stamps keep the relay's order = emit order.
    private static final AtomicReference<Instant> LAST = new AtomicReference<>(Instant.EPOCH);

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Adds {@code payload} as an event of {@code type}; must run inside the state change's transaction. */
    public Uni<Void> add(EventType type, UUID incidentId, Record payload) {
        if (!type.payloadType().isInstance(payload)) {
            return Uni.createFrom().failure(new IllegalArgumentException(type + " does not carry " + payload.getClass().getSimpleName()));
        }
        Instant now = nextStamp();
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

    private static Instant nextStamp() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return LAST.updateAndGet(last -> now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS));
    }
}
