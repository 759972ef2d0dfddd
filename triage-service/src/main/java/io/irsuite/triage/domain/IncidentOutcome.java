package io.irsuite.triage.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The confirmed cause of an incident, and what its triage was scored on: one training example for the
 * model and one entry of the knowledge base of past incidents.
 */
@Entity
@Table(name = "incident_outcome")
public class IncidentOutcome extends PanacheEntityBase {

    /** Where a confirmation came from, weakest first: a stronger one replaces a weaker one. */
    public enum Source {
        REMEDIATION, RESOLUTION_NOTE, FEEDBACK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Source fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    @Id
    @Column(name = "incident_id")
    public UUID incidentId;
    @Column(name = "root_service")
    public String rootService;
    public String category;
    public String source;
    @Column(name = "confirmed_by")
    public String confirmedBy;
    public String note;
    public String resolution;
    @Column(name = "triage_version")
    public int triageVersion;
    /** JSON: the candidates' feature values and the index of the confirmed one. */
    public String example;
    /** JSON array of the incident's signature tokens. */
    public String signature;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
