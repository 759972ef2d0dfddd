package io.irsuite.platform.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.irsuite.events.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The consumers' idempotency record ({@code processed_event}): an event id is recorded in the same
 * transaction as its effect, so a redelivered event finds it and is skipped.
 */
@ApplicationScoped
public class Inbox {

    private final ObjectMapper mapper;

    public Inbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static final String INSERT = "INSERT INTO processed_event (event_id, type, processed_at) "
            + "VALUES ($1, $2, now()) ON CONFLICT (event_id) DO NOTHING";

    /** Records the event in the current Hibernate Reactive transaction; true if it is new, false if seen before. */
    public Uni<Boolean> markProcessed(UUID eventId, String type) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO processed_event (event_id, type, processed_at) VALUES (:id, :type, now())
                        ON CONFLICT (event_id) DO NOTHING""")
                .setParameter("id", eventId)
                .setParameter("type", type)
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    /**
     * Records a batch of events in the current Hibernate Reactive transaction, in one statement; returns
     * the ids that are new (the others were processed before).
     */
    public Uni<Set<UUID>> markProcessedAll(List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        ArrayNode rows = mapper.createArrayNode();
        events.forEach(e -> rows.addObject().put("id", e.eventId().toString()).put("type", e.type()));
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO processed_event (event_id, type, processed_at)
                        SELECT CAST(e->>'id' AS uuid), e->>'type', now()
                        FROM jsonb_array_elements(CAST(CAST(:rows AS text) AS jsonb)) AS e
                        ON CONFLICT (event_id) DO NOTHING RETURNING event_id""", UUID.class)
                .setParameter("rows", rows.toString())
                .getResultList())
                .map(Set::copyOf);
    }

    /** The same on a connection of the reactive pool that is inside a transaction. */
    public Uni<Boolean> markProcessed(SqlConnection conn, UUID eventId, String type) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(eventId, type)).map(rows -> rows.rowCount() == 1);
    }
}
