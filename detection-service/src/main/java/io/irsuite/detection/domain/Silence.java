package io.irsuite.detection.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A silence: alerts its matchers match between startsAt and endsAt are stored muted and open nothing. */
@Entity
@Table(name = "silence")
public class Silence extends PanacheEntityBase {

    @Id
    public UUID id;
    /** The matchers as a JSON array of {@link MatcherSpec}. */
    public String matchers;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    @Column(name = "created_by")
    public String createdBy;
    public String comment;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public String state(Instant now) {
        return SilenceRules.state(startsAt, endsAt, now);
    }

    /** Ends it now (a pending one never starts); returns false if it had already ended. */
    public boolean expire(Instant now) {
        if (!endsAt.isAfter(now)) {
            return false;
        }
        if (startsAt.isAfter(now)) {
            startsAt = now;
        }
        endsAt = now;
        updatedAt = now;
        return true;
    }
}
