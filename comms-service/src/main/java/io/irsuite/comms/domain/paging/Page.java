package io.irsuite.comms.domain.paging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One page of one level: a user (all their contact methods) or a channel, with its one-time acknowledge token's hash. */
@Entity
@Table(name = "page")
public class Page extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "escalation_id")
    public UUID escalationId;
    @Column(name = "incident_id")
    public UUID incidentId;
    public int repeat;
    public int level;
    /** {@code user:<name>} or {@code channel:<name>}. */
    public String target;
    @Column(name = "user_name")
    public String user;
    /** The channel's name, or the user's contact methods (e.g. {@code email,webhook}). */
    public String channel;
    public String reason;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "token_expires_at")
    public Instant tokenExpiresAt;
    @Column(name = "token_used_at")
    public Instant tokenUsedAt;
}
