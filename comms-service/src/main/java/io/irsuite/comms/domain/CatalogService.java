package io.irsuite.comms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Replica of one catalog entry (triage owns the catalog); a deletion stays as a tombstone. */
@Entity
@Table(name = "catalog_service")
public class CatalogService extends PanacheEntityBase {

    @Id
    public String name;

    public Integer tier;
    public String owner;
    public String kind;

    /** The services this one depends on (they need not be in the catalog). */
    @Column(name = "depends_on", nullable = false)
    public String[] dependsOn = new String[0];

    public long revision;
    public boolean deleted;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The newest revision wins: an event of an older or the same revision changes nothing. */
    public boolean isOlderThan(long otherRevision) {
        return revision < otherRevision;
    }
}
