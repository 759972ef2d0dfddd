package io.irsuite.remediation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Who changed a runbook or decided on an execution, and when. Append-only. */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public Instant at;

    /** The authenticated principal, plus the {@code by} a responder gave. */
    @Column(nullable = false)
    public String actor;

    /** e.g. {@code runbook.put}, {@code execution.approve}. */
    @Column(nullable = false)
    public String action;

    /** {@code runbook:<id>} or {@code execution:<uuid>}. */
    @Column(nullable = false)
    public String subject;

    public String detail;

    public static AuditEntry of(String actor, String action, String subject, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.id = UUID.randomUUID();
        entry.at = Instant.now();
        entry.actor = actor;
        entry.action = action;
        entry.subject = subject;
        entry.detail = detail;
        return entry;
    }
}
