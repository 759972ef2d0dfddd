package io.irsuite.remediation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One immutable version of a runbook; executions point at the version they ran. */
@Entity
@Table(name = "runbook_version")
@IdClass(RunbookVersion.Key.class)
public class RunbookVersion extends PanacheEntityBase {

    @Id
    @Column(name = "runbook_id")
    public String runbookId;

    @Id
    public int version;

    @Column(nullable = false)
    public String definition;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Composite key (runbook id, version). */
    public static class Key implements Serializable {
        public String runbookId;
        public int version;

        public Key() {
        }

        public Key(String runbookId, int version) {
            this.runbookId = runbookId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.runbookId, runbookId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runbookId, version);
        }
    }
}
