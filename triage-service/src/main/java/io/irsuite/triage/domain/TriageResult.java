package io.irsuite.triage.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One triage of an incident; {@code body} is the JSON of the IncidentTriaged payload it emitted. */
@Entity
@Table(name = "triage_result")
public class TriageResult extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "incident_id")
    public UUID incidentId;
    public int version;
    public String severity;
    @Column(name = "auto_remediate")
    public boolean autoRemediate;
    public String body;
    /** JSON of the analysis behind it (see StoredAnalysis); null for results older than learning. */
    public String analysis;
    @Column(name = "triaged_at")
    public Instant triagedAt;
}
