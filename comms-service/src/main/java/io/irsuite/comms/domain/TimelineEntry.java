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

/** One event in an incident's timeline; {@code seq} (filled by the database) orders ties. */
@Entity
@Table(name = "timeline_entry")
public class TimelineEntry extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "seq", insertable = false, updatable = false)
    public Long seq;

    @Column(name = "incident_id")
    public UUID incidentId;

    public Instant at;
    public String type;
    public String producer;
    public String summary;

    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    /** A line comms itself writes (a page, a handoff, a stakeholder update): no event behind it, producer {@code comms}. */
    public static TimelineEntry byComms(UUID id, UUID incidentId, Instant at, String type, String summary) {
        TimelineEntry entry = new TimelineEntry();
        entry.eventId = id;
        entry.incidentId = incidentId;
        entry.at = at;
        entry.type = type;
        entry.producer = "comms";
        entry.summary = summary;
        return entry;
    }
}
