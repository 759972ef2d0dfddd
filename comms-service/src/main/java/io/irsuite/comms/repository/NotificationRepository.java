package io.irsuite.comms.repository;

import io.irsuite.comms.domain.Notification;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {

    /** A delivery claimed by this sender for a lease. */
    public record Claimed(UUID id, String channel, String channelType, String target, String kind, String body,
                          int attempts, UUID incidentId, UUID eventId) {
    }

    private static final String CLAIM = """
            UPDATE notification SET claimed_until = $2
            WHERE id IN (SELECT id FROM notification
                         WHERE status = 'PENDING' AND next_attempt_at <= $1
                           AND (claimed_until IS NULL OR claimed_until < $1)
                         ORDER BY next_attempt_at LIMIT $3
                         FOR UPDATE SKIP LOCKED)
            RETURNING id, channel, channel_type, target, kind, body::text AS body, attempts, incident_id, event_id
            """;

    private final Pool pool;

    public NotificationRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims up to {@code limit} due PENDING deliveries for {@code lease}; replicas skip each other's
     * rows, and a crashed sender's lease simply runs out.
     */
    public Uni<List<Claimed>> claimDue(Instant now, int limit, Duration lease) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(utc(now), utc(now.plus(lease)), limit))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row r : rows) {
                        claimed.add(new Claimed(r.getUUID("id"), r.getString("channel"), r.getString("channel_type"),
                                r.getString("target"), r.getString("kind"), r.getString("body"),
                                r.getInteger("attempts"), r.getUUID("incident_id"), r.getUUID("event_id")));
                    }
                    return claimed;
                });
    }

    @WithSession
    public Uni<List<Notification>> forIncident(UUID incidentId) {
        return list("incidentId = ?1 order by createdAt, channel", incidentId);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
