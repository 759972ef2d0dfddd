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

/** The stored {@link IncidentState}: queryable columns plus a JSON object for the structured parts. */
@Entity
@Table(name = "incident_view")
public class IncidentView extends PanacheEntityBase {

    @Id
    @Column(name = "incident_id")
    public UUID incidentId;

    public String title;
    public String severity;
    public String status;

    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "detected_at")
    public Instant detectedAt;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "mitigated_at")
    public Instant mitigatedAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "status_at")
    public Instant statusAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "root_cause")
    public String rootCause;

    /**
     * services, recommended actions, impact, blast radius, triage version and the latest remediation;
     * a JSON object (Hibernate Reactive reads jsonb as objects only).
     */
    @JdbcTypeCode(SqlTypes.JSON)
    public String details;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
