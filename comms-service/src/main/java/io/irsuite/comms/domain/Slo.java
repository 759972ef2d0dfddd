package io.irsuite.comms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A service's availability objective (e.g. 99.9 %) over a rolling window of days. */
@Entity
@Table(name = "slo")
public class Slo extends PanacheEntityBase {

    @Id
    public String service;

    /** Percent, e.g. 99.9. */
    @Column(nullable = false)
    public double objective;

    @Column(name = "window_days", nullable = false)
    public int windowDays;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
