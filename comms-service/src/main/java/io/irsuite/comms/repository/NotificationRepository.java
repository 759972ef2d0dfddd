package io.irsuite.comms.repository;

import io.irsuite.comms.domain.Notification;
import io.irsuite.comms.domain.paging.AckLinks;
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

    /** A delivery claimed by this sender for a lease; {@code attempts} counts this attempt. */
    public record Claimed(UUID id, String channel, String channelType, String target, String kind, String body,
                          int attempts, UUID incidentId, UUID eventId) {
    }

    // A page's body is stored with its acknowledge link redacted: what is sent gets the token back ($5, $6).
    // The claim records the attempt before anything is sent (attempts + 1 and an attempt row without an
    // outcome), so a sender that dies mid-send leaves a trace, and the next claim marks that one interrupted.
    private static final String CLAIM = """
            WITH claimed AS (
                UPDATE notification SET claimed_until = $2, attempts = attempts + 1
                WHERE id IN (SELECT id FROM notification
                             WHERE status = 'PENDING' AND next_attempt_at <= $1
                               AND (claimed_until IS NULL OR claimed_until < $1)
                             ORDER BY next_attempt_at LIMIT $3
                             FOR UPDATE SKIP LOCKED)
                RETURNING id, channel, channel_type, target, kind,
                          CASE WHEN ack_token IS NULL THEN body::text ELSE replace(body::text, $5::text, $6::text || ack_token) END AS body,
                          attempts, incident_id, event_id
            ), interrupted AS (
                UPDATE notification_attempt a SET outcome = 'interrupted', finished_at = $1, error = $4
                FROM claimed c WHERE a.notification_id = c.id AND a.outcome IS NULL
            ), started AS (
                INSERT INTO notification_attempt (id, notification_id, attempt, channel_type, started_at)
                SELECT gen_random_uuid(), id, attempts, channel_type, $1 FROM claimed
            )
            SELECT * FROM claimed
            """;
    static final String INTERRUPTED_ERROR =
            "no outcome recorded before the lease ran out (the sender stopped or was too slow); sent again with the same delivery id";

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
                .execute(Tuple.of(utc(now), utc(now.plus(lease)), limit, INTERRUPTED_ERROR, AckLinks.STORED,
                        AckLinks.TOKEN_PREFIX))
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
