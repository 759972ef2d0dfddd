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

/** One run (or proposed run) of a runbook version for an incident, with its approval audit. */
@Entity
@Table(name = "execution")
public class Execution extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(name = "runbook_id", nullable = false)
    public String runbookId;

    @Column(name = "runbook_version", nullable = false)
    public int runbookVersion;

    @Column(nullable = false)
    public String action;

    public String target;

    /** Why this action was recommended (triage's reason). */
    public String reason;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExecutionStatus status;

    @Column(name = "triage_version")
    public Integer triageVersion;

    /** Why a person has to approve it, when it waited for approval. */
    @Column(name = "approval_reason")
    public String approvalReason;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "rejected_by")
    public String rejectedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    public String note;

    public String error;

    /** The process running it (see ir.execution.runner-id); a restart fails what it left RUNNING. */
    public String runner;

    /** A RUNNING execution whose lease expired lost its runner (crash) and is failed by the sweep. */
    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Why it did not fix the incident: one of {@code Payloads.RemediationFailures}; null otherwise. */
    public String failure;

    /** Steps are described, never sent (the runbook's or the global dry run). */
    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    /** The recommendation's confidence: queued executions start in this order, highest first. */
    public Double confidence;

    /** What the action acts on, for the cooldown: {@code namespace/deployment}, else {@code service:<name>}. */
    @Column(name = "target_key")
    public String targetKey;

    /** The target's namespace (per-namespace concurrency limit); null without Kubernetes coordinates. */
    @Column(name = "target_namespace")
    public String targetNamespace;

    /** Set while the steps are done and the execution waits for the incident's alerts to resolve. */
    @Column(name = "verify_until")
    public Instant verifyUntil;

    /** Why it must stop at the next step boundary (incident resolved, a person took over); null otherwise. */
    @Column(name = "cancel_requested")
    public String cancelRequested;

    /** When RemediationOverdue was emitted (the incident outlived its MTTR target with this still running). */
    @Column(name = "overdue_at")
    public Instant overdueAt;
}
