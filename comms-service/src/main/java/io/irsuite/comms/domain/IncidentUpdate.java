package io.irsuite.comms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A stakeholder update about an incident (one per notifiable event), listed on the status page. */
@Entity
@Table(name = "incident_update")
public class IncidentUpdate extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "incident_id")
    public UUID incidentId;

    @Column(name = "event_id")
    public UUID eventId;

    public Instant at;
    public String kind;
    /** The public status word at the time. */
    public String status;
    public String severity;
    public String text;
}
