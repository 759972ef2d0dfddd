package io.irsuite.remediation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The recorded result of one step, or of one rollback step ({@code rollbackOf} = the step's seq). */
@Entity
@Table(name = "execution_step")
public class ExecutionStep extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "execution_id", nullable = false)
    public UUID executionId;

    /** Position in the execution: runbook steps first, rollbacks after them in the order they ran. */
    @Column(nullable = false)
    public int seq;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type;

    @Column(name = "rollback_of")
    public Integer rollbackOf;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StepStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public String output;

    /** A kubernetes step's {@link KubernetesUndo} (JSON), written before its change is sent. */
    public String undo;

    /** The failure was the suite not reaching the target (see {@link StepResult#unreachable()}). */
    @Column(nullable = false)
    public boolean unreachable;
}
