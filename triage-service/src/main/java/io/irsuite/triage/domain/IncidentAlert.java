package io.irsuite.triage.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One alert of an incident, as the detection events described it; {@code body} is the alert's JSON. */
@Entity
@Table(name = "incident_alert")
public class IncidentAlert extends PanacheEntityBase {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    @Id
    public UUID id;
    @Column(name = "incident_id")
    public UUID incidentId;
    /** The alert id, else its fingerprint: what identifies it across events. */
    @Column(name = "alert_key")
    public String alertKey;
    public String service;
    public String status;
    @Column(name = "starts_at")
    public Instant startsAt;
    public String body;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    /**
     * The number the row took at its last insert or update, from one sequence (the database sets it, V7):
     * what a re-triage reads only past ({@code KnownAlerts}).
     */
    @Column(name = "change_seq", insertable = false, updatable = false)
    public Long changeSeq;
}
