package io.irsuite.remediation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A runbook's identity, whether it is enabled, and its newest version (definition as JSON). */
@Entity
@Table(name = "runbook")
public class Runbook extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "current_version", nullable = false)
    public int currentVersion;

    @Column(nullable = false)
    public boolean enabled;

    @Column(nullable = false)
    public String definition;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
