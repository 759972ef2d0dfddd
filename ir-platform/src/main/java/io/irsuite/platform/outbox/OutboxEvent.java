package io.irsuite.platform.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An event written in the same transaction as the state change it announces, published by
 * {@link OutboxRelay} after the commit. {@code seq} (a database sequence) orders one incident's events.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;
    public String address;
    public String type;
    @Column(name = "incident_id")
    public UUID incidentId;
    public String body;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "published_at")
    public Instant publishedAt;
    @Column(name = "claimed_until")
    public Instant claimedUntil;
}
