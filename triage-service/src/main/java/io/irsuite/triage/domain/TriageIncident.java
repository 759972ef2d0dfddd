package io.irsuite.triage.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An incident as triage knows it. Its row is locked for every re-triage, so that the version of
 * the emitted IncidentTriaged grows by exactly one each time, whatever the number of consumers, and at
 * most one triage of an incident is computed at a time.
 */
@Entity
@Table(name = "triage_incident")
public class TriageIncident extends PanacheEntityBase {

    @Id
    @Column(name = "incident_id")
    public UUID incidentId;
    public String title;
    @Convert(converter = NameListConverter.class)
    public List<String> services = new ArrayList<>();
    /** Version of the newest triage result, 0 before the first. */
    public int version;
    public boolean resolved;
    /** Severity of the newest triage result, null before the first. */
    public String severity;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Set when new evidence asks for a triage the worker has not computed yet; the first ask's time. */
    @Column(name = "retriage_requested_at")
    public Instant retriageRequestedAt;
    /** When its newest triage was computed; null before the first. */
    @Column(name = "last_triaged_at")
    public Instant lastTriagedAt;
    /** A requested re-triage is computed no sooner than this (paced by the incident's size); null: at once. */
    @Column(name = "retriage_not_before")
    public Instant retriageNotBefore;

    /** Asks for a triage with the evidence stored so far; asks already pending are one and the same. */
    public void requestRetriage(Instant now) {
        if (retriageRequestedAt == null) {
            retriageRequestedAt = now;
        }
    }
}
