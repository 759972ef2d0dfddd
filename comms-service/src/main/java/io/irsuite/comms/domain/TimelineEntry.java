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
}
