package io.irsuite.triage.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One stored version of the model: root-cause weights and action success tallies, as JSON. */
@Entity
@Table(name = "triage_model")
public class TriageModel extends PanacheEntityBase {

    @Id
    public int version;
    public String weights;
    @Column(name = "action_outcomes")
    public String actionOutcomes;
    public int examples;
    public String reason;
    @Column(name = "trained_at")
    public Instant trainedAt;
}
