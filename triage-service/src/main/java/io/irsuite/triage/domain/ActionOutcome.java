package io.irsuite.triage.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Whether one remediation execution verified recovery, for the root-cause category it acted on. */
@Entity
@Table(name = "action_outcome")
public class ActionOutcome extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "incident_id")
    public UUID incidentId;
    @Column(name = "execution_id")
    public UUID executionId;
    public String category;
    public String action;
    public boolean succeeded;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
