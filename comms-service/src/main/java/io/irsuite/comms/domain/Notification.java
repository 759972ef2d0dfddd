package io.irsuite.comms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/**
 * One delivery of one notification to one channel. The channel's type and target are copied in
 * when it is queued, so a delivery goes where the channel pointed at the time of the event.
 */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    /** Never to be sent (again): a page whose escalation was acknowledged or whose incident resolved. */
    public static final String CANCELLED = "CANCELLED";

    @Id
    public UUID id;

    public String channel;

    @Column(name = "channel_type")
    public String channelType;

    public String target;

    @Column(name = "incident_id")
    public UUID incidentId;

    @Column(name = "event_id")
    public UUID eventId;

    public String kind;

    /** The webhook JSON; Slack gets its {@code text}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String body;

    public String status;
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** A page's acknowledge token while the delivery may still be sent; the body holds the link redacted. */
    @Column(name = "ack_token")
    public String ackToken;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    /** Why it was cancelled, e.g. {@code acknowledged by bob through the level 2 page's link}. */
    @Column(name = "cancel_reason")
    public String cancelReason;

    /**
     * Where the delivery stands, as readers see it: {@code pending} (not tried yet), {@code sending} (an
     * attempt holds the lease), {@code retrying} (an attempt failed, the next is due at
     * {@code nextAttemptAt}), {@code delivered}, {@code failed} or {@code cancelled}.
     */
    public String state(Instant now) {
        if (SENT.equals(status)) {
            return "delivered";
        }
        if (CANCELLED.equals(status)) {
            return "cancelled";
        }
        if (FAILED.equals(status)) {
            return "failed";
        }
        if (claimedUntil != null && claimedUntil.isAfter(now)) {
            return "sending";
        }
        return attempts == 0 ? "pending" : "retrying";
    }
}
