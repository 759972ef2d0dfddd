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
 * The stakeholder-update timer of one incident: what the last update told, the coalesced update that pending
 * changes are waiting for ({@code dueAt}) and the next cadence update ({@code nextUpdateAt}).
 */
@Entity
@Table(name = "update_timer")
public class UpdateTimer extends PanacheEntityBase {

    @Id
    @Column(name = "incident_id")
    public UUID incidentId;

    /** The {@link UpdateDigest.Told} of the last initial or update, as JSON; null before any. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String announced;

    @Column(name = "announced_at")
    public Instant announcedAt;

    /** Events with a change since the last update, folded into the next one. */
    @Column(name = "pending_events")
    public int pendingEvents;

    @Column(name = "due_at")
    public Instant dueAt;

    @Column(name = "next_update_at")
    public Instant nextUpdateAt;

    /** Timed updates sent so far; the next one's id derives from it. */
    public int seq;
}
