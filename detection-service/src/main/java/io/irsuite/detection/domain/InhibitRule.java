package io.irsuite.detection.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A configured inhibition rule (see {@link Inhibition}); matchers and labels are stored as JSON arrays. */
@Entity
@Table(name = "inhibit_rule")
public class InhibitRule extends PanacheEntityBase {

    @Id
    public String name;
    @Column(name = "source_matchers")
    public String sourceMatchers;
    @Column(name = "target_matchers")
    public String targetMatchers;
    @Column(name = "equal_labels")
    public String equalLabels;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
